package dev.nibble.quant;

/** A quantization that cannot be done as asked; the message says why and what to change. */
public class QuantException extends RuntimeException {
    public QuantException(String message) {
        super(message);
    }

    public QuantException(String message, Throwable cause) {
        super(message, cause);
    }
}
