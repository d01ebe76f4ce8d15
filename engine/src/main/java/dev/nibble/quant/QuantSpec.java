package dev.nibble.quant;

import dev.nibble.onnx.DType;

/**
 * How one weight is quantized (SPEC.md section 3): code width, block size along K,
 * symmetric or asymmetric, the full-range variant, and the float type the scales are
 * stored in.
 *
 * @param bits      4 or 8
 * @param blockSize rows of K sharing one scale per column: a power of two ≥ 16, or
 *                  {@link #PER_CHANNEL} (0) for one block spanning all of K
 * @param symmetric true: codes centred on 0, no zero point; false: unsigned codes with a
 *                  zero point per (block, column)
 * @param fullRange symmetric only: onnxruntime MLAS's rule {@code s = -m/2^(bits-1)}
 *                  using all 2^bits levels (m = signed value of largest magnitude)
 * @param scaleType {@link DType#FLOAT} or {@link DType#FLOAT16}: scales are rounded to this
 *                  type <em>before</em> the codes are computed, so codes and stored scales
 *                  agree exactly; it also sets the scale floor (see {@link #scaleFloor()})
 */
public record QuantSpec(int bits, int blockSize, boolean symmetric, boolean fullRange, DType scaleType) {

    /** {@link #blockSize()} value meaning one block per column spanning all of K. */
    public static final int PER_CHANNEL = 0;

    public QuantSpec {
        if (bits != 4 && bits != 8)
            throw new IllegalArgumentException("bits must be 4 or 8, got " + bits);
        if (blockSize != PER_CHANNEL && (blockSize < 16 || Integer.bitCount(blockSize) != 1))
            throw new IllegalArgumentException("block size must be a power of two ≥ 16 (16, 32, 64, 128, ...) or "
                    + PER_CHANNEL + " for per-channel, got " + blockSize);
        if (fullRange && !symmetric)
            throw new IllegalArgumentException("full-range applies to symmetric quantization only; "
                    + "asymmetric already uses all " + (1 << bits) + " levels");
        if (scaleType != DType.FLOAT && scaleType != DType.FLOAT16)
            throw new IllegalArgumentException("scale type must be float or float16, got " + scaleType.label());
    }

    /** fp32 scales. */
    public QuantSpec(int bits, int blockSize, boolean symmetric, boolean fullRange) {
        this(bits, blockSize, symmetric, fullRange, DType.FLOAT);
    }

    /** Symmetric, fp32 scales. */
    public static QuantSpec symmetric(int bits, int blockSize) {
        return new QuantSpec(bits, blockSize, true, false);
    }

    /** Asymmetric (zero points), fp32 scales. */
    public static QuantSpec asymmetric(int bits, int blockSize) {
        return new QuantSpec(bits, blockSize, false, false);
    }

    public QuantSpec withScaleType(DType type) {
        return new QuantSpec(bits, blockSize, symmetric, fullRange, type);
    }

    public QuantSpec withBlockSize(int bs) {
        return new QuantSpec(bits, bs, symmetric, fullRange, scaleType);
    }

    public boolean perChannel() {
        return blockSize == PER_CHANNEL;
    }

    /** Rows per block for a weight with {@code k} rows: the block size, or k when per-channel. */
    public int rowsPerBlock(int k) {
        return perChannel() ? k : blockSize;
    }

    /** ceil(k / rowsPerBlock(k)): blocks per column. */
    public int blocks(int k) {
        int bs = rowsPerBlock(k);
        return (k + bs - 1) / bs;
    }

    /** Largest code: 7 / 127 symmetric, 15 / 255 asymmetric. */
    public int maxCode() {
        return symmetric ? (1 << (bits - 1)) - 1 : (1 << bits) - 1;
    }

    /** Smallest code: -8 / -128 symmetric, 0 asymmetric. */
    public int minCode() {
        return symmetric ? -(1 << (bits - 1)) : 0;
    }

    /**
     * The least scale magnitude: 1e-5 "relative to dtype" read as 1e-5 expressed in the
     * scale type, i.e. 1e-5f for fp32 and the fp16 value nearest 1e-5 (a subnormal,
     * 168·2^-24 ≈ 1.0014e-5) for fp16. A stored scale is therefore never below the floor
     * after its own rounding.
     */
    public float scaleFloor() {
        return roundToScaleType(1e-5f);
    }

    /** {@code v} rounded to the scale type (identity for fp32). */
    public float roundToScaleType(float v) {
        return scaleType == DType.FLOAT16 ? Float.float16ToFloat(Float.floatToFloat16(v)) : v;
    }

    /** Short label for plans and tables: "int4 b128 sym", "int8 per-channel asym", "int4 b32 full-range". */
    public String label() {
        return "int" + bits + " " + (perChannel() ? "per-channel" : "b" + blockSize) + " "
                + (fullRange ? "full-range" : symmetric ? "sym" : "asym")
                + (scaleType == DType.FLOAT ? "" : " " + scaleType.label() + "-scales");
    }
}
