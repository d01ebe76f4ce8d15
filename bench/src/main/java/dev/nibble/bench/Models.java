package dev.nibble.bench;

import dev.nibble.calib.CalibrationSet;
import dev.nibble.eval.Progress;
import dev.nibble.model.ModelFolder;
import dev.nibble.model.Tokenizer;
import dev.nibble.quant.Quantizer;
import dev.nibble.quant.Recipe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The shipped model's derived copies the benchmarks compare against it, and its texts. */
final class Models {
    private Models() {}

    /** A recipe from the DSL-like words the benchmarks use: "int4 rtn", "int4 rtn matmulnbits", "mixed awq". */
    static Recipe recipe(String words) {
        String[] w = words.trim().split("\\s+");
        Recipe r = Recipe.of(w[0], Recipe.Method.parse(w[1]));
        return w.length > 2 ? r.withFormat(Recipe.Format.parse(w[2])) : r;
    }

    /** 32 samples of 512 tokens from data/calib.txt, seed 0 (the DSL's defaults). */
    static CalibrationSet calibration(ModelFolder base) {
        Path text = base.data("calib.txt").orElseThrow(() -> new IllegalStateException(base.dir() + " has no data/calib.txt"));
        try (Tokenizer tok = base.tokenizer()) {
            return CalibrationSet.draw(Files.readString(text), "calib.txt", tok, CalibrationSet.DEFAULT_SAMPLES,
                    CalibrationSet.DEFAULT_LENGTH, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Quantizes {@code base} with {@code words} into {@code target} (replacing it); returns the engine's result. */
    static Quantizer.Result quantize(ModelFolder base, String words, Path target) {
        Recipe r = recipe(words);
        CalibrationSet calib = r.method().needsCalibration() ? calibration(base) : null;
        return Quantizer.quantize(base, r, calib, target, Quantizer.Options.DEFAULT.withOverwrite(true), Progress.NONE);
    }

    /**
     * A derived copy kept under the scratch folder between runs, keyed by the base model's data
     * size and time (so a rebuilt base model gets fresh copies).
     */
    static ModelFolder derived(ModelFolder base, String words, Path scratch) {
        Path dir = scratch.resolve("derived-" + key(base)).resolve(words.replace(' ', '-'));
        if (Files.isRegularFile(dir.resolve("model.onnx"))) return ModelFolder.open(dir);
        try {
            Files.createDirectories(dir.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println("(making " + words + " of " + base.dir() + " in " + dir + ")");
        return quantize(base, words, dir).folder();
    }

    private static String key(ModelFolder base) {
        try {
            Path data = base.modelFile().resolveSibling(base.modelFile().getFileName() + ".data");
            Path f = Files.exists(data) ? data : base.modelFile();
            return Long.toHexString(Files.size(f) * 31 + Files.getLastModifiedTime(f).toMillis());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The tokens of data/val.txt. */
    static int[] validation(ModelFolder base) {
        Path text = base.data("val.txt").orElseThrow(() -> new IllegalStateException(base.dir() + " has no data/val.txt"));
        try (Tokenizer tok = base.tokenizer()) {
            return tok.encode(Files.readString(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
