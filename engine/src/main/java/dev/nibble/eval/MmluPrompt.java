package dev.nibble.eval;

import java.util.List;

/**
 * The standard MMLU k-shot prompt (Hendrycks et al.):
 * <pre>
 * The following are multiple choice questions (with answers) about &lt;subject&gt;.\n\n
 * &lt;question&gt;\nA. &lt;a&gt;\nB. &lt;b&gt;\nC. &lt;c&gt;\nD. &lt;d&gt;\nAnswer: &lt;X&gt;\n\n    (once per shot)
 * &lt;question&gt;\nA. &lt;a&gt;\nB. &lt;b&gt;\nC. &lt;c&gt;\nD. &lt;d&gt;\nAnswer:
 * </pre>
 * {@code <subject>} is the file's subject with underscores turned into single spaces
 * ("abstract_algebra" → "abstract algebra"; the original script's helper leaves a double
 * space after "about", which we do not copy).
 */
public final class MmluPrompt {
    private MmluPrompt() {
    }

    /** Prompt for {@code question} with the given examples (all of them, in order) as shots. */
    public static String build(String subject, List<MmluQuestion> shots, MmluQuestion question) {
        StringBuilder prompt = new StringBuilder("The following are multiple choice questions (with answers) about ")
                .append(subject.replace('_', ' ')).append(".\n\n");
        for (MmluQuestion shot : shots) {
            appendQuestion(prompt, shot).append(' ').append(shot.answerLetter()).append("\n\n");
        }
        return appendQuestion(prompt, question).toString();
    }

    private static StringBuilder appendQuestion(StringBuilder prompt, MmluQuestion q) {
        prompt.append(q.question());
        for (int c = 0; c < 4; c++) {
            prompt.append('\n').append(MmluQuestion.LETTERS.get(c)).append(". ").append(q.choices().get(c));
        }
        return prompt.append("\nAnswer:");
    }
}
