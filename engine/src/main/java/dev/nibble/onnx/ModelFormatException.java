package dev.nibble.onnx;

/**
 * A model file (or its external data) that nibble cannot read or write. The message is
 * for the user: it names the file, what is wrong, and what to do.
 */
public class ModelFormatException extends RuntimeException {
    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
