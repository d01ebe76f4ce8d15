package dev.nibble.eval;

import java.util.List;

/**
 * One MMLU row: the question, its four choices (A–D), the index (0–3) of the right one,
 * and where it came from ({@code "path:line"}, for messages).
 */
public record MmluQuestion(String question, List<String> choices, int answer, String source) {
    /** The answer letters in choice order. */
    public static final List<String> LETTERS = List.of("A", "B", "C", "D");

    public MmluQuestion {
        choices = List.copyOf(choices);
        if (choices.size() != 4 || answer < 0 || answer > 3) {
            throw new IllegalArgumentException("an MMLU question has 4 choices and an answer 0-3");
        }
    }

    /** The right answer's letter. */
    public String answerLetter() {
        return LETTERS.get(answer);
    }

    /** Reads a CSV row of {@code file}: question, A, B, C, D, answer letter. */
    static MmluQuestion of(Csv.Row row, String file) {
        String where = file + ":" + row.line();
        List<String> f = row.fields();
        if (f.size() != 6) {
            throw new EvalException(where + ": expected 6 fields (question, A, B, C, D, answer) but found "
                    + f.size());
        }
        int answer = LETTERS.indexOf(f.get(5).strip());
        if (answer < 0) {
            throw new EvalException(where + ": the answer must be one of A, B, C, D but is \"" + f.get(5) + "\"");
        }
        return new MmluQuestion(f.get(0), f.subList(1, 5), answer, where);
    }
}
