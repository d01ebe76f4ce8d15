package dev.nibble.model;

import dev.nibble.onnx.ModelFormatException;
import dev.nibble.onnx.OnnxModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A model folder in the onnxruntime-genai layout: {@code model.onnx} (+ {@code .data}),
 * {@code genai_config.json}, {@code tokenizer.json}, {@code tokenizer_config.json}, and
 * optionally nibble's {@code data/} (calibration, validation and MMLU texts).
 *
 * <p>{@link #open} checks the folder is whole and consistent — files present, external data
 * complete, every input the config names present in the graph — so a broken folder fails at
 * load with a clear message rather than deep inside onnxruntime.
 */
public record ModelFolder(Path dir, GenAiConfig config, Path modelFile, Path tokenizerFile) {
    public static final String TOKENIZER = "tokenizer.json";

    public static ModelFolder open(Path folder) {
        Path dir = folder.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir))
            throw new ModelFolderException("model folder " + dir + " does not exist");
        Path cfgFile = dir.resolve(GenAiConfig.FILE);
        if (!Files.isRegularFile(cfgFile))
            throw new ModelFolderException(dir + " has no " + GenAiConfig.FILE + "; a model folder is laid out as "
                    + "onnxruntime-genai's model builder writes it (model.onnx, model.onnx.data, genai_config.json, tokenizer.json)");
        GenAiConfig cfg = GenAiConfig.read(cfgFile);
        Path model = dir.resolve(cfg.filename());
        if (!Files.isRegularFile(model))
            throw new ModelFolderException(dir + " has no " + cfg.filename() + " (named by " + GenAiConfig.FILE + ")");
        Path tok = dir.resolve(TOKENIZER);
        if (!Files.isRegularFile(tok))
            throw new ModelFolderException(dir + " has no " + TOKENIZER + "; nibble tokenizes with the model's own tokenizer");
        ModelFolder f = new ModelFolder(dir, cfg, model, tok);
        f.checkAgainstGraph();
        return f;
    }

    /** Loads the ONNX model (weights mapped, not read); a missing or short .data file fails here. */
    public OnnxModel loadModel() {
        return OnnxModel.load(modelFile);
    }

    public Tokenizer tokenizer() {
        return Tokenizer.load(tokenizerFile);
    }

    /** A file under {@code data/} (e.g. "val.txt"), if the folder ships it. */
    public Optional<Path> data(String name) {
        Path p = dir.resolve("data").resolve(name);
        return Files.exists(p) ? Optional.of(p) : Optional.empty();
    }

    private void checkAgainstGraph() {
        try (OnnxModel m = loadModel()) {
            List<String> have = new ArrayList<>();
            m.proto().getGraph().getInputList().forEach(v -> have.add(v.getName()));
            for (String want : config.expectedInputs())
                if (!have.contains(want))
                    throw new ModelFolderException(GenAiConfig.FILE + " in " + dir + " names input '" + want + "', but "
                            + modelFile.getFileName() + " has no such input (it has: " + String.join(", ", have.subList(0, Math.min(8, have.size())))
                            + (have.size() > 8 ? ", ..." : "") + "). The config and the model do not belong together.");
            List<String> outs = new ArrayList<>();
            m.proto().getGraph().getOutputList().forEach(v -> outs.add(v.getName()));
            if (!outs.contains(config.logits()))
                throw new ModelFolderException(GenAiConfig.FILE + " in " + dir + " names output '" + config.logits() + "', but "
                        + modelFile.getFileName() + " has no such output");
        } catch (ModelFormatException e) {
            throw new ModelFolderException("model folder " + dir + ": " + e.getMessage(), e);
        }
    }
}
