package dev.nibble.eval;

/**
 * Perplexity windowing: {@code window} W tokens per forward pass, {@code stride} S tokens
 * between window starts. In {@link PplMode#LLAMACPP} windows never overlap, so the stride
 * is always W (a stride given with that mode is replaced by W).
 */
public record PerplexitySettings(PplMode mode, int window, int stride) {
    /** The SPEC default and the seed benchmark's setting: hf, 1024/512. */
    public static final PerplexitySettings DEFAULT = new PerplexitySettings(PplMode.HF, 1024, 512);

    public PerplexitySettings {
        if (mode == null) {
            throw new EvalException("perplexity mode is missing");
        }
        if (mode == PplMode.LLAMACPP) {
            stride = window;
            if (window < 3) {
                throw new EvalException("llamacpp mode needs a window of at least 3 tokens, got " + window);
            }
        }
        if (window < 2) {
            throw new EvalException("perplexity window must be at least 2 tokens, got " + window);
        }
        if (stride < 1 || stride > window) {
            throw new EvalException("perplexity stride must be between 1 and the window (" + window
                    + "), got " + stride);
        }
        if (mode == PplMode.CHUNKED && stride < 2) {
            throw new EvalException("chunked mode scores stride-1 tokens per window; stride must be at least 2, got "
                    + stride);
        }
    }

    /** {@code mode} with the default window and stride. */
    public static PerplexitySettings of(PplMode mode) {
        return new PerplexitySettings(mode, DEFAULT.window, DEFAULT.stride);
    }
}
