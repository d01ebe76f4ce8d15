package dev.nibble.bench;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Variants of the metrics' per-row work, to compare with the engine's (dev.nibble.eval.LogSoftmax,
 * package-private, which now does max by vector reduction and exp by DoubleVector EXP in double):
 * <ul>
 *   <li>{@link Kind#SCALAR}: the engine's former arithmetic (argmax pass, then Math.exp in double),
 *       the baseline the vectorized engine is measured against;</li>
 *   <li>{@link Kind#VECTOR_FLOAT}: exp by FloatVector EXP, float partial sums per lane, reduced in
 *       double — faster still, at float precision.</li>
 * </ul>
 */
final class FastLogSoftmax {
    enum Kind { SCALAR, VECTOR_FLOAT }

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;

    private FastLogSoftmax() {}

    static double logSumExp(Kind kind, float[] row) {
        float max = kind == Kind.SCALAR ? row[argmax(row)] : max(row);
        double sum = switch (kind) {
            case SCALAR -> {
                double s = 0;
                for (float x : row) s += Math.exp((double) x - max);
                yield s;
            }
            case VECTOR_FLOAT -> klFloat(row, max, null, 0);
        };
        return max + Math.log(sum);
    }

    /** KL(P‖Q) of one row from both log-sum-exps: Σ p_v (log p_v − log q_v). */
    static double kl(Kind kind, float[] p, double lseP, float[] q, double lseQ) {
        return switch (kind) {
            case SCALAR -> {
                double sum = 0;
                for (int v = 0; v < p.length; v++) {
                    double logP = p[v] - lseP, prob = Math.exp(logP);
                    if (prob > 0) sum += prob * (logP - (q[v] - lseQ));
                }
                yield sum;
            }
            case VECTOR_FLOAT -> klFloat(p, lseP, q, lseQ);
        };
    }

    /** First index of the largest value (numpy's argmax). */
    static int argmax(float[] row) {
        int best = 0;
        for (int v = 1; v < row.length; v++) if (row[v] > row[best]) best = v;
        return best;
    }

    /** Largest value, by vector reduction. */
    static float max(float[] row) {
        int i = 0, end = FS.loopBound(row.length);
        FloatVector m = FloatVector.broadcast(FS, Float.NEGATIVE_INFINITY);
        for (; i < end; i += FS.length()) m = m.max(FloatVector.fromArray(FS, row, i));
        float r = m.reduceLanes(VectorOperators.MAX);
        for (; i < row.length; i++) r = Math.max(r, row[i]);
        return r;
    }

    /** The same with float x and float exponentials; per-lane float partial sums reduced in double. */
    private static double klFloat(float[] p, double shiftP, float[] q, double shiftQ) {
        FloatVector acc = FloatVector.zero(FS);
        float sp = (float) shiftP, sq = (float) shiftQ;
        int i = 0, end = FS.loopBound(p.length);
        for (; i < end; i += FS.length()) {
            FloatVector x = FloatVector.fromArray(FS, p, i).sub(sp);
            FloatVector e = x.lanewise(VectorOperators.EXP);
            acc = q == null ? acc.add(e) : e.fma(x.sub(FloatVector.fromArray(FS, q, i).sub(sq)), acc);
        }
        double s = 0;
        for (int l = 0; l < FS.length(); l++) s += acc.lane(l);
        for (; i < p.length; i++) {
            double x = p[i] - shiftP, e = Math.exp(x);
            s += q == null ? e : e * (x - (q[i] - shiftQ));
        }
        return s;
    }
}
