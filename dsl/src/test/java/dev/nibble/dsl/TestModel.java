package dev.nibble.dsl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The shipped model for tests: models/tiny-kjv of this checkout (Surefire sets
 * {@code nibble.root}; {@code -Dnibble.model=DIR} overrides), and a fast stand-in folder
 * that links its model files but carries a short {@code data/val.txt}, so statements that
 * default to the model's data run in a second.
 */
public final class TestModel {
    private TestModel() {}

    public static Path dir() {
        return dev.nibble.model.ShippedModel.dir();
    }

    /** About 800 tokens of the model's validation text. */
    public static String shortText() throws IOException {
        String val = Files.readString(dir().resolve("data/val.txt"));
        return val.substring(0, Math.min(3000, val.length()));
    }

    /** A model folder in {@code into} whose model files link to the shipped model's and whose data/val.txt is {@link #shortText}. */
    public static Path shortFolder(Path into) throws IOException {
        Files.createDirectories(into.resolve("data"));
        for (String f : List.of("genai_config.json", "model.onnx", "model.onnx.data", "tokenizer.json", "tokenizer_config.json"))
            Files.createSymbolicLink(into.resolve(f), dir().resolve(f).toAbsolutePath());
        Files.writeString(into.resolve("data/val.txt"), shortText());
        Files.writeString(into.resolve("data/calib.txt"), shortText());
        return into;
    }
}
