package dev.nibble.eval;

/**
 * Percentiles by linear interpolation between closest ranks — numpy's default
 * ({@code method="linear"}, Hyndman–Fan type 7): on ascending values {@code x[0..n−1]},
 * percentile p ∈ [0, 100] sits at position {@code h = (n−1)·p/100} and is
 * {@code x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋])}. So p50 is the usual median (mean of
 * the middle two for even n), p0 the minimum, p100 the maximum.
 */
public final class Percentiles {
    private Percentiles() {
    }

    /** Percentile {@code p} of {@code sorted} (ascending, non-empty). */
    public static double of(double[] sorted, double p) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        if (!(p >= 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in [0, 100], got " + p);
        }
        double h = (sorted.length - 1) * p / 100.0;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
