package dev.nibble.eval;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * fp32 log-softmax on one row of logits {@code [vocab]}. The maximum is subtracted before
 * exponentiating (no overflow); exponentials, sums and results are double, in nats.
 *
 * <p>Why vectorized: these sums run once per scored token over the whole vocabulary (KL three
 * exponentials a word), and scalar {@code Math.exp} cost as much as a tenth of the forward pass
 * they follow (docs/performance.md). Lanes of fp32 logits are widened to double and
 * exponentiated with the Vector API's EXP, so the precision contract is the scalar one; only
 * the order of the additions differs (results agree to about 1e-15 relative).
 */
final class LogSoftmax {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = VectorSpecies.of(double.class, FS.vectorShape());

    private LogSoftmax() {
    }

    /** {@code log Σ_v exp(row[v])}. */
    static double logSumExp(float[] row) {
        float max = max(row);
        return max + Math.log(sumExp(row, max, null, 0));
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
     * {@link #logSumExp}). A term whose p_v underflows to 0 contributes 0. Not clamped:
     * rounding can leave a value a few ulps below zero.
     */
    static double kl(float[] p, double lseP, float[] q, double lseQ) {
        return sumExp(p, lseP, q, lseQ);
    }

    /** The largest value (a vector reduction). */
    static float max(float[] row) {
        int i = 0, end = FS.loopBound(row.length);
        FloatVector m = FloatVector.broadcast(FS, Float.NEGATIVE_INFINITY);
        for (; i < end; i += FS.length()) {
            m = m.max(FloatVector.fromArray(FS, row, i));
        }
        float r = m.reduceLanes(VectorOperators.MAX);
        for (; i < row.length; i++) {
            r = Math.max(r, row[i]);
        }
        return r;
    }

    /**
     * With x_v = p[v] − shiftP in double: {@code q == null} gives Σ exp(x_v); otherwise
     * Σ exp(x_v)·(x_v − (q[v] − shiftQ)). Exponentials and sums in double.
     */
    private static double sumExp(float[] p, double shiftP, float[] q, double shiftQ) {
        DoubleVector acc = DoubleVector.zero(DS);
        int i = 0, end = FS.loopBound(p.length);
        for (; i < end; i += FS.length()) {
            FloatVector pv = FloatVector.fromArray(FS, p, i), qv = q == null ? null : FloatVector.fromArray(FS, q, i);
            for (int part = 0; part < 2; part++) { // a float vector widens to two double vectors
                DoubleVector x = ((DoubleVector) pv.convertShape(VectorOperators.F2D, DS, part)).sub(shiftP);
                DoubleVector e = x.lanewise(VectorOperators.EXP);
                if (q == null) {
                    acc = acc.add(e);
                } else { // p_v = 0 contributes 0, also where x and log q are both -inf (0·NaN otherwise)
                    DoubleVector term = e.mul(x.sub(((DoubleVector) qv.convertShape(VectorOperators.F2D, DS, part)).sub(shiftQ)));
                    acc = acc.add(term.blend(0.0, e.compare(VectorOperators.EQ, 0.0)));
                }
            }
        }
        double s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < p.length; i++) {
            double x = p[i] - shiftP, e = Math.exp(x);
            s += q == null ? e : e > 0 ? e * (x - (q[i] - shiftQ)) : 0;
        }
        return s;
    }
}
