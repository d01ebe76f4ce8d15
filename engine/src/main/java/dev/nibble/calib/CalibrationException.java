package dev.nibble.calib;

/** Calibration cannot run as asked; the message says what to change. */
public class CalibrationException extends RuntimeException {
    public CalibrationException(String message) {
        super(message);
    }

    public CalibrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
