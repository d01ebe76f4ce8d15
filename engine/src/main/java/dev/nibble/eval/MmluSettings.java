package dev.nibble.eval;

/**
 * MMLU settings: {@code shots} k examples from the dev split before each question;
 * {@code maxTokens} the longest prompt the model takes (its context length). A prompt
 * longer than that is rebuilt with fewer shots (the last ones dropped first); if even
 * the 0-shot prompt is too long, only its last {@code maxTokens} tokens are kept.
 * {@code scoring} says how the answer is chosen (see {@link Scoring}).
 */
public record MmluSettings(int shots, int maxTokens, Scoring scoring) {
    /**
     * {@code LETTER}: the standard MMLU rule (SPEC.md section 6) — the letter among " A".." D"
     * with the highest next-token log-probability after "Answer:".
     * {@code CHOICE}: the cloze rule of lm-evaluation-harness for small models — the choice
     * whose own text, following the question, has the highest total log-probability. Small
     * models that never learnt the A-D answer format score at chance under LETTER; CHOICE
     * measures whether they know the answer.
     */
    public enum Scoring {
        LETTER, CHOICE;

        public String label() { return name().toLowerCase(java.util.Locale.ROOT); }

        public static Scoring parse(String s) {
            for (Scoring v : values()) if (v.label().equals(s)) return v;
            throw new EvalException("unknown MMLU scoring '" + s + "'; use letter or choice");
        }
    }

    /** 5-shot (the seed's setting), letter scoring, the original script's 2048-token limit. */
    public static final MmluSettings DEFAULT = new MmluSettings(5, 2048, Scoring.LETTER);

    public MmluSettings {
        if (shots < 0) {
            throw new EvalException("MMLU shots must be 0 or more, got " + shots);
        }
        if (maxTokens < 1) {
            throw new EvalException("MMLU prompt limit must be at least 1 token, got " + maxTokens);
        }
        if (scoring == null) {
            scoring = Scoring.LETTER;
        }
    }

    /** Letter scoring. */
    public MmluSettings(int shots, int maxTokens) {
        this(shots, maxTokens, Scoring.LETTER);
    }

    public MmluSettings withScoring(Scoring s) {
        return new MmluSettings(shots, maxTokens, s);
    }
}
