package dev.nibble.quant;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AwqTest {
    static final int K = 64, N = 24, T = 48;
    static final int[] OUTLIERS = {3, 17, 40};

    /** Activations with three input channels 30x larger than the rest. */
    static float[] activations(Random r, int tokens) {
        float[] x = Ref.gaussian(r, tokens * K, 1.0);
        for (int t = 0; t < tokens; t++)
            for (int c : OUTLIERS) x[t * K + c] *= 30f;
        return x;
    }

    static double[] weightMean(float[] w, int bs) {
        double[] m = new double[K];
        for (int k = 0; k < K; k++) {
            int b = k / bs;
            for (int n = 0; n < N; n++) {
                double amax = 0;
                for (int j = b * bs; j < Math.min(K, b * bs + bs); j++) amax = Math.max(amax, Math.abs(w[j * N + n]));
                m[k] += amax == 0 ? 0 : Math.abs(w[k * N + n]) / amax / N;
            }
        }
        return m;
    }

    /** mean over t, n of (x·W − (x/s)·DQ(Q(fl(s·W))))², all in float64; s null = plain RTN. */
    static double loss(float[] w, float[] x, float[] s, int bits, int bs) {
        float[] ws = new float[K * N];
        for (int k = 0; k < K; k++)
            for (int n = 0; n < N; n++) ws[k * N + n] = (float) ((s == null ? 1.0 : s[k]) * (double) w[k * N + n]);
        double[] dq = Ref.dequant(Ref.rtn(ws, K, N, bits, bs, Ref.Mode.SYM, null), K, N);
        double[] xd = Ref.toDouble(x), xs = new double[T * K];
        for (int t = 0; t < T; t++)
            for (int k = 0; k < K; k++) xs[t * K + k] = x[t * K + k] / (s == null ? 1.0 : s[k]);
        double[] yRef = Ref.matmul(xd, T, Ref.toDouble(w), K, N, 0, K), y = Ref.matmul(xs, T, dq, K, N, 0, K);
        double sum = 0;
        for (int i = 0; i < y.length; i++) sum += (yRef[i] - y[i]) * (yRef[i] - y[i]);
        return sum / y.length;
    }

    @Test
    void alphaAndLossEqualABruteForceSearch() {
        Random r = new Random(42);
        float[] w = Ref.gaussian(r, K * N, 0.05);
        float[] x = activations(r, T);
        float[] xMean = new float[K];
        for (int k = 0; k < K; k++) {
            double m = 0;
            for (int t = 0; t < T; t++) m += Math.abs(x[t * K + k]);
            xMean[k] = (float) (m / T);
        }
        assertArrayEquals(xMean, AwqLite.meanAbs(x, T, K));
        int bs = 32;
        double[] wMean = weightMean(w, bs);
        double bestLoss = Double.POSITIVE_INFINITY, bestAlpha = -1;
        float[] bestS = null;
        double[] losses = new double[11];
        for (int i = 0; i <= 10; i++) {
            double alpha = i / 10.0, max = 0, min = Double.POSITIVE_INFINITY;
            double[] s = new double[K];
            for (int k = 0; k < K; k++) {
                s[k] = Math.min(Math.max(Math.pow(xMean[k], alpha) / (Math.pow(wMean[k], 1 - alpha) + 1e-4), 1e-4), 1e4);
                max = Math.max(max, s[k]);
                min = Math.min(min, s[k]);
            }
            float[] sf = new float[K];
            for (int k = 0; k < K; k++) sf[k] = (float) (s[k] / Math.sqrt(max * min));
            losses[i] = loss(w, x, sf, 4, bs);
            if (losses[i] < bestLoss) {
                bestLoss = losses[i];
                bestAlpha = alpha;
                bestS = sf;
            }
        }
        double rtn = loss(w, x, null, 4, bs);

        AwqLite.Result res = AwqLite.search(w, K, N, x, T, xMean, QuantSpec.symmetric(4, bs));
        assertEquals(bestAlpha, res.alpha());
        for (int i = 0; i <= 10; i++) assertEquals(losses[i], res.losses()[i], 1e-6 * losses[i], "loss at alpha " + i / 10.0);
        for (int k = 0; k < K; k++) assertEquals(bestS[k], res.scales()[k], 1e-6f * bestS[k]);
        assertEquals(rtn, res.rtnLoss(), 1e-6 * rtn);
        assertTrue(bestLoss < rtn, "AWQ " + bestLoss + " should beat RTN " + rtn);
        assertTrue(res.losses()[(int) Math.round(res.alpha() * 10)] < res.rtnLoss());
        assertTrue(res.alpha() > 0, "outlier channels should pull alpha above 0");
    }

    /** The double products behind both searches, across several column tiles. */
    @Test
    void productsMatchAPlainTripleLoop() {
        int tokens = 5, k = 40, n = 300;
        Random r = new Random(9);
        float[] x = Ref.gaussian(r, tokens * k, 1), b = Ref.gaussian(r, k * n, 1), s = new float[k];
        for (int c = 0; c < k; c++) s[c] = 0.5f + c / 40f;
        double[] xs = new double[tokens * k];
        for (int t = 0; t < tokens; t++)
            for (int c = 0; c < k; c++) xs[t * k + c] = x[t * k + c] / (double) s[c];
        double[] want = Ref.matmul(xs, tokens, Ref.toDouble(b), k, n, 0, k);
        double[] got = Products.matmul(Products.transposeScaled(x, tokens, k, s, 1), tokens, b, k, n);
        for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], 1e-12 * (1 + Math.abs(want[i])));
    }

    @Test
    void sharedScalesAreTheElementwiseMean() {
        float[] s = AwqLite.sharedScales(List.of(new float[] {1f, 2f, 4f}, new float[] {3f, 2f, 1f}, new float[] {2f, 5f, 1f}));
        assertArrayEquals(new float[] {2f, 3f, 2f}, s);
        assertThrows(IllegalArgumentException.class, () -> AwqLite.sharedScales(List.of(new float[2], new float[3])));
    }

    @Test
    void scaleHelpersMultiplyRowsAndDivideColumns() {
        float[] w = {1f, 2f, 3f, 4f, 5f, 6f}; // [2, 3]
        assertArrayEquals(new float[] {2f, 4f, 6f, 2f, 2.5f, 3f}, AwqLite.scaleRows(w, 2, 3, new float[] {2f, 0.5f}));
        float[] x = {1f, 2f, 3f, 4f}; // [2 tokens, K = 2]
        assertArrayEquals(new float[] {0.5f, 4f, 1.5f, 8f}, AwqLite.divideColumns(x, 2, 2, new float[] {2f, 0.5f}));
    }

    /** Per (column, block): the c of RATIOS with the least mean squared partial-product error over every ⌈T/64⌉-th token. */
    @Test
    void clipRatiosEqualABruteForceSearch() {
        int k = 96, n = 10, tokens = 150, bs = 32, nb = 3, step = 3; // ⌈150/64⌉ = 3: tokens 0, 3, ..., 147
        float[] ratios = {0.5f, 0.55f, 0.6f, 0.65f, 0.7f, 0.75f, 0.8f, 0.85f, 0.9f, 0.95f, 1.0f};
        assertEquals(step, AwqClip.sampleStep(tokens));
        for (Ref.Mode mode : new Ref.Mode[] {Ref.Mode.SYM, Ref.Mode.ASYM}) {
            Random r = new Random(5 + mode.ordinal());
            float[] w = Ref.gaussian(r, k * n, 0.05);
            for (int i = 0; i < w.length; i++) if (r.nextInt(40) == 0) w[i] *= 8; // heavy tails make clipping pay
            float[] x = Ref.gaussian(r, tokens * k, 1.0);
            AwqClip.Result res = AwqClip.search(w, k, n, x, tokens, new QuantSpec(4, bs, mode == Ref.Mode.SYM, false));
            double[][] err = new double[ratios.length][];
            for (int ci = 0; ci < ratios.length; ci++) {
                float[] clip = new float[nb * n];
                java.util.Arrays.fill(clip, ratios[ci]);
                double[] dq = Ref.dequant(Ref.rtn(w, k, n, 4, bs, mode, clip), k, n);
                err[ci] = new double[nb * n];
                for (int b = 0; b < nb; b++)
                    for (int col = 0; col < n; col++) {
                        double e = 0;
                        int kept = 0;
                        for (int t = 0; t < tokens; t += step, kept++) {
                            double ref = 0, q = 0;
                            for (int j = b * bs; j < (b + 1) * bs; j++) {
                                ref += x[t * k + j] * (double) w[j * n + col];
                                q += x[t * k + j] * dq[j * n + col];
                            }
                            e += (ref - q) * (ref - q);
                        }
                        err[ci][b * n + col] = e / kept;
                    }
            }
            int clipped = 0;
            for (int i = 0; i < nb * n; i++) {
                int best = 0;
                for (int ci = 1; ci < ratios.length; ci++) if (err[ci][i] < err[best][i]) best = ci;
                assertEquals(ratios[best], res.clip()[i], mode + " block " + i / n + " column " + i % n);
                // the engine dequantizes in float (as onnxruntime does), the reference in float64
                assertEquals(err[best][i], res.error()[i], 1e-5 * err[best][i]);
                assertEquals(err[10][i], res.errorAtOne()[i], 1e-5 * err[10][i]);
                assertTrue(res.error()[i] <= res.errorAtOne()[i]);
                if (res.clip()[i] < 1f) clipped++;
            }
            assertTrue(clipped > 0, "some block should prefer clipping");
        }
    }
}
