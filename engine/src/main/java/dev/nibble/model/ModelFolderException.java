package dev.nibble.model;

/** A model folder (genai_config.json, tokenizer, model files) nibble cannot use; the message says why. */
public class ModelFolderException extends RuntimeException {
    public ModelFolderException(String message) {
        super(message);
    }

    public ModelFolderException(String message, Throwable cause) {
        super(message, cause);
    }
}
