package dev.nibble.quant;

/**
 * A weight W[K, N] after quantization, unpacked: one code a byte, in W's own [K, N]
 * row-major order, plus a scale (and for asymmetric specs a zero point) per
 * (block, column).
 *
 * <p>Codes are signed for symmetric specs ([-8, 7] / [-128, 127]) and unsigned for
 * asymmetric ones ([0, 15] / [0, 255], read with {@code & 0xff}); {@link #code} hides the
 * difference. Dequantized value of (k, n) in block b = k / rowsPerBlock:
 * {@code (code - zero) · scale[b·N + n]} evaluated in float, as onnxruntime does.
 *
 * <p>A record over arrays: {@code equals} is identity; the arrays are shared, not copied.
 *
 * @param codes      byte[K·N], element (k, n) at k·N + n
 * @param scales     float[blocks·N], (b, n) at b·N + n; already rounded to the spec's scale type
 * @param zeroPoints byte[blocks·N] unsigned, same indexing, or null when symmetric
 */
public record QuantizedWeight(byte[] codes, float[] scales, byte[] zeroPoints, int k, int n, QuantSpec spec) {

    public QuantizedWeight {
        int blocks = spec.blocks(k);
        if (codes.length != (long) k * n)
            throw new IllegalArgumentException("codes: " + codes.length + " values for a " + k + "x" + n + " weight");
        if (scales.length != (long) blocks * n)
            throw new IllegalArgumentException("scales: " + scales.length + " values, expected " + blocks + "x" + n);
        if (spec.symmetric() != (zeroPoints == null))
            throw new IllegalArgumentException(spec.symmetric() ? "symmetric weights have no zero points"
                    : "asymmetric weights need zero points");
        if (zeroPoints != null && zeroPoints.length != scales.length)
            throw new IllegalArgumentException("zero points: " + zeroPoints.length + " values, expected " + scales.length);
    }

    /** Rows per block (K when per-channel). */
    public int rowsPerBlock() {
        return spec.rowsPerBlock(k);
    }

    /** Blocks per column: ceil(K / rowsPerBlock). */
    public int blocks() {
        return spec.blocks(k);
    }

    /** The integer code of element (row, col): signed when symmetric, unsigned otherwise. */
    public int code(int row, int col) {
        byte c = codes[row * n + col];
        return spec.symmetric() ? c : c & 0xff;
    }

    public float scale(int block, int col) {
        return scales[block * n + col];
    }

    /** The zero point of (block, col); 0 for symmetric weights. */
    public int zeroPoint(int block, int col) {
        return zeroPoints == null ? 0 : zeroPoints[block * n + col] & 0xff;
    }

    /** The dequantized weight, float[K·N] in [K, N] order (vectorized, parallel over column tiles). */
    public float[] dequantize() {
        float[] out = new float[codes.length];
        Kernels.dequantize(this, out);
        return out;
    }
}
