package dev.nibble.eval;

import java.util.Arrays;
import java.util.List;

/**
 * KL divergence of a model against a baseline (SPEC §6): for every prediction,
 * {@code KL(P_base ‖ P_model) = Σ_v p_b(v)·(log p_b(v) − log p_m(v))} over the full
 * vocabulary, fp32 log-softmax, sums in double.
 *
 * <p>Windows are non-overlapping ({@link Windows#nonOverlapping}); each contributes the
 * predictions whose target lies in the window (its last position's prediction has no
 * target in the window and is skipped, so KL and both perplexities cover the same
 * predictions). Per window the baseline runs, then the model, then both logits are
 * dropped: at most one window of each is alive. Only the per-token KL values
 * ({@code 8 B × tokens}) are kept, for the percentiles.
 */
public final class KlDivergence {
    /** SPEC default window. */
    public static final int DEFAULT_WINDOW = 1024;

    private KlDivergence() {
    }

    public static KlResult evaluate(LogitsModel base, LogitsModel model, int[] ids, int window, Progress progress) {
        int vocab = base.vocabSize();
        if (model.vocabSize() != vocab) {
            throw new EvalException("the baseline has a vocabulary of " + vocab + " tokens but the model has "
                    + model.vocabSize() + "; KL divergence needs both to use the same tokenizer");
        }
        List<Window> windows = Windows.nonOverlapping(ids.length, window);
        Windows.checkTokens(ids, vocab);
        long total = windows.stream().mapToLong(Window::scored).sum();
        double[] kl = new double[Math.toIntExact(total)];
        int k = 0;
        long sameTop1 = 0;
        double nllBase = 0;
        double nllModel = 0;
        for (int i = 0; i < windows.size(); i++) {
            Window w = windows.get(i);
            float[][] pb = Windows.forward(base, ids, w);
            float[][] pm = Windows.forward(model, ids, w);
            for (int t = w.firstTarget(); t < w.end(); t++) {
                float[] b = pb[w.row(t)];
                float[] m = pm[w.row(t)];
                double lseB = LogSoftmax.logSumExp(b);
                double lseM = LogSoftmax.logSumExp(m);
                kl[k++] = LogSoftmax.kl(b, lseB, m, lseM);
                nllBase += lseB - b[ids[t]];
                nllModel += lseM - m[ids[t]];
                if (LogSoftmax.argmax(b) == LogSoftmax.argmax(m)) {
                    sameTop1++;
                }
            }
            progress.update("kl", i + 1, windows.size());
        }
        double mean = Arrays.stream(kl).sum() / total;
        Arrays.sort(kl);
        double pplBase = Math.exp(nllBase / total);
        double pplModel = Math.exp(nllModel / total);
        return new KlResult(window, total, mean, Percentiles.of(kl, 50), Percentiles.of(kl, 90),
                Percentiles.of(kl, 99), kl[kl.length - 1], 100.0 * sameTop1 / total, pplBase, pplModel,
                pplModel - pplBase);
    }
}
