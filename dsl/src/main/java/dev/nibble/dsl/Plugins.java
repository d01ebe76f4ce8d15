package dev.nibble.dsl;

import dev.nibble.eval.Progress;
import java.nio.file.Path;

/**
 * The engine parts the DSL calls that do not exist in every build: each hook is one call,
 * null when this build has none (the statement then fails with "&lt;statement&gt;: not
 * implemented in this build yet"). To plug the quantizer in:
 * {@code Plugins.available().withQuantize((req, progress) -> MyQuantizer.run(req...))}, or
 * fill it in {@link #available()} once the engine has it.
 *
 * <p>Each hook writes a model folder in the genai layout at the request's {@code target}
 * (a path that does not exist yet, under the session's workdir) and returns the folder it
 * wrote; the session opens it, measures its size and registers it. Hooks report through
 * {@link Progress} and never print.
 */
public record Plugins(Calibrate calibrate, Quantize quantize, Simulate simulate, Convert convert, Bench bench) {

    /** What this build has: every hook, backed by the engine ({@link EngineHooks}). */
    public static Plugins available() {
        return EngineHooks.all();
    }

    /** No hooks: statements that make models fail with a clear message (for tests of the session alone). */
    public static Plugins none() {
        return new Plugins(null, null, null, null, null);
    }

    public Plugins withCalibrate(Calibrate c) { return new Plugins(c, quantize, simulate, convert, bench); }
    public Plugins withQuantize(Quantize q) { return new Plugins(calibrate, q, simulate, convert, bench); }
    public Plugins withSimulate(Simulate s) { return new Plugins(calibrate, quantize, s, convert, bench); }
    public Plugins withConvert(Convert c) { return new Plugins(calibrate, quantize, simulate, c, bench); }
    public Plugins withBench(Bench b) { return new Plugins(calibrate, quantize, simulate, convert, b); }

    /** The hook, or the one clear error when this build lacks it. */
    static <T> T require(T hook, String what) {
        if (hook == null) throw new NibbleException(null, what + ": not implemented in this build yet");
        return hook;
    }

    /** Collects calibration data (SPEC §5); the result is kept with the model and handed to quantize. */
    @FunctionalInterface
    public interface Calibrate {
        Object run(CalibrateRequest request, Progress progress);
    }

    /** Quantizes {@code source} with {@code recipe} into {@code target} (SPEC §2–4); returns the folder written. */
    @FunctionalInterface
    public interface Quantize {
        Path run(QuantizeRequest request, Progress progress);
    }

    /** Like quantize, but writes the fake-quantized float model (backend simulated, SPEC §6). */
    @FunctionalInterface
    public interface Simulate {
        Path run(QuantizeRequest request, Progress progress);
    }

    /** Converts a model's float weights to fp16 or fp32 into {@code target}; returns the folder written. */
    @FunctionalInterface
    public interface Convert {
        Path run(ConvertRequest request, Progress progress);
    }

    /** The generation benchmark (SPEC §6) of one model. */
    @FunctionalInterface
    public interface Bench {
        BenchFigures run(BenchRequest request, Progress progress);
    }

    public record CalibrateRequest(ModelHandle model, Path text, int samples, int length, long seed, Settings settings) {}

    /** {@code calibration}: what calibrate collected for the source, or null (RTN; or the quantizer calibrates itself with defaults). */
    public record QuantizeRequest(ModelHandle source, Recipe recipe, ModelHandle.Calibration calibration, Path target,
                                  Settings settings) {}

    public record ConvertRequest(ModelHandle source, Statement.Precision precision, Path target, Settings settings) {}

    public record BenchRequest(ModelHandle model, int prompt, int gen, int reps, int warmup, Settings settings) {}

    /** Median figures over the repetitions. */
    public record BenchFigures(double prefillTokS, double decodeTokS, double peakRssMb) {}
}
