package dev.nibble.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TensorTest {
    /** fp16 bits decoded by the IEEE 754 formula, in double, written here independently. */
    static double fp16(int bits) {
        int sign = (bits >> 15) & 1, exp = (bits >> 10) & 0x1f, man = bits & 0x3ff;
        double v = exp == 0 ? man * Math.pow(2, -24) : (1 + man / 1024.0) * Math.pow(2, exp - 15);
        if (exp == 31) v = man == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        return sign == 1 ? -v : v;
    }

    @Test
    void readsFp16AndBf16AsFloat() {
        int[] halfBits = {0x3c00, 0xc000, 0x7bff, 0x0001, 0x8400, 0x3555, 0x0000, 0x7c00};
        byte[] raw = new byte[halfBits.length * 2];
        for (int i = 0; i < halfBits.length; i++) {
            raw[2 * i] = (byte) halfBits[i];
            raw[2 * i + 1] = (byte) (halfBits[i] >> 8);
        }
        Tensor half = Tensor.ofBytes("h", DType.FLOAT16, new long[] {halfBits.length}, raw);
        for (int i = 0; i < halfBits.length; i++) assertEquals(fp16(halfBits[i]), half.getFloat(i), 0.0, "bits " + Integer.toHexString(halfBits[i]));

        // bf16 is the top half of a float32: 0x3f80 = 1.0, 0xc0a0 = -5.0, 0x3e20 = 0.15625
        Tensor bf = Tensor.ofBytes("b", DType.BFLOAT16, new long[] {3}, new byte[] {(byte) 0x80, 0x3f, (byte) 0xa0, (byte) 0xc0, 0x20, 0x3e});
        assertEquals(1.0f, bf.getFloat(0));
        assertEquals(-5.0f, bf.getFloat(1));
        assertEquals(0.15625f, bf.getFloat(2));
    }

    @Test
    void writesFp16RoundingHalfToEven() {
        double ulp = Math.pow(2, -10); // spacing of fp16 values in [1, 2)
        float[] in = {1.0f, (float) (1 + ulp / 2), (float) (1 + 3 * ulp / 2), (float) (1 + ulp / 2 + ulp / 8), 65504f, -2.5f};
        double[] want = {1.0, 1.0, 1 + 2 * ulp, 1 + ulp, 65504, -2.5};
        Tensor t = Tensor.fp16("t", new long[] {in.length}, in);
        for (int i = 0; i < in.length; i++) assertEquals(want[i], t.getFloat(i), 0.0, "value " + in[i]);
    }

    @Test
    void writesBf16RoundingHalfToEven() {
        Tensor t = Tensor.allocate("t", DType.BFLOAT16, new long[] {3});
        double ulp = Math.pow(2, -7); // spacing of bf16 values in [1, 2)
        t.setFloat(0, (float) (1 + ulp / 2));       // tie: stays at the even 1.0
        t.setFloat(1, (float) (1 + 3 * ulp / 2));   // tie: goes up to the even 1 + 2ulp
        t.setFloat(2, (float) (1 + ulp * 0.51));    // above the tie: rounds up
        assertEquals(1.0, t.getFloat(0), 0.0);
        assertEquals(1 + 2 * ulp, t.getFloat(1), 0.0);
        assertEquals(1 + ulp, t.getFloat(2), 0.0);
    }

    @Test
    void fp32RoundTripsAndSizesAreChecked() {
        float[] v = {1.5f, -0f, Float.MIN_VALUE, Float.MAX_VALUE};
        Tensor t = Tensor.fp32("t", new long[] {2, 2}, v);
        float[] back = t.toFloatArray();
        for (int i = 0; i < v.length; i++) assertEquals(Float.floatToRawIntBits(v[i]), Float.floatToRawIntBits(back[i]));
        var e = assertThrows(ModelFormatException.class, () -> Tensor.ofBytes("w", DType.FLOAT, new long[] {3}, new byte[8]));
        assertTrue(e.getMessage().contains("'w'") && e.getMessage().contains("12"), e.getMessage());
        assertEquals(3, DType.INT4.byteSize(5));
        assertThrows(ModelFormatException.class, () -> Tensor.ofBytes("i8", DType.INT8, new long[] {4}, new byte[4]).getFloat(0));
    }
}
