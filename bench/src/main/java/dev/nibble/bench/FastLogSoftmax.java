package dev.nibble.bench;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Prototypes of the metrics' per-row work (the engine's is dev.nibble.eval.LogSoftmax,
 * package-private), to measure what a faster version would save. Three variants of the same sums:
 * <ul>
 *   <li>{@link Kind#SCALAR}: the engine's arithmetic, copied (argmax pass, then Math.exp in double);</li>
 *   <li>{@link Kind#VECTOR_DOUBLE}: max by vector reduction, exp by DoubleVector EXP (an SVML
 *       intrinsic on x86), sums in double — the engine's precision contract kept;</li>
 *   <li>{@link Kind#VECTOR_FLOAT}: exp by FloatVector EXP, float partial sums per lane, reduced in double.</li>
 * </ul>
 */
final class FastLogSoftmax {
    enum Kind { SCALAR, VECTOR_DOUBLE, VECTOR_FLOAT }

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = VectorSpecies.of(double.class, FS.vectorShape());

    private FastLogSoftmax() {}

    static double logSumExp(Kind kind, float[] row) {
        float max = kind == Kind.SCALAR ? row[argmax(row)] : max(row);
        double sum = switch (kind) {
            case SCALAR -> {
                double s = 0;
                for (float x : row) s += Math.exp((double) x - max);
                yield s;
            }
            case VECTOR_DOUBLE -> klDouble(row, max, null, 0);
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
            case VECTOR_DOUBLE -> klDouble(p, lseP, q, lseQ);
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

    /**
     * With x = p − shiftP in double: q == null → Σ exp(x); otherwise Σ exp(x)·(x − (q − shiftQ)).
     * Exponentials and sums in double.
     */
    private static double klDouble(float[] p, double shiftP, float[] q, double shiftQ) {
        DoubleVector acc = DoubleVector.zero(DS);
        int i = 0, end = FS.loopBound(p.length);
        for (; i < end; i += FS.length()) {
            FloatVector pv = FloatVector.fromArray(FS, p, i), qv = q == null ? null : FloatVector.fromArray(FS, q, i);
            for (int part = 0; part < 2; part++) {
                DoubleVector x = ((DoubleVector) pv.convertShape(VectorOperators.F2D, DS, part)).sub(shiftP);
                DoubleVector e = x.lanewise(VectorOperators.EXP);
                if (q == null) acc = acc.add(e);
                else acc = e.fma(x.sub(((DoubleVector) qv.convertShape(VectorOperators.F2D, DS, part)).sub(shiftQ)), acc);
            }
        }
        double s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < p.length; i++) {
            double x = p[i] - shiftP, e = Math.exp(x);
            s += q == null ? e : e * (x - (q[i] - shiftQ));
        }
        return s;
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
