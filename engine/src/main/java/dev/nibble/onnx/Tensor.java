package dev.nibble.onnx;

import java.util.Arrays;

/**
 * A named tensor: element type, shape and its bytes in ONNX raw layout (little-endian,
 * row-major, sub-byte types packed low nibble first).
 *
 * <p>The bytes are {@link Bytes}: for a loaded model usually a read-only slice of a
 * memory-mapped external data file, so a tensor of any size (beyond 2 GB too) costs no
 * heap. Float views read fp32, fp16 and bf16 alike as {@code float}; the factories build
 * fp32 or fp16 tensors from float arrays.
 */
public final class Tensor {
    private final String name;
    private final DType dtype;
    private final long[] shape;
    private final Bytes data;

    /** @throws ModelFormatException if {@code data} is not exactly the size the shape needs */
    public Tensor(String name, DType dtype, long[] shape, Bytes data) {
        this.name = name;
        this.dtype = dtype;
        this.shape = shape.clone();
        this.data = data;
        long want = dtype.byteSize(numel(shape));
        if (data.size() != want)
            throw new ModelFormatException("tensor '" + name + "' (" + dtype.label() + " " + Arrays.toString(shape)
                    + ") needs " + want + " bytes but its data has " + data.size());
    }

    public String name() { return name; }
    public DType dtype() { return dtype; }
    public long[] shape() { return shape.clone(); }
    public int rank() { return shape.length; }
    public long dim(int i) { return shape[i]; }
    /** The raw bytes (read-only when they come from a loaded model). */
    public Bytes data() { return data; }
    public long numel() { return numel(shape); }
    public long byteSize() { return data.size(); }

    public static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) n = Math.multiplyExact(n, d);
        return n;
    }

    /** The same bytes under another name (used when a rewrite keeps a weight as it is). */
    public Tensor renamed(String newName) {
        return new Tensor(newName, dtype, shape, data);
    }

    /** Element {@code i} (flat, row-major) of an fp32, fp16 or bf16 tensor, as a float. */
    public float getFloat(long i) {
        return switch (dtype) {
            case FLOAT -> data.getFloat(i * 4);
            case FLOAT16 -> Float.float16ToFloat(data.getShort(i * 2));
            case BFLOAT16 -> Float.intBitsToFloat((data.getShort(i * 2) & 0xffff) << 16);
            default -> throw notFloat();
        };
    }

    /** Copies elements [from, from+dst.length) into {@code dst} as floats. */
    public void readFloats(long from, float[] dst) {
        if (dtype == DType.FLOAT) {
            data.getFloats(from * 4, dst, 0, dst.length);
            return;
        }
        if (!dtype.isReadableAsFloat()) throw notFloat();
        for (int j = 0; j < dst.length; j++) dst[j] = getFloat(from + j);
    }

    /** All elements as a float array; only for tensors under 2^31 elements. */
    public float[] toFloatArray() {
        long n = numel();
        if (n > Integer.MAX_VALUE - 8)
            throw new IllegalStateException("tensor '" + name + "' has " + n + " elements, too many for one array; read it in slices");
        float[] out = new float[(int) n];
        readFloats(0, out);
        return out;
    }

    /** Writes element {@code i} of a writable fp32, fp16 or bf16 tensor (rounded to nearest even). */
    public void setFloat(long i, float v) {
        switch (dtype) {
            case FLOAT -> data.putFloat(i * 4, v);
            case FLOAT16 -> data.putShort(i * 2, Float.floatToFloat16(v));
            case BFLOAT16 -> data.putShort(i * 2, toBf16(v));
            default -> throw notFloat();
        }
    }

    private ModelFormatException notFloat() {
        return new ModelFormatException("tensor '" + name + "' is " + dtype.label() + ", not a float type (float, float16, bfloat16)");
    }

    /** An fp32 tensor holding a copy of {@code values}. */
    public static Tensor fp32(String name, long[] shape, float[] values) {
        return fromFloats(name, DType.FLOAT, shape, values);
    }

    /** An fp16 tensor of {@code values}, rounded to nearest even as IEEE 754 says. */
    public static Tensor fp16(String name, long[] shape, float[] values) {
        return fromFloats(name, DType.FLOAT16, shape, values);
    }

    private static Tensor fromFloats(String name, DType dtype, long[] shape, float[] values) {
        Tensor t = allocate(name, dtype, shape);
        for (int i = 0; i < values.length; i++) t.setFloat(i, values[i]);
        return t;
    }

    /** A tensor of any type from bytes already in ONNX raw layout. */
    public static Tensor ofBytes(String name, DType dtype, long[] shape, byte[] raw) {
        return new Tensor(name, dtype, shape, Bytes.wrap(raw));
    }

    /** A zero-filled writable tensor (off-heap when large; may exceed 2 GB). */
    public static Tensor allocate(String name, DType dtype, long[] shape) {
        return new Tensor(name, dtype, shape, Bytes.allocate(dtype.byteSize(numel(shape))));
    }

    /** fp32 to bf16 bits, rounded to nearest even (NaN stays a quiet NaN). */
    static short toBf16(float v) {
        int bits = Float.floatToRawIntBits(v);
        if (Float.isNaN(v)) return (short) ((bits >>> 16) | 0x40);
        return (short) ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16);
    }

    @Override
    public String toString() {
        return name + " " + dtype.label() + Arrays.toString(shape);
    }
}
