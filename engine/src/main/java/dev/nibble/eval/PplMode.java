package dev.nibble.eval;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How perplexity windows are laid over the text and which of their predictions count.
 * The exact target positions of each mode are defined in {@link Windows#plan}.
 */
public enum PplMode {
    /** Hugging Face sliding window (the SPEC default). */
    HF("hf"),
    /** onnxruntime-genai / ModelOpt benchmark with prefill chunking: only the last chunk is scored. */
    CHUNKED("chunked"),
    /** llama.cpp's perplexity tool: non-overlapping windows, second half scored. */
    LLAMACPP("llamacpp");

    private final String id;

    PplMode(String id) {
        this.id = id;
    }

    /** The name users write ({@code mode hf}) and results show. */
    public String id() {
        return id;
    }

    /** The mode named {@code text} (case-insensitive); a clear error listing the modes otherwise. */
    public static PplMode parse(String text) {
        for (PplMode mode : values()) {
            if (mode.id.equalsIgnoreCase(text.strip())) {
                return mode;
            }
        }
        String known = Arrays.stream(values()).map(PplMode::id).collect(Collectors.joining(", "));
        throw new EvalException("unknown perplexity mode '" + text + "'; expected one of " + known);
    }

    @Override
    public String toString() {
        return id;
    }
}
