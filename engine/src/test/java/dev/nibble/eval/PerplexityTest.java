package dev.nibble.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PerplexityTest {
    private static final int VOCAB = 50;
    private static final int[] IDS = Fakes.tokens(11, VOCAB, 7);

    /**
     * Mean NLL over hand-listed (window start, target) pairs, in double: each target's
     * logits come from a fresh pass over ids[start..target), the prefix its window sees.
     */
    private static double expectedMeanNll(int[][] startAndTarget) {
        Fakes.HashModel reference = new Fakes.HashModel(VOCAB, 42);
        double sum = 0;
        for (int[] st : startAndTarget) {
            sum -= Fakes.logSoftmax(Fakes.rowFor(reference, IDS, st[0], st[1]))[IDS[st[1]]];
        }
        return sum / startAndTarget.length;
    }

    private static void check(PplMode mode, int w, int s, int[][] startAndTarget, int windows) {
        Fakes.HashModel model = new Fakes.HashModel(VOCAB, 42);
        List<Long> progress = new ArrayList<>();
        PerplexityResult r = Perplexity.evaluate(model, IDS, new PerplexitySettings(mode, w, s),
                (what, done, total) -> progress.add(done * 100 + total));
        double expected = expectedMeanNll(startAndTarget);
        assertEquals(expected, r.nllMean(), 1e-12 * expected);
        assertEquals(Math.exp(expected), r.ppl(), 1e-12 * Math.exp(expected));
        assertEquals(startAndTarget.length, r.scored());
        assertEquals(11, r.tokens());
        assertEquals(mode, r.mode());
        assertEquals(windows, r.windows());
        assertEquals(windows, model.calls.size());
        assertEquals(windows, progress.size());
        assertEquals(windows * 100L + windows, progress.get(progress.size() - 1));
    }

    @Test
    void hfNllIsTheFloat64SumOverItsTargets() {
        check(PplMode.HF, 4, 2, new int[][]{{0, 1}, {0, 2}, {0, 3}, {2, 4}, {2, 5}, {4, 6}, {4, 7}, {6, 8}, {6, 9},
                {8, 10}}, 5);
    }

    @Test
    void chunkedNllIsTheFloat64SumOverItsTargets() {
        check(PplMode.CHUNKED, 4, 2, new int[][]{{0, 3}, {2, 5}, {4, 7}, {6, 9}}, 4);
    }

    @Test
    void llamacppNllIsTheFloat64SumOverItsTargets() {
        check(PplMode.LLAMACPP, 4, 4, new int[][]{{0, 3}, {4, 7}}, 2);
    }

    @Test
    void shortTextInHfModeIsOneWindowOverEveryToken() {
        check(PplMode.HF, 1024, 512, new int[][]{{0, 1}, {0, 2}, {0, 3}, {0, 4}, {0, 5}, {0, 6}, {0, 7}, {0, 8},
                {0, 9}, {0, 10}}, 1);
    }

    @Test
    void uniformLogitsGivePerplexityEqualToTheVocabulary() {
        LogitsModel uniform = Fakes.fixedRows(new float[11][VOCAB]);
        PerplexityResult r = Perplexity.evaluate(uniform, IDS, PerplexitySettings.DEFAULT, Progress.NONE);
        assertEquals(VOCAB, r.ppl(), 1e-9);
        assertEquals(Math.log(VOCAB), r.nllMean(), 1e-12);
    }

    @Test
    void tokenOutsideTheVocabularyAndWrongLogitShapesAreClearErrors() {
        EvalException e = assertThrows(EvalException.class, () -> Perplexity.evaluate(
                new Fakes.HashModel(VOCAB, 1), new int[]{1, 2, 50}, PerplexitySettings.DEFAULT, Progress.NONE));
        assertEquals("token id 50 at position 2 is outside the model's vocabulary of 50 (text from another tokenizer?)",
                e.getMessage());
        LogitsModel liar = new LogitsModel() {
            @Override
            public int vocabSize() {
                return 10;
            }

            @Override
            public float[][] forward(int[] ids) {
                return new float[ids.length][9];
            }
        };
        assertThrows(EvalException.class,
                () -> Perplexity.evaluate(liar, new int[]{1, 2}, PerplexitySettings.DEFAULT, Progress.NONE));
    }
}
