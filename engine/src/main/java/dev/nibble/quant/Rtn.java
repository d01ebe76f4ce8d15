package dev.nibble.quant;

import java.util.Arrays;

/**
 * Round-to-nearest quantization of a weight W[K, N] (SPEC.md section 3), blockwise along
 * K, optionally with a clip ratio per (block, column) for AWQ-clip.
 *
 * <p>Per (block b, column n), with c the clip ratio (1 without clipping), qmax = 7 | 127,
 * levels M = 15 | 255, h = 8 | 128, all scale arithmetic in double and the result rounded
 * to float, then to the scale type, then floored (|s| ≥ {@link QuantSpec#scaleFloor()},
 * keeping the sign; a zero scale becomes +floor):
 * <ul>
 *   <li>symmetric: {@code s = c·amax/qmax}, {@code q = clamp(rint(w/s), -qmax-1, qmax)};
 *   <li>full-range: {@code s = -c·m/h} (m = signed value of largest magnitude, the lowest
 *       row wins a tie of +a and -a, as in MLAS), codes in [-h, h-1];
 *   <li>asymmetric: {@code s = c·(max-min)/M}, {@code z = clamp(rint(-c·min/s), 0, M)}
 *       with the stored s, {@code q = clamp(rint(w/s)+z, 0, M)}.
 * </ul>
 * rint is round-half-even of the exact quotient of the float weight by the stored scale.
 * A last block shorter than the block size is padded with zeros: the padding cannot change
 * amax or m, but does enter asymmetric min/max (min ≤ 0 ≤ max for such a block), exactly
 * as if W had been zero-padded to a whole number of blocks (which is what MatMulNBits
 * stores). A weight holding NaN or ±Inf is rejected.
 */
public final class Rtn {
    private Rtn() {}

    /** Quantizes w = W[K, N] row-major (vectorized; parallel over column tiles). */
    public static QuantizedWeight quantize(float[] w, int k, int n, QuantSpec spec) {
        return quantize(w, k, n, spec, null);
    }

    /**
     * Quantizes with a clip ratio per (block, column): {@code clip[b·N + n]} in (0, ∞)
     * multiplies the block's range (amax, m, or min and max) before the scale is taken;
     * values beyond the clipped range saturate. {@code clip == null} means 1 everywhere.
     */
    public static QuantizedWeight quantize(float[] w, int k, int n, QuantSpec spec, float[] clip) {
        checkShape(w, k, n);
        int blocks = spec.blocks(k);
        if (clip != null) checkClip(clip, blocks, n);
        byte[] codes = new byte[w.length];
        float[] scales = new float[blocks * n];
        byte[] zps = spec.symmetric() ? null : new byte[blocks * n];
        Kernels.forEachColumnTile(n, k, (n0, n1) -> quantizeTile(w, k, n, spec, clip, codes, scales, zps, n0, n1));
        return new QuantizedWeight(codes, scales, zps, k, n, spec);
    }

    /** Quantize then dequantize: the float weight the simulated backend runs. */
    public static float[] fakeQuantize(float[] w, int k, int n, QuantSpec spec) {
        return quantize(w, k, n, spec).dequantize();
    }

    /** {@link #fakeQuantize(float[], int, int, QuantSpec)} with per-(block, column) clip ratios. */
    public static float[] fakeQuantize(float[] w, int k, int n, QuantSpec spec, float[] clip) {
        return quantize(w, k, n, spec, clip).dequantize();
    }

    static void checkShape(float[] w, int k, int n) {
        if (k <= 0 || n <= 0) throw new IllegalArgumentException("weight shape must be positive, got [" + k + ", " + n + "]");
        if (w.length != (long) k * n)
            throw new IllegalArgumentException("weight has " + w.length + " values, [" + k + ", " + n + "] needs " + (long) k * n);
    }

    private static void checkClip(float[] clip, int blocks, int n) {
        if (clip.length != (long) blocks * n)
            throw new IllegalArgumentException("clip ratios: " + clip.length + " values, expected blocks x N = " + blocks + "x" + n);
        for (int i = 0; i < clip.length; i++)
            if (!(clip[i] > 0 && Float.isFinite(clip[i])))
                throw new IllegalArgumentException("clip ratio of block " + i / n + ", column " + i % n
                        + " must be a positive finite number, got " + clip[i]);
    }

    /** Columns [n0, n1) of every block: a range pass, the scales, then the codes. */
    private static void quantizeTile(float[] w, int k, int n, QuantSpec spec, float[] clip,
                                     byte[] codes, float[] scales, byte[] zps, int n0, int n1) {
        int bs = spec.rowsPerBlock(k), width = n1 - n0;
        float[] a = new float[width], b = new float[width], z = new float[width];
        for (int blk = 0, k0 = 0; k0 < k; blk++, k0 += bs) {
            int k1 = Math.min(k, k0 + bs);
            rangePass(w, n, spec, k0, k1, n0, n1, a, b);
            if (!spec.symmetric() && k1 - k0 < bs) // zero padding enters min/max
                for (int j = 0; j < width; j++) {
                    a[j] = Math.max(a[j], 0f);
                    b[j] = Math.min(b[j], 0f);
                }
            for (int j = 0; j < width; j++) {
                int at = blk * n + n0 + j;
                double c = clip == null ? 1.0 : clip[at];
                scaleAndZero(spec, a[j], b[j], c, blk, n0 + j, scales, zps, z, at, j);
            }
            for (int r = k0; r < k1; r++)
                Kernels.codesRow(w, r * n, n0, n1, scales, blk * n, z, spec.minCode(), spec.maxCode(), codes);
        }
    }

    /** Fills a, b over rows [k0, k1): (amax, -) symmetric, (amax, m) full-range, (max, min) asymmetric. */
    private static void rangePass(float[] w, int n, QuantSpec spec, int k0, int k1, int n0, int n1, float[] a, float[] b) {
        if (spec.symmetric()) {
            Arrays.fill(a, 0f);
            Arrays.fill(b, 0f);
        } else {
            Arrays.fill(a, Float.NEGATIVE_INFINITY);
            Arrays.fill(b, Float.POSITIVE_INFINITY);
        }
        for (int r = k0; r < k1; r++) {
            if (spec.fullRange()) Kernels.signedMaxRow(w, r * n, n0, n1, a, b);
            else if (spec.symmetric()) Kernels.absMaxRow(w, r * n, n0, n1, a);
            else Kernels.minMaxRow(w, r * n, n0, n1, a, b);
        }
    }

    /** Scale (and zero point) of one (block, column) from its range; z[j] gets the zero point as float. */
    private static void scaleAndZero(QuantSpec spec, float a, float b, double c, int blk, int col,
                                     float[] scales, byte[] zps, float[] z, int at, int j) {
        if (!Float.isFinite(a) || !Float.isFinite(b))
            throw new IllegalArgumentException("weight holds NaN or infinity in block " + blk + " of column " + col
                    + "; cannot quantize it");
        int levels = (1 << spec.bits()) - 1, half = 1 << (spec.bits() - 1);
        double raw;
        if (spec.fullRange()) raw = -c * b / half;
        else if (spec.symmetric()) raw = c * a / spec.maxCode();
        else raw = c * ((double) a - b) / levels;
        float s = floor(spec, spec.roundToScaleType((float) raw));
        scales[at] = s;
        if (zps == null) {
            z[j] = 0f;
            return;
        }
        double zp = Math.min(Math.max(Math.rint(-c * b / s), 0), levels);
        zps[at] = (byte) (int) zp;
        z[j] = (float) zp;
    }

    private static float floor(QuantSpec spec, float s) {
        float f = spec.scaleFloor();
        return Math.abs(s) >= f ? s : s < 0 ? -f : f;
    }
}
