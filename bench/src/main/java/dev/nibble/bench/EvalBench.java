package dev.nibble.bench;

final class EvalBench {
    private EvalBench() {}
    static void run(Args a) { throw new UnsupportedOperationException("eval: not yet"); }
}
