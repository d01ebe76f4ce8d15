package dev.nibble.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class KlDivergenceTest {
    private static float[] logs(double... p) {
        float[] row = new float[p.length];
        for (int v = 0; v < p.length; v++) {
            row[v] = (float) Math.log(p[v]); // log(0) = -inf: a token the model rules out
        }
        return row;
    }

    @Test
    void handBuiltThreeTokenFourWordCase() {
        // text of 4 tokens -> 3 predictions (rows 0..2 predict tokens 1..3); row 3 is unused.
        int[] ids = {3, 1, 0, 1};
        LogitsModel base = Fakes.fixedRows(new float[][]{
                logs(0.1, 0.2, 0.3, 0.4), logs(0.7, 0.1, 0.1, 0.1), logs(0.5, 0.5, 0, 0), {100, 0, 0, 0}});
        LogitsModel model = Fakes.fixedRows(new float[][]{
                logs(0.25, 0.25, 0.25, 0.25), logs(0.4, 0.2, 0.2, 0.2), logs(0.25, 0.25, 0.25, 0.25), {0, 0, 0, 100}});
        double k0 = 0.1 * Math.log(0.1 / 0.25) + 0.2 * Math.log(0.2 / 0.25) + 0.3 * Math.log(0.3 / 0.25)
                + 0.4 * Math.log(0.4 / 0.25);                                   // ≈ 0.1064
        double k1 = 0.7 * Math.log(0.7 / 0.4) + 3 * 0.1 * Math.log(0.1 / 0.2); // ≈ 0.1838
        double k2 = 0.5 * Math.log(0.5 / 0.25) * 2;                           // = ln 2; zero-p terms add 0

        KlResult r = KlDivergence.evaluate(base, model, ids, 1024, Progress.NONE);
        double tol = 1e-6; // logits are float(log p): p is recovered to ~1e-7 relative
        assertEquals(3, r.tokens());
        assertEquals((k0 + k1 + k2) / 3, r.mean(), tol);
        assertEquals(k1, r.median(), tol);                     // sorted k0 < k1 < k2
        assertEquals(k1 + 0.8 * (k2 - k1), r.p90(), tol);      // position 0.9·2 = 1.8
        assertEquals(k1 + 0.98 * (k2 - k1), r.p99(), tol);     // position 1.98
        assertEquals(k2, r.max(), tol);
        // argmax base/model: row0 3 vs 0 (uniform: first index), row1 0 vs 0, row2 0 vs 0
        assertEquals(200.0 / 3, r.sameTop1Pct(), 1e-9);
        // targets 1, 0, 1: base p = 0.2, 0.7, 0.5; model q = 0.25, 0.4, 0.25
        double pplBase = Math.exp(-(Math.log(0.2) + Math.log(0.7) + Math.log(0.5)) / 3);
        double pplModel = Math.exp(-(Math.log(0.25) + Math.log(0.4) + Math.log(0.25)) / 3);
        assertEquals(pplBase, r.pplBase(), 1e-5);
        assertEquals(pplModel, r.pplModel(), 1e-5);
        assertEquals(pplModel - pplBase, r.deltaPpl(), 1e-5);
    }

    @Test
    void modelAgainstItselfIsZeroWithFullTop1Agreement() {
        int[] ids = Fakes.tokens(23, 40, 3);
        Fakes.HashModel a = new Fakes.HashModel(40, 9);
        Fakes.HashModel b = new Fakes.HashModel(40, 9);
        KlResult r = KlDivergence.evaluate(a, b, ids, 8, Progress.NONE);
        assertEquals(0.0, r.mean());
        assertEquals(0.0, r.max());
        assertEquals(0.0, r.p99());
        assertEquals(100.0, r.sameTop1Pct());
        assertEquals(r.pplBase(), r.pplModel());
        assertEquals(0.0, r.deltaPpl());
        assertEquals(23 - 3, r.tokens()); // windows [0,8) [8,16) [16,23): 7 + 7 + 6
        assertEquals(3, a.calls.size());
    }

    @Test
    void windowedKlEqualsFloat64ReferenceOverTheSamePredictions() {
        int vocab = 30;
        int[] ids = Fakes.tokens(11, vocab, 5);
        Fakes.HashModel base = new Fakes.HashModel(vocab, 1);
        Fakes.HashModel model = new Fakes.HashModel(vocab, 2);
        // window 4: [0,4) targets 1..3, [4,8) targets 5..7, [8,11) targets 9..10
        int[][] startAndTarget = {{0, 1}, {0, 2}, {0, 3}, {4, 5}, {4, 6}, {4, 7}, {8, 9}, {8, 10}};
        double[] kl = new double[startAndTarget.length];
        double nllB = 0;
        double nllM = 0;
        int same = 0;
        for (int i = 0; i < kl.length; i++) {
            float[] rb = Fakes.rowFor(base, ids, startAndTarget[i][0], startAndTarget[i][1]);
            float[] rm = Fakes.rowFor(model, ids, startAndTarget[i][0], startAndTarget[i][1]);
            double[] lb = Fakes.logSoftmax(rb);
            double[] lm = Fakes.logSoftmax(rm);
            for (int v = 0; v < vocab; v++) {
                kl[i] += Math.exp(lb[v]) * (lb[v] - lm[v]);
            }
            int target = ids[startAndTarget[i][1]];
            nllB -= lb[target];
            nllM -= lm[target];
            same += argmax(lb) == argmax(lm) ? 1 : 0;
        }
        base.calls.clear();
        KlResult r = KlDivergence.evaluate(base, model, ids, 4, Progress.NONE);
        double[] sorted = kl.clone();
        Arrays.sort(sorted);
        assertEquals(8, r.tokens());
        assertEquals(Arrays.stream(kl).sum() / 8, r.mean(), 1e-12);
        assertEquals((sorted[3] + sorted[4]) / 2, r.median(), 1e-12);
        assertEquals(sorted[7], r.max(), 1e-12);
        assertEquals(100.0 * same / 8, r.sameTop1Pct(), 1e-12);
        assertEquals(Math.exp(nllB / 8), r.pplBase(), 1e-9);
        assertEquals(Math.exp(nllM / 8), r.pplModel(), 1e-9);
        assertEquals(java.util.List.of(4, 4, 3), base.calls);
    }

    private static int argmax(double[] x) {
        int best = 0;
        for (int i = 1; i < x.length; i++) {
            best = x[i] > x[best] ? i : best;
        }
        return best;
    }

    @Test
    void percentilesInterpolateLinearlyBetweenRanks() {
        double[] sorted = {1, 1, 2, 3, 3, 4, 5, 5, 6, 9}; // n = 10
        assertEquals(3.5, Percentiles.of(sorted, 50), 1e-12);  // h = 4.5: between 3 and 4
        assertEquals(6.3, Percentiles.of(sorted, 90), 1e-12);  // h = 8.1: 6 + 0.1·(9−6)
        assertEquals(8.73, Percentiles.of(sorted, 99), 1e-12); // h = 8.91: 6 + 0.91·3
        assertEquals(1, Percentiles.of(sorted, 0));
        assertEquals(9, Percentiles.of(sorted, 100));
        assertEquals(3, Percentiles.of(new double[]{1, 2, 3, 4, 5}, 50));
        assertEquals(2, Percentiles.of(new double[]{1, 2, 3, 4, 5}, 25));
        assertEquals(7, Percentiles.of(new double[]{7}, 99));
    }

    @Test
    void differentVocabulariesAreRefused() {
        EvalException e = assertThrows(EvalException.class, () -> KlDivergence.evaluate(
                new Fakes.HashModel(32000, 1), new Fakes.HashModel(32064, 1), new int[]{1, 2, 3}, 1024, Progress.NONE));
        assertEquals("the baseline has a vocabulary of 32000 tokens but the model has 32064; "
                + "KL divergence needs both to use the same tokenizer", e.getMessage());
        assertThrows(EvalException.class, () -> KlDivergence.evaluate(
                new Fakes.HashModel(10, 1), new Fakes.HashModel(10, 2), new int[]{1}, 1024, Progress.NONE));
    }
}
