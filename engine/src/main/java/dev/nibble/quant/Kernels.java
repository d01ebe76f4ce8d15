package dev.nibble.quant;

import java.util.stream.IntStream;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The hot loops, each over one row segment {@code [n0, n1)} of a [K, N] row-major matrix:
 * vectorized along N (where a block's scales are contiguous) with a scalar tail that does
 * the identical arithmetic. Callers split the columns into tiles and run
 * the tiles in parallel ({@link #forEachColumnTile}).
 *
 * <p>Division and rounding are done in double: {@code rint(w/s)} of a float w and a float
 * s is then the exact round-half-even of the real quotient (a double quotient of two
 * floats cannot cross or land on a .5 boundary that the exact quotient does not), which
 * float division does not guarantee. Rounding uses the 1.5·2^52 trick, exact RNE for
 * the clamped (small) values here, identical to {@link Math#rint}.
 */
final class Kernels {
    private Kernels() {}

    static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    static final int L = FS.length();
    /** Same bit width as FS: L/2 doubles. */
    static final VectorSpecies<Double> DS = VectorSpecies.of(double.class, FS.vectorShape());
    /** L bytes; null when the float vector has fewer than 8 lanes (then every loop runs its scalar path). */
    static final VectorSpecies<Byte> BS = L >= 8 ? VectorSpecies.of(byte.class, VectorShape.forBitSize(L * 8)) : null;
    static final int VL = BS == null ? 0 : L;
    private static final int CORES = Runtime.getRuntime().availableProcessors();
    private static final double RNE = 6755399441055744.0; // 1.5 * 2^52

    interface ColumnRange {
        void run(int n0, int n1);
    }

    /**
     * Columns per task: about two tasks per core, 256 to 1024 columns wide (long row
     * segments stream well; measured 4096x4096 RTN ~2x faster at 1024 than at 256), a
     * multiple of 64 so every vector length divides it.
     */
    static int tileWidth(int n) {
        int want = (n + 2 * CORES - 1) / (2 * CORES);
        return Math.max(256, Math.min(1024, (want + 63) / 64 * 64));
    }

    /** Runs {@code body} over column tiles of [0, n); in parallel when the matrix has ≥ 2^16 elements. */
    static void forEachColumnTile(int n, long rows, ColumnRange body) {
        forEachColumnTile(n, rows, tileWidth(n), body);
    }

    /** The same with a given tile width (a multiple of 64). */
    static void forEachColumnTile(int n, long rows, int tile, ColumnRange body) {
        int tiles = (n + tile - 1) / tile;
        IntStream ts = IntStream.range(0, tiles);
        if (tiles > 1 && rows * n >= (1 << 16)) ts = ts.parallel();
        ts.forEach(t -> body.run(t * tile, Math.min(n, (t + 1) * tile)));
    }

    private static int vectorEnd(int n0, int n1) {
        return VL == 0 ? n0 : n0 + (n1 - n0) / VL * VL;
    }

    // ---- range passes: acc arrays are indexed j - n0 ----

    /** amax[j-n0] = max(amax, |w[row+j]|), j in [n0, n1). NaN propagates (as Math.max). */
    static void absMaxRow(float[] w, int row, int n0, int n1, float[] amax) {
        int j = n0, end = vectorEnd(n0, n1);
        for (; j < end; j += L) {
            FloatVector v = FloatVector.fromArray(FS, w, row + j).abs();
            FloatVector.fromArray(FS, amax, j - n0).max(v).intoArray(amax, j - n0);
        }
        for (; j < n1; j++) amax[j - n0] = Math.max(amax[j - n0], Math.abs(w[row + j]));
    }

    /** Like absMaxRow, and m[j-n0] = the first (lowest-row) signed value attaining the max magnitude. */
    static void signedMaxRow(float[] w, int row, int n0, int n1, float[] amax, float[] m) {
        int j = n0, end = vectorEnd(n0, n1);
        for (; j < end; j += L) {
            FloatVector v = FloatVector.fromArray(FS, w, row + j);
            FloatVector a = FloatVector.fromArray(FS, amax, j - n0);
            FloatVector av = v.abs();
            VectorMask<Float> bigger = av.compare(VectorOperators.GT, a);
            FloatVector.fromArray(FS, m, j - n0).blend(v, bigger).intoArray(m, j - n0);
            a.max(av).intoArray(amax, j - n0);
        }
        for (; j < n1; j++) {
            float v = w[row + j], av = Math.abs(v);
            if (av > amax[j - n0]) m[j - n0] = v;
            amax[j - n0] = Math.max(amax[j - n0], av);
        }
    }

    /** max[j-n0] = max(max, w), min[j-n0] = min(min, w). */
    static void minMaxRow(float[] w, int row, int n0, int n1, float[] max, float[] min) {
        int j = n0, end = vectorEnd(n0, n1);
        for (; j < end; j += L) {
            FloatVector v = FloatVector.fromArray(FS, w, row + j);
            FloatVector.fromArray(FS, max, j - n0).max(v).intoArray(max, j - n0);
            FloatVector.fromArray(FS, min, j - n0).min(v).intoArray(min, j - n0);
        }
        for (; j < n1; j++) {
            max[j - n0] = Math.max(max[j - n0], w[row + j]);
            min[j - n0] = Math.min(min[j - n0], w[row + j]);
        }
    }

    // ---- codes ----

    /**
     * codes[row+j] = clamp(rint(w[row+j] / s[sOff+j]) + z[j-n0], lo, hi), j in [n0, n1),
     * computed as rint(clamp(w/s, lo-z, hi-z)) + z (equal, since lo-z and hi-z are integers).
     */
    static void codesRow(float[] w, int row, int n0, int n1, float[] s, int sOff, float[] z,
                         int lo, int hi, byte[] codes) {
        int j = n0, end = vectorEnd(n0, n1);
        for (; j < end; j += L) {
            FloatVector wv = FloatVector.fromArray(FS, w, row + j);
            FloatVector sv = FloatVector.fromArray(FS, s, sOff + j);
            FloatVector zv = FloatVector.fromArray(FS, z, j - n0);
            FloatVector q = codesHalf(wv, sv, zv, lo, hi, 0)
                    .add(codesHalf(wv, sv, zv, lo, hi, 1));
            q.convertShape(VectorOperators.F2B, BS, 0).reinterpretAsBytes().intoArray(codes, row + j);
        }
        for (; j < n1; j++) {
            double zj = z[j - n0];
            double x = Math.min(Math.max((double) w[row + j] / s[sOff + j], lo - zj), hi - zj);
            codes[row + j] = (byte) (int) (Math.rint(x) + zj);
        }
    }

    /** One half (part 0: lanes [0, L/2), part 1: the rest) of codesRow in double, returned in float lanes of that half (others 0). */
    private static FloatVector codesHalf(FloatVector w, FloatVector s, FloatVector z, int lo, int hi, int part) {
        DoubleVector wd = (DoubleVector) w.convertShape(VectorOperators.F2D, DS, part);
        DoubleVector sd = (DoubleVector) s.convertShape(VectorOperators.F2D, DS, part);
        DoubleVector zd = (DoubleVector) z.convertShape(VectorOperators.F2D, DS, part);
        DoubleVector x = wd.div(sd).max(zd.neg().add(lo)).min(zd.neg().add(hi));
        DoubleVector r = x.add(RNE).sub(RNE).add(zd);
        return (FloatVector) r.convertShape(VectorOperators.D2F, FS, -part);
    }

    // ---- dequantization ----

    /** out[row+j] = (code[row+j] - zp[zOff+j]) · s[zOff+j]; codes/zp unsigned when {@code unsigned}; zp may be null (0). */
    static void dequantRow(byte[] codes, int row, int n0, int n1, float[] s, byte[] zp, int zOff,
                           boolean unsigned, float[] out) {
        int j = n0, end = vectorEnd(n0, n1);
        for (; j < end; j += L) {
            FloatVector q = bytesToFloat(codes, row + j, unsigned);
            if (zp != null) q = q.sub(bytesToFloat(zp, zOff + j, true));
            q.mul(FloatVector.fromArray(FS, s, zOff + j)).intoArray(out, row + j);
        }
        for (; j < n1; j++) {
            int q = unsigned ? codes[row + j] & 0xff : codes[row + j];
            if (zp != null) q -= zp[zOff + j] & 0xff;
            out[row + j] = q * s[zOff + j];
        }
    }

    private static FloatVector bytesToFloat(byte[] b, int off, boolean unsigned) {
        FloatVector v = (FloatVector) ByteVector.fromArray(BS, b, off).convertShape(VectorOperators.B2F, FS, 0);
        return unsigned ? v.add(256f, v.compare(VectorOperators.LT, 0f)) : v;
    }

    /** Dequantizes a whole weight into out[K·N], parallel over column tiles. */
    static void dequantize(QuantizedWeight q, float[] out) {
        int k = q.k(), n = q.n(), bs = q.rowsPerBlock();
        boolean unsigned = !q.spec().symmetric();
        forEachColumnTile(n, k, (n0, n1) -> {
            for (int r = 0; r < k; r++)
                dequantRow(q.codes(), r * n, n0, n1, q.scales(), q.zeroPoints(), r / bs * n, unsigned, out);
        });
    }

    // ---- products for the AWQ losses ----

    /** acc[accOff + j] += a · row[j], j in [0, len), in double (fused multiply-add). */
    static void axpy(double[] acc, int accOff, double a, double[] row, int len) {
        int j = 0, dl = DS.length(), end = len / dl * dl;
        DoubleVector av = DoubleVector.broadcast(DS, a);
        for (; j < end; j += dl)
            DoubleVector.fromArray(DS, row, j).fma(av, DoubleVector.fromArray(DS, acc, accOff + j)).intoArray(acc, accOff + j);
        for (; j < len; j++) acc[accOff + j] = Math.fma(row[j], a, acc[accOff + j]);
    }
}
