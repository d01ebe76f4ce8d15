package dev.nibble.bench;

/**
 * {@code bench/run quant|eval|gen [--option value ...]}: the speed and memory benchmarks of
 * issues 4 and 5, printed as markdown tables (docs/performance.md explains them).
 * The {@code child-*} commands are single measurements run in a fresh JVM by {@link Child}.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        if (args.length == 0) {
            usage();
            return;
        }
        Args a = new Args(args, args[0].startsWith("child-") ? args.length : 1);
        switch (args[0]) {
            case "quant" -> { Machine.describe("quant"); QuantBench.run(a); }
            case "quant-synthetic" -> { Machine.describe("quant-synthetic"); QuantBench.synthetic(a); }
            case "quant-shipped" -> { Machine.describe("quant-shipped"); QuantBench.shipped(a); }
            case "eval" -> { Machine.describe("eval"); EvalBench.run(a); }
            case "gen" -> { Machine.describe("gen"); GenBench.run(a); }
            case "child-quantize" -> QuantBench.child(args[1], args[2], args[3]);
            case "child-gen" -> GenBench.child(args);
            default -> usage();
        }
        System.exit(0); // onnxruntime and the tokenizer leave non-daemon threads behind
    }

    private static void usage() {
        System.out.println("""
                usage: bench/run quant|eval|gen [--option value ...]
                  quant  RTN INT4 on synthetic large layers vs a plain read+write pass; then RTN/AWQ on the model
                         --layers 16 --dim 4096 --reps 3 --out FILE --awq-reps 1  (quant-synthetic, quant-shipped: one half)
                  eval   perplexity (hf 1024/512) and KL (int4 rtn vs base) vs the bare forward passes
                         --reps 3 --tokens N (first N tokens of data/val.txt; default all)
                  gen    GenerationBench at fp32, int8, int4 (qdq, matmulnbits), mixed awq
                         --prompt 128 --gen 256 --warmup 1 --reps 3 --rounds 1 --threads 0 (0: onnxruntime default)
                  all:   --model DIR (default models/tiny-kjv, else /tmp/tiny-kjv-smoke)  --tmp DIR (/tmp/nibble-bench)""");
    }
}
