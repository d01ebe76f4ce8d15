package dev.nibble.eval;

/**
 * MMLU settings: {@code shots} k examples from the dev split before each question;
 * {@code maxTokens} the longest prompt the model takes (its context length). A prompt
 * longer than that is rebuilt with fewer shots (the last ones dropped first); if even
 * the 0-shot prompt is too long, only its last {@code maxTokens} tokens are kept.
 */
public record MmluSettings(int shots, int maxTokens) {
    /** 5-shot (the seed's setting) with the original script's 2048-token limit. */
    public static final MmluSettings DEFAULT = new MmluSettings(5, 2048);

    public MmluSettings {
        if (shots < 0) {
            throw new EvalException("MMLU shots must be 0 or more, got " + shots);
        }
        if (maxTokens < 1) {
            throw new EvalException("MMLU prompt limit must be at least 1 token, got " + maxTokens);
        }
    }
}
