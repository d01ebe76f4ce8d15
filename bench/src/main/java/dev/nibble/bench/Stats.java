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
}
