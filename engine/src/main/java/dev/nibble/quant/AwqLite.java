package dev.nibble.quant;

import java.util.List;

/**
 * AWQ-lite, the activation-aware scale search of SPEC.md section 3, steps 1-4, for one
 * weight W[K, N] and an activation sample x[T, K] (row-major, T tokens).
 *
 * <p>For α = i/10, i = 0..10 (in double):
 * {@code s[k] = clamp(x_mean[k]^α / (w_mean[k]^(1-α) + TINY), 1e-4, 1e4)} with
 * {@link #TINY} = 1e-4 (ModelOpt's value; 0^0 = 1), then {@code s /= sqrt(max(s)·min(s))},
 * then s is rounded to float: that float s is what scales the weight
 * ({@code W'[k,n] = fl(s[k]·W[k,n])}), divides the activation (in double) and is returned.
 * {@code loss(α) = mean over t, n of (x·W − (x/s)·DQ(Q(W')))²}, both products and the sum
 * accumulated in double. The least loss wins, the first α on ties.
 */
public final class AwqLite {
    private AwqLite() {}

    /** Added to w_mean^(1-α) so channels whose weights are all zero do not divide by zero. */
    public static final double TINY = 1e-4;
    public static final double S_MIN = 1e-4, S_MAX = 1e4;
    /** The grid has GRID + 1 points α = i / GRID. */
    public static final int GRID = 10;

    /**
     * @param alpha   the chosen α
     * @param scales  s[K] at that α (the weight is quantized as diag(s)·W, the activation divided by s)
     * @param losses  loss of every α on the grid, index i ↔ α = i/10
     * @param rtnLoss the same loss with s ≡ 1 (plain RTN), for comparison and reports
     */
    public record Result(double alpha, float[] scales, double[] losses, double rtnLoss) {}

    /**
     * Runs the α search.
     *
     * @param w      W[K, N] row-major
     * @param x      activation sample [tokens, K] row-major (may be a subsample of calibration)
     * @param xMean  mean |x| per input channel over all calibration tokens, [K]
     */
    public static Result search(float[] w, int k, int n, float[] x, int tokens, float[] xMean, QuantSpec spec) {
        Rtn.checkShape(w, k, n);
        checkActivation(x, tokens, k);
        if (xMean.length != k) throw new IllegalArgumentException("x_mean has " + xMean.length + " channels, the weight has K = " + k);
        double[] wMean = weightMean(w, k, n, spec);
        double[] yRef = Products.matmul(Products.transposeScaled(x, tokens, k, null, 1), tokens, w, k, n);
        double[] losses = new double[GRID + 1];
        int best = 0;
        float[] bestS = null;
        for (int i = 0; i <= GRID; i++) {
            float[] s = scalesFor((double) i / GRID, xMean, wMean);
            losses[i] = loss(w, k, n, x, tokens, s, spec, yRef);
            if (bestS == null || losses[i] < losses[best]) {
                best = i;
                bestS = s;
            }
        }
        return new Result((double) best / GRID, bestS, losses, loss(w, k, n, x, tokens, null, spec, yRef));
    }

    /** Mean output error of quantizing diag(s)·W against x·W (s null: plain RTN). */
    static double loss(float[] w, int k, int n, float[] x, int tokens, float[] s, QuantSpec spec, double[] yRef) {
        float[] dq = Rtn.fakeQuantize(s == null ? w : scaleRows(w, k, n, s), k, n, spec);
        double[] y = Products.matmul(Products.transposeScaled(x, tokens, k, s, 1), tokens, dq, k, n);
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            double d = yRef[i] - y[i];
            sum += d * d;
        }
        return sum / y.length;
    }

    /** s at one α: clamp, normalise by sqrt(max·min), round to float. */
    static float[] scalesFor(double alpha, float[] xMean, double[] wMean) {
        int k = xMean.length;
        double[] s = new double[k];
        double max = 0, min = Double.POSITIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            double v = Math.pow(xMean[c], alpha) / (Math.pow(wMean[c], 1 - alpha) + TINY);
            s[c] = Math.min(Math.max(v, S_MIN), S_MAX);
            max = Math.max(max, s[c]);
            min = Math.min(min, s[c]);
        }
        double norm = Math.sqrt(max * min);
        float[] out = new float[k];
        for (int c = 0; c < k; c++) out[c] = (float) (s[c] / norm);
        return out;
    }

    /**
     * w_mean[k] = mean over n of |W[k,n]| / amax(|W| over the block holding k in column n),
     * a zero block contributing 0. Blocks follow {@code spec} (per-channel: all of K).
     */
    public static double[] weightMean(float[] w, int k, int n, QuantSpec spec) {
        int bs = spec.rowsPerBlock(k);
        double[] mean = new double[k];
        float[] amax = new float[n];
        for (int k0 = 0; k0 < k; k0 += bs) {
            int k1 = Math.min(k, k0 + bs);
            java.util.Arrays.fill(amax, 0f);
            for (int r = k0; r < k1; r++) Kernels.absMaxRow(w, r * n, 0, n, amax);
            for (int r = k0; r < k1; r++) {
                double sum = 0;
                for (int c = 0; c < n; c++) if (amax[c] > 0) sum += Math.abs(w[r * n + c]) / (double) amax[c];
                mean[r] = sum / n;
            }
        }
        return mean;
    }

    /** x_mean[k] = mean over tokens of |x[t,k]| for x[tokens, K], accumulated in double. */
    public static float[] meanAbs(float[] x, int tokens, int k) {
        checkActivation(x, tokens, k);
        double[] sum = new double[k];
        for (int t = 0; t < tokens; t++)
            for (int c = 0; c < k; c++) sum[c] += Math.abs(x[t * k + c]);
        float[] out = new float[k];
        for (int c = 0; c < k; c++) out[c] = (float) (sum[c] / tokens);
        return out;
    }

    /** Step 4: the element-wise mean of the best s of weights that read the same activation. */
    public static float[] sharedScales(List<float[]> scales) {
        if (scales.isEmpty()) throw new IllegalArgumentException("no scales to share");
        int k = scales.get(0).length;
        double[] sum = new double[k];
        for (float[] s : scales) {
            if (s.length != k) throw new IllegalArgumentException("scales to share differ in length: " + k + " and " + s.length);
            for (int c = 0; c < k; c++) sum[c] += s[c];
        }
        float[] out = new float[k];
        for (int c = 0; c < k; c++) out[c] = (float) (sum[c] / scales.size());
        return out;
    }

    /** diag(s)·W: row k of W[K, N] times s[k], each product rounded to float. */
    public static float[] scaleRows(float[] w, int k, int n, float[] s) {
        float[] out = new float[w.length];
        for (int r = 0; r < k; r++)
            for (int c = 0; c < n; c++) out[r * n + c] = s[r] * w[r * n + c];
        return out;
    }

    /** x / s: column k of x[tokens, K] divided by s[k], rounded to float (the activation the clip search takes). */
    public static float[] divideColumns(float[] x, int tokens, int k, float[] s) {
        float[] out = new float[x.length];
        for (int t = 0; t < tokens; t++)
            for (int c = 0; c < k; c++) out[t * k + c] = x[t * k + c] / s[c];
        return out;
    }

    static void checkActivation(float[] x, int tokens, int k) {
        if (tokens <= 0) throw new IllegalArgumentException("the activation sample needs at least one token, got " + tokens);
        if (x.length != (long) tokens * k)
            throw new IllegalArgumentException("activation has " + x.length + " values, [" + tokens + ", " + k + "] needs " + (long) tokens * k);
    }
}
