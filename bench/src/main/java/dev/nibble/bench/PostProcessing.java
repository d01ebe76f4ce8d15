package dev.nibble.bench;

import dev.nibble.bench.EvalBench.Replay;
import dev.nibble.bench.FastLogSoftmax.Kind;
import dev.nibble.eval.KlDivergence;
import dev.nibble.eval.Perplexity;
import dev.nibble.eval.PerplexitySettings;
import dev.nibble.eval.Progress;
import dev.nibble.eval.Window;
import dev.nibble.runtime.Decoder;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * Where the evaluation overhead goes: the metrics' work on logits replayed from memory (no
 * onnxruntime), the engine's and the prototypes' of {@link FastLogSoftmax}, each as a share of
 * the bare forward passes measured just before. Values differ from the real metrics (every
 * window sees the same logits); only times and the agreement between variants matter here.
 */
final class PostProcessing {
    /** Results that would otherwise be dead code. */
    static volatile double sink;

    private PostProcessing() {}

    static void run(Decoder db, Decoder dq, int[] ids, List<Window> pplW, List<Window> klW, double barePpl, double bareKl, int reps) {
        Replay rb = Replay.of(db, ids), rq = Replay.of(dq, ids);
        int vocab = db.vocabSize();
        float[] flat = db.logits(Arrays.copyOf(ids, rb.rows().length));
        Table t = new Table("The metrics' own work on replayed logits (median of " + Math.max(5, reps) + "), as a share of the bare passes",
                "work", "ppl s", "ppl % of bare", "kl s", "kl % of bare", "value (ppl nll / kl mean)");
        double[] enginePpl = {0}, engineKl = {0};
        double pe = time(reps, () -> enginePpl[0] = Perplexity.evaluate(rb, ids, PerplexitySettings.DEFAULT, Progress.NONE).nllMean());
        double ke = time(reps, () -> engineKl[0] = KlDivergence.evaluate(rb, rq, ids, KlDivergence.DEFAULT_WINDOW, Progress.NONE).mean());
        row(t, "engine (Perplexity / KlDivergence)", pe, barePpl, ke, bareKl, enginePpl[0], engineKl[0]);
        double ps = time(reps, () -> split(flat, vocab, pplW)), ks = time(reps, () -> 2 * split(flat, vocab, klW));
        row(t, "  of which Decoder.forward's row copy", ps, barePpl, ks, bareKl, Double.NaN, Double.NaN);
        for (Kind kind : Kind.values()) {
            double[] v = {0, 0};
            double pk = time(reps, () -> v[0] = nll(kind, rb.rows(), ids, pplW));
            double kk = time(reps, () -> v[1] = kl(kind, rb.rows(), rq.rows(), ids, klW));
            row(t, "log-softmax " + kind.name().toLowerCase(java.util.Locale.ROOT) + " (bench)", pk, barePpl, kk, bareKl, v[0], v[1]);
        }
        t.print();
    }

    private static void row(Table t, String what, double ppl, double barePpl, double kl, double bareKl, double vp, double vk) {
        t.row(what, Table.f(ppl, 3), Table.f(100 * ppl / barePpl, 1) + " %", Table.f(kl, 3), Table.f(100 * kl / bareKl, 1) + " %",
                Double.isNaN(vp) ? "" : String.format(java.util.Locale.ROOT, "%.9f / %.9f", vp, vk));
    }

    /** Median seconds of at least 5 runs after two warm-ups (these are short). */
    private static double time(int reps, DoubleSupplier body) {
        body.getAsDouble();
        body.getAsDouble();
        double[] s = new double[Math.max(5, reps)];
        for (int r = 0; r < reps; r++) s[r] = Stats.seconds(body::getAsDouble);
        return Stats.median(s);
    }

    /** Decoder.forward's split of flat [S*V] logits into rows, once per window; returns a checksum. */
    private static double split(float[] flat, int vocab, List<Window> windows) {
        double sum = 0;
        for (Window w : windows) {
            float[][] rows = new float[w.length()][];
            for (int i = 0; i < w.length(); i++) rows[i] = Arrays.copyOfRange(flat, i * vocab, (i + 1) * vocab);
            sum += rows[rows.length - 1][0];
        }
        return sum;
    }

    /** Mean NLL over the windows' targets, as Perplexity computes it, with the given log-softmax. */
    private static double nll(Kind kind, float[][] rows, int[] ids, List<Window> windows) {
        double sum = 0;
        long n = 0;
        for (Window w : windows)
            for (int t = w.firstTarget(); t < w.end(); t++, n++) {
                float[] row = rows[w.row(t)];
                sum += FastLogSoftmax.logSumExp(kind, row) - row[ids[t]];
            }
        return sum / n;
    }

    /** Mean KL and the other per-token work KlDivergence does (both NLLs, both argmaxes). */
    private static double kl(Kind kind, float[][] base, float[][] model, int[] ids, List<Window> windows) {
        double sum = 0, nll = 0;
        long n = 0, same = 0;
        for (Window w : windows)
            for (int t = w.firstTarget(); t < w.end(); t++, n++) {
                float[] b = base[w.row(t)], m = model[w.row(t)];
                double lb = FastLogSoftmax.logSumExp(kind, b), lm = FastLogSoftmax.logSumExp(kind, m);
                sum += FastLogSoftmax.kl(kind, b, lb, m, lm);
                nll += (lb - b[ids[t]]) + (lm - m[ids[t]]);
                if (top1(kind, b) == top1(kind, m)) same++;
            }
        sink = nll + same; // the work KlDivergence also does, kept live
        return sum / n;
    }

    private static int top1(Kind kind, float[] row) {
        if (kind == Kind.SCALAR) return FastLogSoftmax.argmax(row);
        float max = FastLogSoftmax.max(row);
        for (int v = 0; ; v++) if (row[v] == max) return v;
    }
}
