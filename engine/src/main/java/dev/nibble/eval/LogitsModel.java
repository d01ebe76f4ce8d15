package dev.nibble.eval;

/**
 * A causal language model seen as "token ids in, next-token logits out", which is all
 * the metrics need. The onnxruntime decoder implements it; tests use fakes.
 *
 * <p>Memory contract: callers hold at most one window's logits of a model at a time
 * (a window is at most ~1024-2048 tokens; logits are {@code ids.length × vocabSize()}
 * floats, e.g. 1024 × 151 936 × 4 B ≈ 620 MB). The array returned by {@link #forward}
 * is the caller's only until the next {@code forward} call on the same model, so an
 * implementation may reuse one buffer.
 */
public interface LogitsModel {
    /** Size V of the output vocabulary (the last logits dimension). */
    int vocabSize();

    /**
     * One independent forward pass over {@code ids}, from position 0 with an empty KV
     * cache. Returns fp32 logits {@code [ids.length][vocabSize()]}: row p holds the
     * scores for the token that follows {@code ids[p]}.
     */
    float[][] forward(int[] ids);
}
