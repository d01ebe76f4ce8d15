package dev.nibble.quant;

import static org.junit.jupiter.api.Assertions.*;

import dev.nibble.onnx.DType;
import dev.nibble.onnx.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PackingTest {

    static QuantizedWeight quantized(int K, int N, QuantSpec spec, long seed) {
        return Rtn.quantize(Ref.gaussian(new Random(seed), K * N, 0.1), K, N, spec);
    }

    /** The 4-bit value at flat index i of QDQ data: byte i/2, low nibble for even i. */
    static int nibble(byte[] data, int i) {
        int b = data[i / 2] & 0xff;
        return i % 2 == 0 ? b & 0x0f : b >> 4;
    }

    @Test
    void qdqInt4SymmetricUnpacksToTheCodes() {
        int K = 40, N = 5; // K·N even; blocks of 16 with a short last block
        QuantizedWeight q = quantized(K, N, QuantSpec.symmetric(4, 16), 1);
        Packing.QdqWeight p = Packing.qdq(q);
        Tensor w = p.weight("w");
        assertEquals(DType.INT4, w.dtype());
        assertArrayEquals(new long[] {40, 5}, w.shape());
        assertEquals(100, w.byteSize());
        byte[] data = w.data().toArray();
        for (int k = 0; k < K; k++)
            for (int n = 0; n < N; n++) {
                int v = nibble(data, k * N + n);
                int signed = v >= 8 ? v - 16 : v;
                assertEquals(q.code(k, n), signed, "k" + k + " n" + n);
            }
        Tensor s = p.scale("w_scale");
        assertEquals(DType.FLOAT, s.dtype());
        assertArrayEquals(new long[] {3, 5}, s.shape());
        for (int b = 0; b < 3; b++)
            for (int n = 0; n < N; n++) assertEquals(q.scale(b, n), s.getFloat(b * N + n));
        assertEquals(0, p.axis());
        assertEquals(16, p.blockSize());
        assertNull(p.zeroPoint("w_zp"));
    }

    @Test
    void qdqUint4AsymmetricPacksCodesAndZeroPointsTheSameWay() {
        int K = 35, N = 3; // odd element count: the last byte has an empty high nibble
        QuantizedWeight q = quantized(K, N, QuantSpec.asymmetric(4, 16), 2);
        Packing.QdqWeight p = Packing.qdq(q);
        assertEquals(DType.UINT4, p.weight("w").dtype());
        byte[] data = p.weight("w").data().toArray();
        assertEquals(53, data.length);
        for (int i = 0; i < K * N; i++) assertEquals(q.code(i / N, i % N), nibble(data, i));
        assertEquals(0, (data[52] & 0xff) >> 4);
        Tensor zp = p.zeroPoint("w_zp");
        assertEquals(DType.UINT4, zp.dtype());
        assertArrayEquals(new long[] {3, 3}, zp.shape());
        byte[] z = zp.data().toArray();
        for (int b = 0; b < 3; b++)
            for (int n = 0; n < N; n++) assertEquals(q.zeroPoint(b, n), nibble(z, b * N + n));
    }

    @Test
    void qdqInt8PerChannelHasScalePerColumnOnAxis1() {
        int K = 50, N = 4;
        QuantizedWeight q = quantized(K, N, QuantSpec.symmetric(8, 0), 3);
        Packing.QdqWeight p = Packing.qdq(q);
        Tensor w = p.weight("w");
        assertEquals(DType.INT8, w.dtype());
        byte[] data = w.data().toArray();
        for (int i = 0; i < K * N; i++) assertEquals(q.code(i / N, i % N), data[i]);
        assertArrayEquals(new long[] {4}, p.scale("s").shape());
        assertEquals(1, p.axis());
        assertEquals(0, p.blockSize());
        QuantizedWeight a = quantized(K, N, QuantSpec.asymmetric(8, 0), 3);
        Packing.QdqWeight pa = Packing.qdq(a);
        assertEquals(DType.UINT8, pa.weight("w").dtype());
        assertEquals(DType.UINT8, pa.zeroPoint("z").dtype());
        for (int n = 0; n < N; n++) assertEquals(a.zeroPoint(0, n), pa.zeroPoint("z").data().get(n) & 0xff);
    }

    /**
     * K = 40, N = 3, block 16: nb = 3 blocks per column, blob = 8 bytes, B is [3, 3, 8].
     * Byte (n, b, j) at n·24 + b·8 + j holds rows k = b·16 + 2j (low nibble) and 2j+1
     * (high); rows 40..47 are padding (code 0 → stored 8).
     */
    @Test
    void matMulNBitsLayoutForAPaddedSmallCase() {
        QuantizedWeight q = quantized(40, 3, QuantSpec.symmetric(4, 16), 4);
        Packing.MatMulNBitsWeight p = Packing.matMulNBits(q);
        Tensor b = p.bTensor("B");
        assertEquals(DType.UINT8, b.dtype());
        assertArrayEquals(new long[] {3, 3, 8}, b.shape());
        byte[] B = b.data().toArray();
        assertEquals(72, B.length);
        // written out: column 0 block 0 byte 0 = rows 0 and 1
        assertEquals(q.code(0, 0) + 8, B[0] & 0x0f);
        assertEquals(q.code(1, 0) + 8, (B[0] & 0xff) >> 4);
        // column 1 block 1 byte 3 = rows 16+6 = 22 and 23, at 24 + 8 + 3
        assertEquals(q.code(22, 1) + 8, B[35] & 0x0f);
        assertEquals(q.code(23, 1) + 8, (B[35] & 0xff) >> 4);
        // column 2 block 2 byte 3 = rows 38, 39 (the last real rows), at 48 + 16 + 3
        assertEquals(q.code(38, 2) + 8, B[67] & 0x0f);
        assertEquals(q.code(39, 2) + 8, (B[67] & 0xff) >> 4);
        // column 2 block 2 bytes 4..7 = rows 40..47, padding
        for (int j = 68; j < 72; j++) assertEquals((byte) 0x88, B[j]);
        // every byte by the general formula
        for (int n = 0; n < 3; n++)
            for (int blk = 0; blk < 3; blk++)
                for (int i = 0; i < 16; i++) {
                    int k = blk * 16 + i, v = B[n * 24 + blk * 8 + i / 2] & 0xff;
                    int got = i % 2 == 0 ? v & 0x0f : v >> 4;
                    assertEquals(k < 40 ? q.code(k, n) + 8 : 8, got, "n" + n + " k" + k);
                }
        Tensor s = p.scalesTensor("scales");
        assertArrayEquals(new long[] {9}, s.shape());
        for (int n = 0; n < 3; n++)
            for (int blk = 0; blk < 3; blk++) assertEquals(q.scale(blk, n), s.getFloat(n * 3 + blk));
        assertNull(p.zeroPointsTensor("zp"));
        assertEquals(40, p.k());
        assertEquals(3, p.n());
        assertEquals(16, p.blockSize());
    }

    /** Asymmetric: codes stored as they are, zero points [N · ceil(3·4/8) = 2 bytes per column], padding = the block's zero point. */
    @Test
    void matMulNBitsAsymmetricZeroPoints() {
        QuantizedWeight q = quantized(40, 3, QuantSpec.asymmetric(4, 16), 5);
        Packing.MatMulNBitsWeight p = Packing.matMulNBits(q);
        byte[] B = p.bTensor("B").data().toArray();
        for (int n = 0; n < 3; n++)
            for (int k = 0; k < 48; k++) {
                int v = B[n * 24 + k / 16 * 8 + (k % 16) / 2] & 0xff;
                assertEquals(k < 40 ? q.code(k, n) : q.zeroPoint(2, n), k % 2 == 0 ? v & 0x0f : v >> 4);
            }
        Tensor zp = p.zeroPointsTensor("zp");
        assertArrayEquals(new long[] {6}, zp.shape());
        byte[] z = zp.data().toArray();
        for (int n = 0; n < 3; n++) {
            assertEquals(q.zeroPoint(0, n), z[n * 2] & 0x0f);
            assertEquals(q.zeroPoint(1, n), (z[n * 2] & 0xff) >> 4);
            assertEquals(q.zeroPoint(2, n), z[n * 2 + 1] & 0x0f);
            assertEquals(0, (z[n * 2 + 1] & 0xff) >> 4);
        }
    }

    @Test
    void matMulNBits8BitOffsetsSymmetricCodesBy128() {
        QuantizedWeight q = quantized(40, 3, QuantSpec.symmetric(8, 32), 6);
        Packing.MatMulNBitsWeight p = Packing.matMulNBits(q);
        assertArrayEquals(new long[] {3, 2, 32}, p.bShape());
        for (int n = 0; n < 3; n++)
            for (int k = 0; k < 64; k++)
                assertEquals(k < 40 ? q.code(k, n) + 128 : 128, p.b()[n * 64 + k] & 0xff);
        QuantizedWeight a = quantized(40, 3, QuantSpec.asymmetric(8, 32), 6);
        Packing.MatMulNBitsWeight pa = Packing.matMulNBits(a);
        for (int n = 0; n < 3; n++)
            for (int blk = 0; blk < 2; blk++) assertEquals(a.zeroPoint(blk, n), pa.zeroPoints()[n * 2 + blk] & 0xff);
    }

    @Test
    void scaleTypesAndRefusals() {
        QuantizedWeight q16 = quantized(32, 4, QuantSpec.symmetric(4, 16).withScaleType(DType.FLOAT16), 7);
        Tensor s = Packing.qdq(q16).scale("s");
        assertEquals(DType.FLOAT16, s.dtype());
        for (int i = 0; i < 8; i++) assertEquals(q16.scales()[i], s.getFloat(i));
        assertEquals(DType.FLOAT, Packing.matMulNBits(q16).scalesTensor("s", DType.FLOAT).dtype());
        QuantizedWeight q32 = quantized(32, 4, QuantSpec.symmetric(4, 16), 7);
        var e = assertThrows(IllegalArgumentException.class, () -> Packing.qdq(q32).scale("s", DType.FLOAT16));
        assertTrue(e.getMessage().contains("withScaleType"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Packing.matMulNBits(quantized(32, 4, QuantSpec.symmetric(8, 0), 8)));
        assertTrue(e.getMessage().contains("MatMulNBits needs a block size"), e.getMessage());
    }
}
