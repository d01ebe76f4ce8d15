package dev.nibble.eval;

import java.util.List;

/**
 * MMLU accuracy: {@code accuracyPct} = 100 · correct / questions over all questions
 * (not an average of subjects), and the same per subject in file order.
 * {@code shortened}: prompts that had to lose shots (or be cut) to fit the context.
 */
public record MmluResult(int shots, int questions, int correct, double accuracyPct, int shortened,
                         List<SubjectScore> subjects) {
    public MmluResult {
        subjects = List.copyOf(subjects);
    }

    /** One subject's score. */
    public record SubjectScore(String subject, int questions, int correct, double accuracyPct) {
    }

    static double pct(int correct, int questions) {
        return questions == 0 ? Double.NaN : 100.0 * correct / questions;
    }
}
