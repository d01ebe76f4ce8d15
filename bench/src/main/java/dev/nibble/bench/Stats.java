package dev.nibble.bench;

import java.util.Arrays;

/** Timing and medians. Every benchmark repeats and reports the median, because the machine is shared. */
final class Stats {
    private Stats() {}

    /** Seconds {@code body} takes. */
    static double seconds(Runnable body) {
        long t0 = System.nanoTime();
        body.run();
        return (System.nanoTime() - t0) / 1e9;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** Spread of repetitions as (max − min) / median, in percent: how noisy a figure was. */
    static double spreadPct(double[] v) {
        double lo = Arrays.stream(v).min().orElse(0), hi = Arrays.stream(v).max().orElse(0);
        return 100 * (hi - lo) / median(v);
    }

    /** "1.23 s (±4 %)": median and spread of a set of timings. */
    static String timing(double[] v) {
        return Table.f(median(v), 2) + " s (±" + Table.f(spreadPct(v) / 2, 0) + " %)";
    }

    /**
     * Times {@code a} and {@code b} {@code reps} times each, alternating which goes first so a
     * change in machine load hits both alike; returns {timesA, timesB}. Prints each pair.
     */
    static double[][] alternate(String nameA, Runnable a, String nameB, Runnable b, int reps) {
        double[] ta = new double[reps], tb = new double[reps];
        for (int r = 0; r < reps; r++) {
            if (r % 2 == 0) {
                ta[r] = seconds(a);
                tb[r] = seconds(b);
            } else {
                tb[r] = seconds(b);
                ta[r] = seconds(a);
            }
            System.out.printf("  rep %d: %s %.2f s, %s %.2f s, ratio %.3f%n", r + 1, nameA, ta[r], nameB, tb[r], tb[r] / ta[r]);
        }
        return new double[][] {ta, tb};
    }

    /** Per-repetition ratios b[i] / a[i]. */
    static double[] ratios(double[] a, double[] b) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) r[i] = b[i] / a[i];
        return r;
    }
}
