package dev.nibble.quant;

import dev.nibble.onnx.DType;
import dev.nibble.onnx.Tensor;

/**
 * Lays a {@link QuantizedWeight} out as the initializers of the two ONNX formats
 * (SPEC.md section 4). Nothing here changes a value; it only moves codes into bytes.
 */
public final class Packing {
    private Packing() {}

    /**
     * QDQ: the weight as a [K, N] initializer for {@code DequantizeLinear} (opset 21).
     * 4-bit: INT4 (symmetric) or UINT4 (asymmetric), row-major, two codes a byte, the even
     * flat index in the low nibble; 8-bit: INT8 or UINT8, one a byte. Blockwise specs give
     * scales [ceil(K/bs), N] with axis 0 and block_size bs; per-channel specs give scales
     * [N] with axis 1 and no block_size. Zero points (asymmetric only) have the scales'
     * shape and the codes' type, packed the same way.
     */
    public static QdqWeight qdq(QuantizedWeight q) {
        QuantSpec spec = q.spec();
        boolean four = spec.bits() == 4, sym = spec.symmetric();
        DType type = four ? (sym ? DType.INT4 : DType.UINT4) : (sym ? DType.INT8 : DType.UINT8);
        long[] scaleShape = spec.perChannel() ? new long[] {q.n()} : new long[] {q.blocks(), q.n()};
        byte[] codes = four ? packNibbles(q.codes()) : q.codes().clone();
        byte[] zps = q.zeroPoints() == null ? null : four ? packNibbles(q.zeroPoints()) : q.zeroPoints().clone();
        return new QdqWeight(type, new long[] {q.k(), q.n()}, codes, q.scales().clone(), scaleShape, zps,
                spec.perChannel() ? 1 : 0, spec.perChannel() ? 0 : spec.blockSize(), spec.scaleType());
    }

    /** Two 4-bit values a byte: value i in byte i/2, low nibble when i is even. */
    static byte[] packNibbles(byte[] values) {
        byte[] out = new byte[(values.length + 1) / 2];
        for (int i = 0; i < values.length; i++) out[i >> 1] |= (byte) ((values[i] & 0xf) << ((i & 1) << 2));
        return out;
    }

    /**
     * {@code com.microsoft.MatMulNBits}: B uint8 [N, nb, bs·bits/8] (nb = ceil(K/bs)), in
     * each block row k = b·bs + i at byte i·bits/8, even i in the low nibble; codes stored
     * unsigned (symmetric codes offset by 2^(bits-1), which is the operator's default zero
     * point, so symmetric weights carry no zero points). Rows past K are padding and hold
     * the code of 0.0. Scales [N·nb], (b, n) at n·nb + b. Asymmetric zero points: uint8
     * [N·ceil(nb·bits/8)], column n's row packed like a block of B.
     *
     * @throws IllegalArgumentException for a per-channel spec (the operator needs a block size)
     */
    public static MatMulNBitsWeight matMulNBits(QuantizedWeight q) {
        QuantSpec spec = q.spec();
        if (spec.perChannel())
            throw new IllegalArgumentException("MatMulNBits needs a block size (a power of two ≥ 16); this weight is "
                    + "quantized per-channel: write it as QDQ, or quantize it with a block size");
        int k = q.k(), n = q.n(), bs = spec.blockSize(), nb = q.blocks(), bits = spec.bits();
        int blob = bs * bits / 8, offset = spec.symmetric() ? 1 << (bits - 1) : 0;
        byte[] b = new byte[n * nb * blob];
        float[] scales = new float[n * nb];
        Kernels.forEachColumnTile(n, k, (n0, n1) -> {
            for (int r = 0; r < nb * bs; r += 8 / bits) // r: first row this output byte holds
                for (int col = n0; col < n1; col++) {
                    int at = col * nb * blob + r / bs * blob + (r % bs) * bits / 8;
                    int lo = unsignedCode(q, r, col, offset);
                    b[at] = (byte) (bits == 8 ? lo : lo | unsignedCode(q, r + 1, col, offset) << 4);
                }
            for (int col = n0; col < n1; col++)
                for (int blk = 0; blk < nb; blk++) scales[col * nb + blk] = q.scale(blk, col);
        });
        byte[] zps = null;
        int zpRow = (nb * bits + 7) / 8;
        if (!spec.symmetric()) {
            zps = new byte[n * zpRow];
            for (int col = 0; col < n; col++)
                for (int blk = 0; blk < nb; blk++)
                    zps[col * zpRow + blk * bits / 8] |= (byte) (q.zeroPoint(blk, col) << (bits == 4 ? (blk & 1) << 2 : 0));
        }
        return new MatMulNBitsWeight(k, n, bits, bs, b, new long[] {n, nb, blob}, scales, zps,
                zps == null ? null : new long[] {(long) n * zpRow}, spec.scaleType());
    }

    /** Code of (row, col) as stored unsigned; a padding row (≥ K) holds the code of 0.0. */
    private static int unsignedCode(QuantizedWeight q, int row, int col, int offset) {
        if (row < q.k()) return q.code(row, col) + offset;
        return q.spec().symmetric() ? offset : q.zeroPoint(row / q.rowsPerBlock(), col);
    }

    /** A float tensor of scales in {@code type}; fp16-quantized scales may widen to fp32, never the reverse. */
    static Tensor scaleTensor(String name, long[] shape, float[] scales, DType quantizedFor, DType type) {
        if (type == DType.FLOAT) return Tensor.fp32(name, shape, scales);
        if (type == DType.FLOAT16 && quantizedFor == DType.FLOAT16) return Tensor.fp16(name, shape, scales);
        throw new IllegalArgumentException("scales of '" + name + "' were computed for " + quantizedFor.label()
                + " and cannot be stored as " + type.label() + " without changing the codes' meaning; "
                + "quantize with QuantSpec.withScaleType(" + type + ") instead");
    }

    /**
     * QDQ initializers, ready to become tensors.
     *
     * @param axis      0 for blockwise (with {@code blockSize}), 1 for per-channel (blockSize 0)
     * @param scaleType the float type the scales were computed for
     */
    public record QdqWeight(DType type, long[] shape, byte[] data, float[] scales, long[] scaleShape,
                            byte[] zeroPoints, int axis, int blockSize, DType scaleType) {
        public Tensor weight(String name) {
            return Tensor.ofBytes(name, type, shape, data);
        }

        /** Scales in the type they were computed for. */
        public Tensor scale(String name) {
            return scale(name, scaleType);
        }

        /** Scales as FLOAT or FLOAT16 (fp16 only when quantized with fp16 scales). */
        public Tensor scale(String name, DType type) {
            return scaleTensor(name, scaleShape, scales, scaleType, type);
        }

        /** The zero-point tensor (codes' type, scales' shape), or null when symmetric. */
        public Tensor zeroPoint(String name) {
            return zeroPoints == null ? null : Tensor.ofBytes(name, type, scaleShape, zeroPoints);
        }
    }

    /** MatMulNBits inputs and attributes (K, N, bits, block_size), ready to become tensors. */
    public record MatMulNBitsWeight(int k, int n, int bits, int blockSize, byte[] b, long[] bShape,
                                    float[] scales, byte[] zeroPoints, long[] zeroPointShape, DType scaleType) {
        public Tensor bTensor(String name) {
            return Tensor.ofBytes(name, DType.UINT8, bShape, b);
        }

        /** Scales [N·nb] in the type they were computed for. */
        public Tensor scalesTensor(String name) {
            return scalesTensor(name, scaleType);
        }

        public Tensor scalesTensor(String name, DType type) {
            return scaleTensor(name, new long[] {scales.length}, scales, scaleType, type);
        }

        /** uint8 zero points, or null when symmetric (the default 2^(bits-1) applies). */
        public Tensor zeroPointsTensor(String name) {
            return zeroPoints == null ? null : Tensor.ofBytes(name, DType.UINT8, zeroPointShape, zeroPoints);
        }
    }
}
