package dev.nibble.eval;

/**
 * One forward pass: tokens {@code [start, end)} of the text go in; the targets
 * {@code t ∈ [firstTarget, end)} (absolute token positions) are scored, each from logits
 * row {@code t − 1 − start} of that pass. Always {@code start < firstTarget < end}.
 */
public record Window(int start, int end, int firstTarget) {
    public Window {
        if (start < 0 || firstTarget <= start || end <= firstTarget) {
            throw new IllegalArgumentException("bad window " + start + ".." + end + " from " + firstTarget);
        }
    }

    /** Tokens fed to the model. */
    public int length() {
        return end - start;
    }

    /** Number of scored targets. */
    public int scored() {
        return end - firstTarget;
    }

    /** Logits row (within this window's pass) that predicts absolute position {@code target}. */
    public int row(int target) {
        return target - 1 - start;
    }
}
