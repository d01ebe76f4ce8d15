package dev.nibble.onnx;

import java.util.Optional;

/**
 * ONNX element types, with the one fact nibble needs about each: how many bits one
 * element takes in {@code raw_data} / external data. Codes are the IR's
 * ({@code TensorProto.DataType}); sub-byte types pack two elements a byte, the first
 * in the low nibble.
 */
public enum DType {
    FLOAT(1, 32), UINT8(2, 8), INT8(3, 8), UINT16(4, 16), INT16(5, 16), INT32(6, 32),
    INT64(7, 64), STRING(8, 0), BOOL(9, 8), FLOAT16(10, 16), DOUBLE(11, 64), UINT32(12, 32),
    UINT64(13, 64), COMPLEX64(14, 64), COMPLEX128(15, 128), BFLOAT16(16, 16),
    FLOAT8E4M3FN(17, 8), FLOAT8E4M3FNUZ(18, 8), FLOAT8E5M2(19, 8), FLOAT8E5M2FNUZ(20, 8),
    UINT4(21, 4), INT4(22, 4), FLOAT4E2M1(23, 4), FLOAT8E8M0(24, 8);

    /** The IR code, as stored in {@code data_type} / {@code elem_type}. */
    public final int code;
    /** Bits one element occupies in raw storage (0 for STRING, which has no raw form). */
    public final int bits;

    DType(int code, int bits) {
        this.code = code;
        this.bits = bits;
    }

    public static Optional<DType> fromCode(int code) {
        for (DType t : values()) if (t.code == code) return Optional.of(t);
        return Optional.empty();
    }

    /** Bytes that {@code count} elements take in raw storage (sub-byte types round up). */
    public long byteSize(long count) {
        return (count * bits + 7) / 8;
    }

    /** True for the float types {@link Tensor#getFloat} can read: fp32, fp16, bf16. */
    public boolean isReadableAsFloat() {
        return this == FLOAT || this == FLOAT16 || this == BFLOAT16;
    }

    /** Lower-case ONNX-style name for tables: "float16", "int4". */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
