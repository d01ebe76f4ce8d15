package dev.nibble.model;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A model's own tokenizer, read from its {@code tokenizer.json} through the Hugging Face
 * tokenizers library (DJL's Java binding; its native library ships inside the jar, so
 * nothing is downloaded). Always loaded from a path, never by hub name.
 *
 * <p>{@link #encode} adds no special tokens: metrics score the text's own tokens, and a
 * caller that wants a BOS prepends it itself.
 */
public final class Tokenizer implements AutoCloseable {
    static {
        System.setProperty("ai.djl.offline", "true"); // never reach for the network
    }

    private final HuggingFaceTokenizer hf;
    private final Path file;

    private Tokenizer(HuggingFaceTokenizer hf, Path file) {
        this.hf = hf;
        this.file = file;
    }

    /** @throws ModelFolderException if the file is missing or not a tokenizer the library understands */
    public static Tokenizer load(Path tokenizerJson) {
        if (!Files.isRegularFile(tokenizerJson))
            throw new ModelFolderException("tokenizer file " + tokenizerJson + " does not exist");
        try {
            // no truncation, no padding: a whole validation text must come back whole
            HuggingFaceTokenizer hf = HuggingFaceTokenizer.newInstance(tokenizerJson,
                    Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false", "maxLength", "-1"));
            return new Tokenizer(hf, tokenizerJson);
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new ModelFolderException(tokenizerJson + " is not a valid Hugging Face tokenizer.json (" + why
                    + "). Copy it again from the model's source.", e);
        }
    }

    public Path file() { return file; }

    /** Token ids of {@code text}, no special tokens added. */
    public int[] encode(String text) {
        Encoding enc = hf.encode(text, false, false);
        long[] ids = enc.getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) out[i] = Math.toIntExact(ids[i]);
        return out;
    }

    /** Text of {@code ids}, special tokens kept. */
    public String decode(int[] ids) {
        long[] l = new long[ids.length];
        for (int i = 0; i < ids.length; i++) l[i] = ids[i];
        return hf.decode(l, false);
    }

    @Override
    public void close() {
        hf.close();
    }
}
