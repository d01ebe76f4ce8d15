package dev.nibble.eval;

/**
 * fp32 log-softmax on one row of logits {@code [vocab]}. The maximum is subtracted before
 * exponentiating (no overflow); exponentials, sums and results are double, in nats.
 */
final class LogSoftmax {
    private LogSoftmax() {
    }

    /** {@code log Σ_v exp(row[v])}. */
    static double logSumExp(float[] row) {
        float max = row[argmax(row)];
        double sum = 0;
        for (float x : row) {
            sum += Math.exp((double) x - max);
        }
        return max + Math.log(sum);
    }

    /** Negative log-likelihood of {@code target}: {@code logSumExp(row) − row[target]}. */
    static double nll(float[] row, int target) {
        return logSumExp(row) - row[target];
    }

    /** Index of the largest logit; the first one on ties (numpy's argmax). */
    static int argmax(float[] row) {
        int best = 0;
        for (int v = 1; v < row.length; v++) {
            if (row[v] > row[best]) {
                best = v;
            }
        }
        return best;
    }

    /**
     * {@code KL(P‖Q) = Σ_v p_v (log p_v − log q_v)} over the full vocabulary, where
     * {@code log p_v = p[v] − lseP} and likewise for q ({@code lse*} from
     * {@link #logSumExp}). Terms with {@code p_v = 0} contribute 0. Not clamped: rounding
     * can leave a value a few ulps below zero.
     */
    static double kl(float[] p, double lseP, float[] q, double lseQ) {
        double sum = 0;
        for (int v = 0; v < p.length; v++) {
            double logP = p[v] - lseP;
            double prob = Math.exp(logP);
            if (prob > 0) {
                sum += prob * (logP - (q[v] - lseQ));
            }
        }
        return sum;
    }
}
