package dev.nibble.quant;

/**
 * The SPEC.md section 3 arithmetic written out again, plainly and in float64, for the
 * tests to compare against: per column, per block, straight from the formulas. Stored
 * values are rounded to float where the format stores floats (scales), nothing else.
 */
final class Ref {
    private Ref() {}

    enum Mode { SYM, ASYM, FULL }

    /** codes[k*N+n] (signed or unsigned ints), scales[b*N+n] as stored (float), zps[b*N+n] or null. */
    record Q(int[] codes, float[] scales, int[] zps, int bs, int nb) {}

    /** bs = 0: one block spanning K. clip: per (b*N+n) ratio, or null for 1. */
    static Q rtn(float[] w, int K, int N, int bits, int bs, Mode mode, float[] clip) {
        int rows = bs == 0 ? K : bs;
        int nb = (K + rows - 1) / rows;
        int[] codes = new int[K * N];
        float[] scales = new float[nb * N];
        int[] zps = mode == Mode.ASYM ? new int[nb * N] : null;
        int qmax = (1 << (bits - 1)) - 1, levels = (1 << bits) - 1, half = 1 << (bits - 1);
        for (int n = 0; n < N; n++)
            for (int b = 0; b < nb; b++) {
                int k0 = b * rows, k1 = Math.min(K, k0 + rows);
                double c = clip == null ? 1.0 : clip[b * N + n];
                // the block padded with zeros to `rows` values
                double amax = 0, max = Double.NEGATIVE_INFINITY, min = Double.POSITIVE_INFINITY, m = 0;
                for (int i = 0; i < rows; i++) {
                    double v = k0 + i < k1 ? w[(k0 + i) * N + n] : 0.0;
                    if (Math.abs(v) > amax) { amax = Math.abs(v); m = v; }
                    max = Math.max(max, v);
                    min = Math.min(min, v);
                }
                double s = switch (mode) {
                    case SYM -> c * amax / qmax;
                    case FULL -> -c * m / half;
                    case ASYM -> c * (max - min) / levels;
                };
                float sf = (float) s;
                if (Math.abs(sf) < 1e-5f) sf = sf < 0 ? -1e-5f : 1e-5f;
                scales[b * N + n] = sf;
                double z = 0;
                if (mode == Mode.ASYM) {
                    z = Math.min(Math.max(Math.rint(-c * min / sf), 0), levels);
                    zps[b * N + n] = (int) z;
                }
                for (int k = k0; k < k1; k++) {
                    double q = Math.rint(w[k * N + n] / (double) sf);
                    q = mode == Mode.ASYM ? Math.min(Math.max(q + z, 0), levels) : Math.min(Math.max(q, -qmax - 1), qmax);
                    codes[k * N + n] = (int) q;
                }
            }
        return new Q(codes, scales, zps, rows, nb);
    }

    /** (q - z)·s in float64. */
    static double[] dequant(Q q, int K, int N) {
        double[] out = new double[K * N];
        for (int k = 0; k < K; k++)
            for (int n = 0; n < N; n++) {
                int b = k / q.bs();
                int z = q.zps() == null ? 0 : q.zps()[b * N + n];
                out[k * N + n] = (q.codes()[k * N + n] - z) * (double) q.scales()[b * N + n];
            }
        return out;
    }

    /** y[t*N+n] = Σ_k a[t*K+k]·b[k*N+n] over k in [k0, k1), float64. */
    static double[] matmul(double[] a, int T, double[] b, int K, int N, int k0, int k1) {
        double[] y = new double[T * N];
        for (int t = 0; t < T; t++)
            for (int n = 0; n < N; n++) {
                double s = 0;
                for (int k = k0; k < k1; k++) s += a[t * K + k] * b[k * N + n];
                y[t * N + n] = s;
            }
        return y;
    }

    static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) d[i] = v[i];
        return d;
    }

    /** Gaussian weights with a per-column spread (deterministic). */
    static float[] gaussian(java.util.Random r, int count, double sigma) {
        float[] v = new float[count];
        for (int i = 0; i < count; i++) v[i] = (float) (r.nextGaussian() * sigma);
        return v;
    }
}
