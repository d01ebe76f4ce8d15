package dev.nibble.bench;

final class GenBench {
    private GenBench() {}
    static void run(Args a) { throw new UnsupportedOperationException("gen: not yet"); }
    static void child(String[] args) { throw new UnsupportedOperationException("gen: not yet"); }
}
