package dev.nibble.dsl;

import dev.nibble.model.ModelFolder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A model the session knows by name.
 *
 * @param path        the model folder, or the .onnx file of a bare model
 * @param folder      the opened genai model folder; null for a bare .onnx (no tokenizer, so no evals)
 * @param recipe      the recipe column for its results: "fp32" for a loaded model, {@link Recipe#label()} for a quantized one
 * @param quantized   the recipe that made it, null if it was not quantized by this session
 * @param origin      how it came to be, for {@code show}: "loaded from ...", "quantize base ..."
 * @param family      the loaded model it descends from (the rows of {@code table ppl}, as the seed page's models)
 * @param dataDir     where its default texts are ({@code val.txt}, {@code calib.txt}, {@code mmlu/}): its own
 *                    folder's {@code data/} when loaded, its source's for models made by quantize or convert
 * @param calibration what {@code calibrate} collected for it, or null
 */
public record ModelHandle(String name, Path path, ModelFolder folder, String recipe, Recipe quantized, String origin,
                          String family, Path dataDir, Calibration calibration) {

    /** A calibration set as {@code calibrate} made it; {@code data} is whatever the engine's calibrator returned. */
    public record Calibration(Path text, int samples, int length, long seed, Object data) {}

    public ModelHandle withCalibration(Calibration c) {
        return new ModelHandle(name, path, folder, recipe, quantized, origin, family, dataDir, c);
    }

    /** The model folder; a clear error for a bare .onnx, which has no tokenizer or config to run with. */
    public ModelFolder requireFolder(String statement) {
        if (folder == null)
            throw new NibbleException(null, statement + ": model '" + name + "' is a bare .onnx file (" + path
                    + "); it needs a genai model folder (genai_config.json, tokenizer.json) to run");
        return folder;
    }

    /** {@code dataDir/name}, or an error saying the model has none and how to give one. */
    public Path dataFile(String statement, String file, String instead) {
        Path p = dataDir == null ? null : dataDir.resolve(file);
        if (p == null || !Files.exists(p))
            throw new NibbleException(null, statement + ": model '" + name + "' has no " + (p == null ? "data folder" : p)
                    + "; give one with " + instead);
        return p;
    }

    /** The .onnx file itself. */
    public Path modelFile() {
        return folder != null ? folder.modelFile() : path;
    }
}
