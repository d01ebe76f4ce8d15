package dev.nibble.quant;

import static org.junit.jupiter.api.Assertions.*;

import dev.nibble.onnx.DType;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RtnTest {

    static Stream<Arguments> specs() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (int bits : new int[] {4, 8})
            for (Ref.Mode mode : Ref.Mode.values())
                for (int bs : new int[] {32, 64, 128, 0})
                    b.add(Arguments.of(bits, mode, bs));
        return b.build();
    }

    static QuantSpec spec(int bits, Ref.Mode mode, int bs) {
        return new QuantSpec(bits, bs, mode != Ref.Mode.ASYM, mode == Ref.Mode.FULL);
    }

    /** K = 200 is a multiple of none of the block sizes; N = 37 leaves a scalar tail after the vectors. */
    @ParameterizedTest(name = "int{0} {1} block {2}")
    @MethodSource("specs")
    void codesScalesAndZerosFollowTheSpec(int bits, Ref.Mode mode, int bs) {
        int K = 200, N = 37;
        Random r = new Random(bits * 1000 + bs + mode.ordinal());
        float[] w = new float[K * N];
        for (int k = 0; k < K; k++)
            for (int n = 0; n < N; n++) w[k * N + n] = (float) (r.nextGaussian() * (0.02 + 0.01 * n) + (mode == Ref.Mode.ASYM ? 0.01 * (n % 3) : 0));
        // a column of one sign and an all-zero column make asymmetric zero points and the floor matter
        for (int k = 0; k < K; k++) {
            w[k * N + 5] = Math.abs(w[k * N + 5]) + 0.5f;
            w[k * N + 6] = 0f;
        }
        assertMatchesReference(w, K, N, bits, mode, bs, null);
    }

    /** Wide enough for several parallel column tiles. */
    @Test
    void largeWeightAcrossParallelTiles() {
        int K = 256, N = 600;
        float[] w = Ref.gaussian(new Random(7), K * N, 0.05);
        assertMatchesReference(w, K, N, 4, Ref.Mode.SYM, 128, null);
        assertMatchesReference(w, K, N, 8, Ref.Mode.ASYM, 0, null);
    }

    @Test
    void clipRatiosScaleTheRange() {
        int K = 100, N = 21;
        for (Ref.Mode mode : Ref.Mode.values()) {
            Random r = new Random(3 + mode.ordinal());
            float[] w = Ref.gaussian(r, K * N, 0.1);
            int nb = (K + 31) / 32;
            float[] clip = new float[nb * N];
            for (int i = 0; i < clip.length; i++) clip[i] = 0.5f + 0.05f * r.nextInt(11);
            assertMatchesReference(w, K, N, 4, mode, 32, clip);
        }
    }

    static void assertMatchesReference(float[] w, int K, int N, int bits, Ref.Mode mode, int bs, float[] clip) {
        QuantizedWeight q = Rtn.quantize(w, K, N, spec(bits, mode, bs), clip);
        Ref.Q ref = Ref.rtn(w, K, N, bits, bs, mode, clip);
        assertArrayEquals(ref.scales(), q.scales(), "scales");
        for (int b = 0; b < ref.nb(); b++)
            for (int n = 0; n < N; n++)
                if (ref.zps() != null) assertEquals(ref.zps()[b * N + n], q.zeroPoint(b, n), "zero point b" + b + " n" + n);
        for (int k = 0; k < K; k++)
            for (int n = 0; n < N; n++)
                assertEquals(ref.codes()[k * N + n], q.code(k, n), "code k" + k + " n" + n);
        double[] dq = Ref.dequant(ref, K, N);
        float[] got = q.dequantize();
        for (int i = 0; i < got.length; i++) assertEquals((float) dq[i], got[i], "dequantized " + i);
        assertArrayEquals(got, Rtn.fakeQuantize(w, K, N, spec(bits, mode, bs), clip));
    }

    @Test
    void allZeroBlockGetsTheFloorAndZeroCodes() {
        int K = 64, N = 20;
        float[] w = Ref.gaussian(new Random(1), K * N, 1);
        for (int k = 32; k < 64; k++) w[k * N + 3] = 0f; // block 1 of column 3
        for (QuantSpec spec : new QuantSpec[] {QuantSpec.symmetric(4, 32), QuantSpec.asymmetric(4, 32), new QuantSpec(8, 32, true, true)}) {
            QuantizedWeight q = Rtn.quantize(w, K, N, spec);
            assertEquals(1e-5f, q.scale(1, 3), spec.label());
            assertEquals(0, q.zeroPoint(1, 3));
            for (int k = 32; k < 64; k++) assertEquals(0, q.code(k, 3), spec.label());
        }
    }

    /** s = 1.75/7 = 0.25 exactly, so w = (m + 0.5)·0.25 lands on x.5: round half to even. */
    @Test
    void tiesRoundHalfToEven() {
        float[] col = {1.75f, 0.125f, 0.375f, 0.625f, 0.875f, 1.125f, -0.125f, -0.375f, -0.625f, -0.875f, -1.625f, -1.375f, 0.0f, 1.625f, -1.75f, 0.25f};
        int[] want = {7, 0, 2, 2, 4, 4, 0, -2, -2, -4, -6, -6, 0, 6, -7, 1};
        int K = 16, N = 17; // one block of 16; the same column in every position, so vector lanes and the tail both see it
        float[] w = new float[K * N];
        for (int k = 0; k < K; k++)
            for (int n = 0; n < N; n++) w[k * N + n] = col[k];
        QuantizedWeight q = Rtn.quantize(w, K, N, QuantSpec.symmetric(4, 16));
        for (int n = 0; n < N; n++) {
            assertEquals(0.25f, q.scale(0, n));
            for (int k = 0; k < K; k++) assertEquals(want[k], q.code(k, n), "k" + k + " n" + n);
        }
    }

    /** Full range: m = -1.75 gives s = 1.75/8; -1.75 itself codes -8, +1.75 would be +8 and clamps to 7; a +a/-a tie takes the first. */
    @Test
    void fullRangeUsesTheSignedExtreme() {
        float[] col = {0.5f, -1.75f, 1.75f, 0.2f};
        int K = 4, N = 16;
        float[] w = new float[K * N];
        for (int k = 0; k < K; k++)
            for (int n = 0; n < N; n++) w[k * N + n] = col[k];
        QuantizedWeight q = Rtn.quantize(w, K, N, new QuantSpec(4, 0, true, true));
        assertEquals((float) (1.75 / 8), q.scale(0, 0));
        assertEquals(-8, q.code(1, 0));
        assertEquals(7, q.code(2, 0));
        assertEquals((int) Math.rint(0.5 / (1.75 / 8)), q.code(0, 0));
    }

    /**
     * A quotient whose float rounding lands on x.5 while the exact one does not: the code
     * must follow the exact quotient (float division would round it to even).
     */
    @Test
    void roundsTheExactQuotientNotItsFloatRounding() {
        int found = 0;
        for (int a = 1; a < 2000 && found < 3; a++) {
            float amax = 1f + a / 1024f;
            float s = (float) (amax / 7.0);
            float w0 = (float) (2.5 * s);
            for (int i = -4; i <= 4; i++) {
                float w = w0;
                for (int j = 0; j < Math.abs(i); j++) w = i < 0 ? Math.nextDown(w) : Math.nextUp(w);
                if (w / s != 2.5f || (double) w / s == 2.5) continue;
                found++;
                int want = (double) w / s > 2.5 ? 3 : 2;
                float[] col = {amax, w};
                float[] m = new float[2 * 16];
                for (int n = 0; n < 16; n++) { m[n] = col[0]; m[16 + n] = col[1]; }
                QuantizedWeight q = Rtn.quantize(m, 2, 16, QuantSpec.symmetric(4, 0));
                assertEquals(s, q.scale(0, 0));
                for (int n = 0; n < 16; n++) assertEquals(want, q.code(1, n), "w=" + w + " s=" + s);
            }
        }
        assertTrue(found > 0, "no near-tie case constructed");
    }

    @Test
    void fp16ScalesAreRoundedBeforeTheCodes() {
        int K = 64, N = 18;
        float[] w = Ref.gaussian(new Random(11), K * N, 0.03);
        QuantizedWeight q = Rtn.quantize(w, K, N, QuantSpec.symmetric(4, 32).withScaleType(DType.FLOAT16));
        for (int b = 0; b < 2; b++)
            for (int n = 0; n < N; n++) {
                double amax = 0;
                for (int k = b * 32; k < b * 32 + 32; k++) amax = Math.max(amax, Math.abs(w[k * N + n]));
                float s = Float.float16ToFloat(Float.floatToFloat16((float) (amax / 7)));
                assertEquals(s, q.scale(b, n));
                for (int k = b * 32; k < b * 32 + 32; k++)
                    assertEquals((int) Math.max(-8, Math.min(7, Math.rint(w[k * N + n] / (double) s))), q.code(k, n));
            }
    }

    @Test
    void badInputIsRefusedWithAReason() {
        var e = assertThrows(IllegalArgumentException.class, () -> QuantSpec.symmetric(3, 32));
        assertTrue(e.getMessage().contains("bits must be 4 or 8, got 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> QuantSpec.symmetric(4, 48));
        assertTrue(e.getMessage().contains("power of two ≥ 16") && e.getMessage().contains("got 48"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> QuantSpec.symmetric(4, 8));
        assertTrue(e.getMessage().contains("got 8"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new QuantSpec(4, 32, false, true));
        assertTrue(e.getMessage().contains("full-range applies to symmetric"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> QuantSpec.symmetric(4, 32).withScaleType(DType.INT8));
        assertTrue(e.getMessage().contains("float or float16"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Rtn.quantize(new float[10], 3, 4, QuantSpec.symmetric(4, 32)));
        assertTrue(e.getMessage().contains("[3, 4] needs 12"), e.getMessage());
        float[] w = new float[32 * 16];
        w[5 * 16 + 2] = Float.NaN;
        e = assertThrows(IllegalArgumentException.class, () -> Rtn.quantize(w, 32, 16, QuantSpec.symmetric(4, 32)));
        assertTrue(e.getMessage().contains("NaN or infinity in block 0 of column 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Rtn.quantize(new float[32 * 16], 32, 16, QuantSpec.symmetric(4, 32), new float[16]));
        assertTrue(e.getMessage().contains("clip ratio of block 0, column 0 must be a positive"), e.getMessage());
    }
}
