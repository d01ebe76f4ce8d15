package dev.nibble.runtime;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;

/**
 * Every onnxruntime session setting nibble uses, in one place.
 *
 * @param threads        intra-op threads (0 = onnxruntime's default, one per core)
 * @param optimize       full graph optimisation (false for activation capture, where the
 *                       graph must run as written so added outputs keep their meaning)
 * @param accuracyLevel  {@code session.qdq_matmulnbits_accuracy_level} for QDQ models that
 *                       onnxruntime fuses into MatMulNBits (-1 = leave onnxruntime's default, 4)
 */
public record OrtOptions(int threads, boolean optimize, int accuracyLevel) {
    public static final OrtOptions DEFAULT = new OrtOptions(0, true, -1);

    public OrtOptions withThreads(int n) { return new OrtOptions(n, optimize, accuracyLevel); }
    public OrtOptions withOptimize(boolean on) { return new OrtOptions(threads, on, accuracyLevel); }
    public OrtOptions withAccuracyLevel(int level) { return new OrtOptions(threads, optimize, level); }

    /** Session options for these settings; the caller closes them. */
    public OrtSession.SessionOptions toSessionOptions() throws OrtException {
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        if (threads > 0) o.setIntraOpNumThreads(threads);
        o.setInterOpNumThreads(1);
        o.setOptimizationLevel(optimize ? OrtSession.SessionOptions.OptLevel.ALL_OPT : OrtSession.SessionOptions.OptLevel.NO_OPT);
        o.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
        if (accuracyLevel >= 0) o.addConfigEntry("session.qdq_matmulnbits_accuracy_level", Integer.toString(accuracyLevel));
        return o;
    }
}
