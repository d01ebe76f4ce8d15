package dev.nibble.quant;

import java.util.Arrays;

/**
 * AWQ-clip (SPEC.md section 3): a clip ratio per (block, column) from
 * {@link #RATIOS} = 0.5, 0.55, …, 1.0 (the float literals).
 *
 * <p>For (block b, column n) and ratio c the error is the mean over a token subsample
 * (every ⌈T/64⌉-th token from the first, at most 64) of
 * {@code (Σ_{k∈b} x[t,k]·W[k,n] − Σ_{k∈b} x[t,k]·DQ(Q_c(W))[k,n])²}, Q_c quantizing with
 * the block's range times c ({@link Rtn#quantize(float[], int, int, QuantSpec, float[])}),
 * computed in double as {@code Σ x·(W − DQ)}. The least error wins, the smallest c on ties.
 *
 * <p>Which W and x: this is "true AWQ" — the caller passes the AWQ-scaled weight
 * diag(s)·W and the scaled activation x/s ({@link AwqLite#scaleRows},
 * {@link AwqLite#divideColumns}), the pair that is actually multiplied at inference. (One
 * peer uses the unscaled activation here; nibble does not.) For clip alone (no AWQ-lite),
 * pass the plain W and x.
 */
public final class AwqClip {
    private AwqClip() {}

    public static final float[] RATIOS = {0.5f, 0.55f, 0.6f, 0.65f, 0.7f, 0.75f, 0.8f, 0.85f, 0.9f, 0.95f, 1.0f};
    /** Target token subsample size. */
    public static final int SAMPLE = 64;

    /**
     * @param clip        chosen ratio per (block, column), [blocks·N] indexed b·N + n (for {@link Rtn#quantize})
     * @param error       the error at the chosen ratio, same indexing
     * @param errorAtOne  the error at c = 1 (no clipping), same indexing
     */
    public record Result(float[] clip, double[] error, double[] errorAtOne) {}

    /** Every ⌈T/64⌉-th token. */
    public static int sampleStep(int tokens) {
        return (tokens + SAMPLE - 1) / SAMPLE;
    }

    /**
     * @param w W[K, N] to be quantized (AWQ-scaled for true AWQ)
     * @param x the activation W multiplies, [tokens, K] (scaled by 1/s for true AWQ)
     */
    public static Result search(float[] w, int k, int n, float[] x, int tokens, QuantSpec spec) {
        Rtn.checkShape(w, k, n);
        AwqLite.checkActivation(x, tokens, k);
        int blocks = spec.blocks(k), bs = spec.rowsPerBlock(k), step = sampleStep(tokens);
        int kept = (tokens + step - 1) / step;
        double[] xT = Products.transposeScaled(x, tokens, k, null, step);
        float[] bestC = new float[blocks * n];
        double[] best = new double[blocks * n], atOne = new double[blocks * n];
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        float[] uniform = new float[blocks * n];
        for (float c : RATIOS) {
            Arrays.fill(uniform, c);
            float[] dq = Rtn.fakeQuantize(w, k, n, spec, uniform);
            Products.Rows diff = Products.difference(w, dq, n);
            Kernels.forEachColumnTile(n, (long) k * kept, Products.tileWidth(n, kept), (n0, n1) -> {
                int width = n1 - n0;
                double[] acc = new double[kept * width], row = new double[width];
                for (int b = 0; b < blocks; b++) {
                    Products.partial(acc, xT, kept, diff, b * bs, Math.min(k, (b + 1) * bs), n0, width, row);
                    for (int j = 0; j < width; j++) {
                        double e = 0;
                        for (int t = 0; t < kept; t++) e += acc[t * width + j] * acc[t * width + j];
                        e /= kept;
                        int at = b * n + n0 + j;
                        if (e < best[at]) {
                            best[at] = e;
                            bestC[at] = c;
                        }
                        if (c == 1.0f) atOne[at] = e;
                    }
                }
            });
        }
        return new Result(bestC, best, atOne);
    }
}
