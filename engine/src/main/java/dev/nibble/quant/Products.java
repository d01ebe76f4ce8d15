package dev.nibble.quant;

/**
 * The token-by-weight products the AWQ searches score, accumulated in double: activations
 * come transposed, aT[k·T + t] (so one weight row meets every token while it is in cache),
 * weights as rows of a [K, N] row-major float matrix.
 */
final class Products {
    private Products() {}

    /** Supplies row k of the right-hand matrix, columns [n0, n0 + row.length), as doubles. */
    interface Rows {
        void fill(int k, int n0, double[] row);
    }

    /** Rows of a float [K, N] matrix. */
    static Rows of(float[] b, int n) {
        return (k, n0, row) -> {
            for (int j = 0; j < row.length; j++) row[j] = b[k * n + n0 + j];
        };
    }

    /** Rows of (a − b) for two float [K, N] matrices, the difference taken in double (exact). */
    static Rows difference(float[] a, float[] b, int n) {
        return (k, n0, row) -> {
            for (int j = 0; j < row.length; j++) row[j] = (double) a[k * n + n0 + j] - b[k * n + n0 + j];
        };
    }

    /**
     * acc[t·width + j] = Σ_{k ∈ [k0, k1)} aT[k·T + t] · rows(k)[j] for the column tile
     * [n0, n0 + width): the partial product of rows k0..k1 (acc is overwritten).
     */
    static void partial(double[] acc, double[] aT, int tokens, Rows rows, int k0, int k1, int n0, int width, double[] row) {
        java.util.Arrays.fill(acc, 0, tokens * width, 0.0);
        for (int k = k0; k < k1; k++) {
            rows.fill(k, n0, row);
            for (int t = 0; t < tokens; t++) {
                double a = aT[k * tokens + t];
                if (a != 0) Kernels.axpy(acc, t * width, a, row, width);
            }
        }
    }

    /**
     * Column tile width for products over {@code tokens} tokens: keeps the double
     * accumulator [tokens, width] near 256 KB (an L2-sized working set), 64 to the RTN tile.
     */
    static int tileWidth(int n, int tokens) {
        return Math.max(64, Math.min(Kernels.tileWidth(n), (1 << 15) / tokens / 64 * 64));
    }

    /** y[t·N + n] = Σ_k aT[k·T + t] · b[k·N + n]: the full product [T, N] (parallel over column tiles). */
    static double[] matmul(double[] aT, int tokens, float[] b, int k, int n) {
        double[] y = new double[tokens * n];
        Rows rows = of(b, n);
        Kernels.forEachColumnTile(n, (long) k * tokens, tileWidth(n, tokens), (n0, n1) -> {
            int width = n1 - n0;
            double[] acc = new double[tokens * width];
            partial(acc, aT, tokens, rows, 0, k, n0, width, new double[width]);
            for (int t = 0; t < tokens; t++) System.arraycopy(acc, t * width, y, t * n + n0, width);
        });
        return y;
    }

    /** aT[k·T' + i] = x[t_i·K + k] / s[k] (s null: 1) for the tokens t_i = i·step, i < T' = ceil(T/step). */
    static double[] transposeScaled(float[] x, int tokens, int k, float[] s, int step) {
        int kept = (tokens + step - 1) / step;
        double[] aT = new double[k * kept];
        for (int i = 0; i < kept; i++) {
            int t = i * step;
            for (int c = 0; c < k; c++) aT[c * kept + i] = s == null ? x[t * k + c] : (double) x[t * k + c] / s[c];
        }
        return aT;
    }
}
