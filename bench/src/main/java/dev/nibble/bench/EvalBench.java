package dev.nibble.bench;

import dev.nibble.eval.KlDivergence;
import dev.nibble.eval.KlResult;
import dev.nibble.eval.LogitsModel;
import dev.nibble.eval.Perplexity;
import dev.nibble.eval.PerplexityResult;
import dev.nibble.eval.PerplexitySettings;
import dev.nibble.eval.Progress;
import dev.nibble.eval.Window;
import dev.nibble.eval.Windows;
import dev.nibble.model.ModelFolder;
import dev.nibble.runtime.Decoder;
import dev.nibble.runtime.OrtOptions;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Issue 5's evaluation overhead: Perplexity.evaluate (hf 1024/512) and KlDivergence.evaluate
 * (int4 rtn vs base, 1024) against the bare onnxruntime passes they need — Decoder.logits over
 * exactly the same windows, nothing done with the logits — alternated in one run. Then the
 * metrics' own work alone, on logits replayed from memory, for the engine and for prototypes.
 */
final class EvalBench {
    private static final PerplexitySettings PPL = PerplexitySettings.DEFAULT;
    private static final int KL_WINDOW = KlDivergence.DEFAULT_WINDOW;

    private EvalBench() {}

    static void run(Args a) {
        Path scratch = a.scratch();
        ModelFolder base = ModelFolder.open(a.model());
        ModelFolder q4 = Models.derived(base, "int4 rtn", scratch);
        int[] all = Models.validation(base);
        int[] ids = Arrays.copyOf(all, Math.min(all.length, a.getInt("tokens", all.length)));
        int reps = a.getInt("reps", 3);
        List<Window> pplWindows = Windows.plan(ids.length, PPL), klWindows = Windows.nonOverlapping(ids.length, KL_WINDOW);
        System.out.printf("model %s, data/val.txt: %d tokens; ppl %d windows, kl %d windows (x2 models)%n",
                base.dir(), ids.length, pplWindows.size(), klWindows.size());
        try (Decoder db = new Decoder(base, OrtOptions.DEFAULT); Decoder dq = new Decoder(q4, OrtOptions.DEFAULT)) {
            int[] head = Arrays.copyOf(ids, Math.min(ids.length, 3 * KL_WINDOW));
            Perplexity.evaluate(db, head, PPL, Progress.NONE); // warm-up: JIT and onnxruntime's first runs
            KlDivergence.evaluate(db, dq, head, KL_WINDOW, Progress.NONE);
            bare(ids, pplWindows, db);
            PerplexityResult[] ppl = new PerplexityResult[1];
            KlResult[] kl = new KlResult[1];
            System.out.println("perplexity:");
            double[][] p = Stats.alternate("bare", () -> bare(ids, pplWindows, db), "Perplexity",
                    () -> ppl[0] = Perplexity.evaluate(db, ids, PPL, Progress.NONE), reps);
            System.out.println("kl:");
            double[][] k = Stats.alternate("bare", () -> bare(ids, klWindows, db, dq), "KlDivergence",
                    () -> kl[0] = KlDivergence.evaluate(db, dq, ids, KL_WINDOW, Progress.NONE), reps);
            new Table("Evaluation vs the bare onnxruntime passes it needs (" + ids.length + " tokens, median of " + reps + ")",
                    "metric", "passes", "bare Decoder.logits", "engine", "overhead", "result")
                    .row("ppl hf 1024/512", pplWindows.size(), Stats.timing(p[0]), Stats.timing(p[1]),
                            Table.pct(100 * (Stats.median(Stats.ratios(p[0], p[1])) - 1)), "ppl " + Table.f(ppl[0].ppl(), 4))
                    .row("kl int4-rtn vs base, 1024", 2 * klWindows.size(), Stats.timing(k[0]), Stats.timing(k[1]),
                            Table.pct(100 * (Stats.median(Stats.ratios(k[0], k[1])) - 1)), "mean kl " + Table.f(kl[0].mean(), 5))
                    .print();
            Machine.loadNote("eval timing");
            PostProcessing.run(db, dq, ids, pplWindows, klWindows, Stats.median(p[0]), Stats.median(k[0]), reps);
        }
    }

    /** The forward passes alone: one Decoder.logits per window and model, logits dropped. */
    static void bare(int[] ids, List<Window> windows, Decoder... models) {
        for (Window w : windows) {
            int[] tokens = Arrays.copyOfRange(ids, w.start(), w.end());
            for (Decoder d : models) d.logits(tokens);
        }
    }

    /** A model that returns one window's logits, held in memory, for every call: the metrics' own cost without onnxruntime. */
    record Replay(float[][] rows, int vocabSize) implements LogitsModel {
        static Replay of(Decoder d, int[] ids) {
            return new Replay(d.forward(Arrays.copyOf(ids, Math.min(ids.length, KL_WINDOW))), d.vocabSize());
        }

        @Override
        public float[][] forward(int[] tokens) {
            return Arrays.copyOf(rows, tokens.length);
        }
    }
}
