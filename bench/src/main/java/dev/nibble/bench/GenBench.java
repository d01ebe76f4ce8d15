package dev.nibble.bench;

import dev.nibble.eval.Progress;
import dev.nibble.model.ModelFolder;
import dev.nibble.runtime.GenerationBench;
import dev.nibble.runtime.Memory;
import dev.nibble.runtime.OrtOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Issue 5's generation figures: GenerationBench (prompt 128, gen 256, warm-up 1, reps 3) on the
 * model at FP32 and its int8 rtn, int4 rtn (QDQ and MatMulNBits) and mixed awq copies, each in a
 * fresh JVM so its peak resident memory is its own; speedups and memory ratios against FP32 of
 * the same run. {@code --rounds R} repeats the whole set R times (models interleaved) and takes
 * medians (of figures) and medians of per-round ratios (of speedups and memory).
 */
final class GenBench {
    static final List<String> VARIANTS = List.of("fp32", "int8 rtn", "int4 rtn", "int4 rtn matmulnbits", "mixed awq");

    private GenBench() {}

    record Run(double prefill, double decode, long peak, long before, long bytes, int[] tokens) {
        /** Peak resident memory above the JVM's own before the session: the model's share. */
        double own() { return peak - before; }
    }

    static void run(Args a) {
        Path scratch = a.scratch();
        ModelFolder base = ModelFolder.open(a.model());
        List<ModelFolder> folders = new ArrayList<>();
        for (String v : VARIANTS) folders.add(v.equals("fp32") ? base : Models.derived(base, v, scratch));
        String[] settings = {a.get("prompt", "128"), a.get("gen", "256"), a.get("warmup", "1"), a.get("reps", "3"), a.get("threads", "0")};
        int rounds = a.getInt("rounds", 1);
        Run[][] runs = new Run[VARIANTS.size()][rounds];
        for (int r = 0; r < rounds; r++)
            for (int m = 0; m < VARIANTS.size(); m++) {
                runs[m][r] = child(folders.get(m), base, settings);
                System.out.printf("  round %d %-22s prefill %7.1f tok/s, decode %6.1f tok/s, peak %s MB%n", r + 1, VARIANTS.get(m),
                        runs[m][r].prefill, runs[m][r].decode, Table.mb(runs[m][r].peak));
            }
        print(base, settings, rounds, runs);
        Machine.loadNote("gen");
    }

    private static void print(ModelFolder base, String[] s, int rounds, Run[][] runs) {
        Table t = new Table("Generation on " + base.dir() + ": prompt " + s[0] + ", gen " + s[1] + ", warm-up " + s[2] + ", reps " + s[3]
                + ", onnxruntime threads " + (s[4].equals("0") ? "default" : s[4]) + (rounds > 1 ? ", median of " + rounds + " rounds" : ""),
                "model", "MB on disk", "size vs fp32", "prefill tok/s", "decode tok/s", "decode speedup", "prefill speedup",
                "peak RSS MB", "peak − JVM MB", "(peak − JVM) vs fp32", "same tokens as fp32");
        for (int m = 0; m < runs.length; m++) {
            Run last = runs[m][rounds - 1];
            t.row(VARIANTS.get(m), Table.mb(last.bytes), Table.ratio((double) last.bytes / runs[0][rounds - 1].bytes),
                    Table.f(median(runs[m], Run::prefill), 1), Table.f(median(runs[m], Run::decode), 1),
                    Table.ratio(ratio(runs[m], runs[0], Run::decode)), Table.ratio(ratio(runs[m], runs[0], Run::prefill)),
                    Table.mb((long) median(runs[m], x -> x.peak)), Table.mb((long) median(runs[m], Run::own)),
                    Table.ratio(ratio(runs[m], runs[0], Run::own)), agreement(last.tokens, runs[0][rounds - 1].tokens));
        }
        t.print();
    }

    /** Median over rounds of this round's figure divided by the baseline's in the same round. */
    private static double ratio(Run[] runs, Run[] base, java.util.function.ToDoubleFunction<Run> f) {
        double[] r = new double[runs.length];
        for (int i = 0; i < r.length; i++) r[i] = f.applyAsDouble(runs[i]) / f.applyAsDouble(base[i]);
        return Stats.median(r);
    }

    private static double median(Run[] runs, java.util.function.ToDoubleFunction<Run> f) {
        return Stats.median(Arrays.stream(runs).mapToDouble(f).toArray());
    }

    /** Greedy tokens equal to FP32's up to the first difference, of all generated. */
    private static String agreement(int[] a, int[] base) {
        int i = 0;
        while (i < Math.min(a.length, base.length) && a[i] == base[i]) i++;
        return i + "/" + base.length;
    }

    private static Run child(ModelFolder folder, ModelFolder base, String[] s) {
        String[] r = Child.run("child-gen", folder.dir().toString(), base.dir().toString(), s[0], s[1], s[2], s[3], s[4]);
        int[] tokens = Arrays.stream(r[5].split(",")).mapToInt(Integer::parseInt).toArray();
        return new Run(Double.parseDouble(r[0]), Double.parseDouble(r[1]), Long.parseLong(r[2]), Long.parseLong(r[3]),
                Long.parseLong(r[4]), tokens);
    }

    /** Child: args child-gen folder base prompt gen warmup reps threads; RESULT prefill decode peak before bytes tokens. */
    static void child(String[] args) {
        ModelFolder folder = ModelFolder.open(Path.of(args[1])), base = ModelFolder.open(Path.of(args[2]));
        var settings = new GenerationBench.Settings(Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                Integer.parseInt(args[5]), Integer.parseInt(args[6]));
        int[] prompt = Models.validation(base); // the text's first P tokens
        System.gc();
        long before = Memory.resident();
        GenerationBench.Result r = GenerationBench.run(folder, prompt, settings,
                OrtOptions.DEFAULT.withThreads(Integer.parseInt(args[7])), Progress.NONE);
        String tokens = String.join(",", Arrays.stream(r.generated()).mapToObj(Integer::toString).toList());
        Child.result(Table.f(r.prefillTokS(), 2), Table.f(r.decodeTokS(), 2), r.peakRssBytes(), before, r.modelBytes(), tokens);
    }
}
