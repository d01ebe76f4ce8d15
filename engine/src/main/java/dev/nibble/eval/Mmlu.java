package dev.nibble.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * MMLU accuracy (SPEC §6). For each test question, the k-shot {@link MmluPrompt} is
 * encoded and run once; the answer is the letter whose token (" A", " B", " C", " D",
 * ids given by the caller) has the highest next-token log-probability at the last
 * position. Log-softmax subtracts the same constant from every logit, so this is the
 * letter with the highest logit; the first letter wins a tie. The other tokens of the
 * vocabulary take no part in the choice.
 *
 * <p>With {@link MmluSettings.Scoring#CHOICE} the prompt ends with the question (shots
 * written as "question answer-text"), and each choice is scored by the summed
 * log-probability of its own tokens after " " — one pass per choice; first on ties.
 */
public final class Mmlu {
    private Mmlu() {
    }

    /**
     * @param letterIds token ids of " A", " B", " C", " D" in the model's vocabulary
     *                  (with the leading space, as they follow "Answer:")
     */
    public static MmluResult evaluate(LogitsModel model, MmluDataset data, TextEncoder encoder, int[] letterIds,
                                      MmluSettings settings, Progress progress) {
        if (settings.scoring() == MmluSettings.Scoring.LETTER) {
            checkLetters(letterIds, model.vocabSize());
        }
        int questions = data.subjects().stream().mapToInt(s -> s.test().size()).sum();
        int done = 0;
        int correct = 0;
        int shortened = 0;
        List<MmluResult.SubjectScore> scores = new ArrayList<>();
        for (MmluDataset.Subject subject : data.subjects()) {
            List<MmluQuestion> shots = shots(data, subject, settings.shots());
            int right = 0;
            for (MmluQuestion q : subject.test()) {
                boolean cut;
                int chosen;
                if (settings.scoring() == MmluSettings.Scoring.CHOICE) {
                    chosen = ChoiceScoring.choose(model, encoder, shots, q, settings.maxTokens());
                    cut = false;
                } else {
                    Prompt prompt = fit(subject.name(), shots, q, encoder, settings.maxTokens());
                    Windows.checkTokens(prompt.ids, model.vocabSize());
                    float[][] logits = Windows.forward(model, prompt.ids);
                    chosen = choose(logits[logits.length - 1], letterIds);
                    cut = prompt.shortened;
                }
                if (chosen == q.answer()) {
                    right++;
                }
                shortened += cut ? 1 : 0;
                progress.update("mmlu " + subject.name(), ++done, questions);
            }
            correct += right;
            scores.add(new MmluResult.SubjectScore(subject.name(), subject.test().size(), right,
                    MmluResult.pct(right, subject.test().size())));
        }
        return new MmluResult(settings.shots(), questions, correct, MmluResult.pct(correct, questions), shortened,
                scores);
    }

    /** Index (0–3) of the letter with the highest logit in {@code row}; first on ties. */
    static int choose(float[] row, int[] letterIds) {
        int best = 0;
        for (int c = 1; c < 4; c++) {
            if (row[letterIds[c]] > row[letterIds[best]]) {
                best = c;
            }
        }
        return best;
    }

    private record Prompt(int[] ids, boolean shortened) {
    }

    /** Encodes the prompt with as many of {@code shots} as fit in {@code maxTokens}, then cuts from the left. */
    private static Prompt fit(String subject, List<MmluQuestion> shots, MmluQuestion q, TextEncoder encoder,
                              int maxTokens) {
        int k = shots.size();
        int[] ids = encoder.encode(MmluPrompt.build(subject, shots, q));
        while (ids.length > maxTokens && k > 0) {
            k--;
            ids = encoder.encode(MmluPrompt.build(subject, shots.subList(0, k), q));
        }
        boolean cut = ids.length > maxTokens;
        if (cut) {
            ids = Arrays.copyOfRange(ids, ids.length - maxTokens, ids.length);
        }
        if (ids.length == 0) {
            throw new EvalException(q.source() + ": the prompt encodes to no tokens");
        }
        return new Prompt(ids, cut || k < shots.size());
    }

    private static List<MmluQuestion> shots(MmluDataset data, MmluDataset.Subject subject, int k) {
        if (subject.dev().size() < k) {
            throw new EvalException(data.root().resolve("dev").resolve(subject.name() + "_dev.csv") + " has "
                    + subject.dev().size() + " questions; " + k + "-shot prompts need " + k + " (ask for fewer shots)");
        }
        return subject.dev().subList(0, k);
    }

    private static void checkLetters(int[] letterIds, int vocab) {
        if (letterIds.length != 4 || Arrays.stream(letterIds).distinct().count() != 4) {
            throw new EvalException("MMLU needs 4 distinct token ids for \" A\", \" B\", \" C\", \" D\", got "
                    + Arrays.toString(letterIds));
        }
        for (int id : letterIds) {
            if (id < 0 || id >= vocab) {
                throw new EvalException("answer letter token id " + id + " is outside the model's vocabulary of "
                        + vocab);
            }
        }
    }
}
