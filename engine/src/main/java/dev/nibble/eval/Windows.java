package dev.nibble.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Window planning for perplexity and KL, and the one checked way to run a window.
 *
 * <p>Positions are 0-based token indices into the text of N tokens; "target t" is the
 * prediction of token t from the tokens before it in the same window. Windows that would
 * score nothing are left out (they would cost a forward pass for no figure).
 */
public final class Windows {
    private Windows() {
    }

    /**
     * The windows of one perplexity run over {@code n} tokens.
     *
     * <ul>
     *   <li>{@code hf}: window i covers {@code [i·S, min(i·S+W, N))}; windows stop after the
     *       first that reaches N. Each window scores the targets not scored before:
     *       {@code [max(prevEnd, start+1), end)}, with prevEnd the previous window's end (0 for
     *       the first, which therefore scores all its W−1 predictions). For S &lt; W every
     *       token 1..N−1 is scored exactly once. With S = W, as in Hugging Face's code, the
     *       first token of each later window has no context in its window and is not scored.
     *   <li>{@code chunked}: the same windows, but only the last chunk of each window is
     *       scored, as the onnxruntime-genai perplexity script does with prefill chunking
     *       (chunk = S): the chunk is the last {@code c = min(end − prevEnd, S)} tokens and
     *       only predictions made inside it count, i.e. targets {@code [end−c+1, end)} — S−1
     *       per full window, the first window included; the token at the chunk's start,
     *       predicted by the previous chunk whose logits the tool never sees, is skipped.
     *   <li>{@code llamacpp}: non-overlapping windows {@code [k·W, (k+1)·W)} for
     *       {@code k < ⌊N/W⌋} (a trailing partial window is dropped); each scores targets
     *       {@code [start + W/2 + 1, end)}, the {@code W − 1 − ⌊W/2⌋} predictions made from the
     *       second half, exactly llama.cpp's {@code first = n_ctx/2} rule. Needs N ≥ W.
     * </ul>
     */
    public static List<Window> plan(int n, PerplexitySettings settings) {
        requirePredictions(n, "perplexity");
        int w = settings.window();
        int s = settings.stride();
        return switch (settings.mode()) {
            case HF, CHUNKED -> sliding(n, w, s, settings.mode() == PplMode.CHUNKED);
            case LLAMACPP -> llamacpp(n, w);
        };
    }

    /**
     * Non-overlapping windows {@code [k·W, min((k+1)·W, N))} each scoring all its
     * predictions {@code [start+1, end)} — the KL layout; a last window of a single token
     * scores nothing and is dropped. Equals hf mode with stride = window.
     */
    public static List<Window> nonOverlapping(int n, int window) {
        requirePredictions(n, "KL divergence");
        if (window < 2) {
            throw new EvalException("KL window must be at least 2 tokens, got " + window);
        }
        return sliding(n, window, window, false);
    }

    private static List<Window> sliding(int n, int w, int s, boolean lastChunkOnly) {
        List<Window> windows = new ArrayList<>();
        int prevEnd = 0;
        for (int start = 0; start < n; start += s) {
            int end = Math.min(start + w, n);
            int first = lastChunkOnly
                    ? end - Math.min(end - prevEnd, s) + 1
                    : Math.max(prevEnd, start + 1);
            if (first < end) {
                windows.add(new Window(start, end, first));
            }
            prevEnd = end;
            if (end == n) {
                break;
            }
        }
        return windows;
    }

    private static List<Window> llamacpp(int n, int w) {
        if (n < w) {
            throw new EvalException("text has " + n + " tokens; llamacpp mode needs at least one full window of "
                    + w);
        }
        List<Window> windows = new ArrayList<>();
        for (int start = 0; start + w <= n; start += w) {
            windows.add(new Window(start, start + w, start + w / 2 + 1));
        }
        return windows;
    }

    private static void requirePredictions(int n, String what) {
        if (n < 2) {
            throw new EvalException("text has " + n + " token" + (n == 1 ? "" : "s") + "; " + what
                    + " needs at least 2 (one token to predict from, one to predict)");
        }
    }

    /** Runs {@code model} on the window's tokens; {@code [window.length()][vocab]}, shape checked. */
    static float[][] forward(LogitsModel model, int[] ids, Window window) {
        return forward(model, Arrays.copyOfRange(ids, window.start(), window.end()));
    }

    /**
     * Runs {@code model} on {@code tokens} and checks the logits' shape
     * {@code [tokens.length][vocab]}, so a runner bug shows up as a clear error rather
     * than a wrong number.
     */
    static float[][] forward(LogitsModel model, int[] tokens) {
        float[][] logits = model.forward(tokens);
        int vocab = model.vocabSize();
        if (logits.length != tokens.length) {
            throw new EvalException("model returned logits for " + logits.length + " positions for "
                    + tokens.length + " tokens");
        }
        for (float[] row : logits) {
            if (row.length != vocab) {
                throw new EvalException("model returned a logits row of " + row.length
                        + " values but declares a vocabulary of " + vocab);
            }
        }
        return logits;
    }

    /** Every id must index the model's vocabulary (a text from another tokenizer fails here). */
    static void checkTokens(int[] ids, int vocab) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= vocab) {
                throw new EvalException("token id " + ids[i] + " at position " + i
                        + " is outside the model's vocabulary of " + vocab + " (text from another tokenizer?)");
            }
        }
    }
}
