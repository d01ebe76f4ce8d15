package dev.nibble.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broken model folder fails when opened, with a message that says what is wrong. */
class ModelFolderTest {
    @TempDir Path dir;

    /** A copy of the shipped folder's top-level files (model, data, config, tokenizer). */
    private Path copyOfShipped() throws IOException {
        Path to = Files.createDirectory(dir.resolve("m"));
        try (Stream<Path> files = Files.list(ShippedModel.dir())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) Files.copy(f, to.resolve(f.getFileName()));
        }
        return to;
    }

    private static String fails(Path folder) {
        return assertThrows(ModelFolderException.class, () -> {
            ModelFolder f = ModelFolder.open(folder);
            f.tokenizer().close();
        }).getMessage();
    }

    @Test
    void theShippedFolderOpens() {
        ModelFolder f = ModelFolder.open(ShippedModel.dir());
        assertEquals(8, f.config().numLayers());
        assertEquals(2, f.config().numKeyValueHeads());
        assertTrue(f.data("val.txt").isPresent() && f.data("calib.txt").isPresent());
    }

    @Test
    void corruptTokenizerJson() throws IOException {
        Path m = copyOfShipped();
        Files.writeString(m.resolve("tokenizer.json"), "{\"version\": \"1.0\", \"model\": {\"type\": \"BPE\", \"vocab\": ");
        String msg = fails(m);
        assertTrue(msg.contains("tokenizer.json") && msg.contains("not a valid"), msg);
    }

    @Test
    void configNamingAnInputTheModelLacks() throws IOException {
        Path m = copyOfShipped();
        Path cfg = m.resolve("genai_config.json");
        Files.writeString(cfg, Files.readString(cfg).replace("\"position_ids\": \"position_ids\"", "\"position_ids\": \"positions\""));
        String msg = fails(m);
        assertTrue(msg.contains("'positions'") && msg.contains("has no such input"), msg);
    }

    @Test
    void folderMissingItsDataFile() throws IOException {
        Path m = copyOfShipped();
        Files.delete(m.resolve("model.onnx.data"));
        String msg = fails(m);
        assertTrue(msg.contains("model.onnx.data") && msg.contains("missing"), msg);
    }

    @Test
    void folderWithoutConfigOrTokenizer() throws IOException {
        Path m = copyOfShipped();
        Files.delete(m.resolve("tokenizer.json"));
        assertTrue(fails(m).contains("has no tokenizer.json"));
        Files.delete(m.resolve("genai_config.json"));
        assertTrue(fails(m).contains("has no genai_config.json"));
    }
}
