package dev.nibble.dsl;

import dev.nibble.calib.CalibrationSet;
import dev.nibble.eval.Progress;
import dev.nibble.model.FolderWriter;
import dev.nibble.model.ModelFolder;
import dev.nibble.model.Tokenizer;
import dev.nibble.onnx.OnnxModel;
import dev.nibble.onnx.Rewrite;
import dev.nibble.onnx.WeightPrecision;
import dev.nibble.quant.Quantizer;
import dev.nibble.runtime.GenerationBench;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The engine behind the statements that make models or measure speed: calibrate, quantize
 * (and the simulated backend), convert and bench. Each hook is a thin translation from the
 * DSL's request to one engine call.
 */
final class EngineHooks {
    private EngineHooks() {}

    static Plugins all() {
        return new Plugins(EngineHooks::calibrate, (r, p) -> quantize(r, p, Quantizer.Output.REAL),
                (r, p) -> quantize(r, p, Quantizer.Output.SIMULATED), EngineHooks::convert, EngineHooks::bench);
    }

    static Object calibrate(Plugins.CalibrateRequest r, Progress progress) {
        ModelFolder f = r.model().requireFolder("calibrate");
        return draw(f, r.text(), r.samples(), r.length(), r.seed());
    }

    static Path quantize(Plugins.QuantizeRequest r, Progress progress, Quantizer.Output output) {
        ModelFolder f = r.source().requireFolder("quantize");
        dev.nibble.quant.Recipe recipe = toEngine(r.recipe());
        CalibrationSet calib = null;
        if (recipe.method().needsCalibration()) {
            calib = r.calibration() != null && r.calibration().data() instanceof CalibrationSet c ? c : defaultCalibration(r, f);
        }
        Quantizer.Options options = Quantizer.Options.DEFAULT.withOutput(output).withOrt(r.settings().ortOptions());
        return Quantizer.quantize(f, recipe, calib, r.target(), options, progress).folder().dir();
    }

    /** Without a calibrate statement: the defaults of SPEC.md section 5 on the model's data/calib.txt. */
    private static CalibrationSet defaultCalibration(Plugins.QuantizeRequest r, ModelFolder f) {
        Path text = r.source().dataDir() == null ? null : r.source().dataDir().resolve("calib.txt");
        if (text == null || !Files.isRegularFile(text))
            throw new NibbleException(null, "quantize: " + r.recipe().method().id() + " needs calibration text and model '"
                    + r.source().name() + "' has no data/calib.txt; run 'calibrate " + r.source().name() + " on <file>' first");
        return draw(f, text, CalibrationSet.DEFAULT_SAMPLES, CalibrationSet.DEFAULT_LENGTH, r.settings().seed());
    }

    private static CalibrationSet draw(ModelFolder f, Path text, int samples, int length, long seed) {
        try (Tokenizer tok = f.tokenizer()) {
            return CalibrationSet.draw(Files.readString(text), text.getFileName().toString(), tok, samples, length, seed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read calibration text " + text, e);
        }
    }

    static Path convert(Plugins.ConvertRequest r, Progress progress) {
        ModelFolder f = r.source().requireFolder("convert");
        try (OnnxModel m = f.loadModel()) {
            Rewrite w = r.precision() == Statement.Precision.FP16 ? WeightPrecision.toFp16(m) : WeightPrecision.toFp32(m);
            return FolderWriter.write(f, w.proto(), w.initializers(), r.target(), false).dir();
        }
    }

    static Plugins.BenchFigures bench(Plugins.BenchRequest r, Progress progress) {
        ModelFolder f = r.model().requireFolder("bench");
        Path text = r.model().dataDir() == null ? null : r.model().dataDir().resolve("val.txt");
        if (text == null || !Files.isRegularFile(text))
            throw new NibbleException(null, "bench: model '" + r.model().name() + "' has no data/val.txt to take a prompt from");
        int[] prompt;
        try (Tokenizer tok = f.tokenizer()) {
            prompt = tok.encode(Files.readString(text));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + text, e);
        }
        var settings = new GenerationBench.Settings(r.prompt(), r.gen(), r.warmup(), r.reps());
        GenerationBench.Result res = GenerationBench.run(f, prompt, settings, r.settings().ortOptions(), progress);
        return new Plugins.BenchFigures(res.prefillTokS(), res.decodeTokS(), res.peakRssBytes() / (double) (1 << 20));
    }

    /** The DSL's recipe in the engine's terms: plain int8 takes its block from int8-block (per-channel by default). */
    static dev.nibble.quant.Recipe toEngine(Recipe r) {
        boolean int8 = r.bits().kind() == Recipe.Bits.Kind.INT8;
        return new dev.nibble.quant.Recipe(r.bits().id(), dev.nibble.quant.Recipe.Method.parse(r.method().id()),
                int8 ? r.int8Block() : r.block(),
                r.format() == Recipe.Format.QDQ ? dev.nibble.quant.Recipe.Format.QDQ : dev.nibble.quant.Recipe.Format.MATMULNBITS,
                r.asym(), r.fullRange(), r.exclude(), r.accuracy(), int8 ? 0 : r.int8Block());
    }
}
