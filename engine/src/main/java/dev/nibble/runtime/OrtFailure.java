package dev.nibble.runtime;

/** onnxruntime refused to load or run a model; the message says which model and why. */
public class OrtFailure extends RuntimeException {
    public OrtFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
