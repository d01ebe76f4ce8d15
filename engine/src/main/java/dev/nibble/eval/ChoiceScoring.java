package dev.nibble.eval;

import java.util.Arrays;
import java.util.List;

/**
 * MMLU's cloze variant: which choice's text is the likeliest continuation of the question.
 * Prompt: the k shots as "question answer-text\n\n", then the question; each choice is
 * appended after one space and scored by Σ log p(choice tokens). A prompt too long for the
 * model keeps its last {@code maxTokens} tokens.
 */
final class ChoiceScoring {
    private ChoiceScoring() {
    }

    /** Index (0-3) of the choice with the highest total log-probability; first on ties. */
    static int choose(LogitsModel model, TextEncoder encoder, List<MmluQuestion> shots, MmluQuestion q,
                      int maxTokens) {
        StringBuilder prompt = new StringBuilder();
        for (MmluQuestion s : shots) {
            prompt.append(s.question()).append(' ').append(s.choices().get(s.answer())).append("\n\n");
        }
        prompt.append(q.question());
        int[] prefix = encoder.encode(prompt.toString());
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < 4; c++) {
            double score = logProbability(model, encoder, prefix, prompt + " " + q.choices().get(c), maxTokens, q.source());
            if (score > bestScore) {
                best = c;
                bestScore = score;
            }
        }
        return best;
    }

    /** Σ log p over the tokens of {@code full} after {@code prefix} (which must tokenize as its start). */
    static double logProbability(LogitsModel model, TextEncoder encoder, int[] prefix, String full, int maxTokens, String where) {
        int[] ids = encoder.encode(full);
        if (ids.length <= prefix.length || !Arrays.equals(prefix, Arrays.copyOf(ids, prefix.length))) {
            throw new EvalException(where + ": the choice does not tokenize as a continuation of the question");
        }
        int from = Math.max(0, ids.length - maxTokens);
        int[] window = Arrays.copyOfRange(ids, from, ids.length);
        Windows.checkTokens(window, model.vocabSize());
        float[][] logits = model.forward(window);
        double sum = 0;
        for (int t = prefix.length; t < ids.length; t++) {
            int row = t - 1 - from;
            if (row < 0) {
                throw new EvalException(where + ": the choice alone is longer than the model's context");
            }
            sum -= LogSoftmax.nll(logits[row], ids[t]);
        }
        return sum;
    }
}
