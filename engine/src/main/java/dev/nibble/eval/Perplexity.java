package dev.nibble.eval;

import java.util.List;

/**
 * Perplexity of a model over a token sequence (SPEC §6): {@code PPL = exp(mean NLL)} over
 * the targets {@link Windows#plan} selects for the mode. NLL uses fp32 log-softmax and
 * is accumulated in double; one window's logits are alive at a time.
 */
public final class Perplexity {
    private Perplexity() {
    }

    public static PerplexityResult evaluate(LogitsModel model, int[] ids, PerplexitySettings settings,
                                            Progress progress) {
        List<Window> windows = Windows.plan(ids.length, settings);
        Windows.checkTokens(ids, model.vocabSize());
        double nllSum = 0;
        long scored = 0;
        for (int i = 0; i < windows.size(); i++) {
            Window w = windows.get(i);
            float[][] logits = Windows.forward(model, ids, w);
            for (int t = w.firstTarget(); t < w.end(); t++) {
                nllSum += LogSoftmax.nll(logits[w.row(t)], ids[t]);
            }
            scored += w.scored();
            progress.update("perplexity", i + 1, windows.size());
        }
        double mean = nllSum / scored;
        return new PerplexityResult(settings.mode(), settings.window(), settings.stride(), ids.length,
                windows.size(), scored, mean, Math.exp(mean));
    }
}
