package dev.nibble.eval;

/**
 * An evaluation nibble cannot run as asked: bad settings, text too short for the mode,
 * models that disagree on the vocabulary, a malformed MMLU file. The message is for the
 * user: it names the sizes, or the file and line, and what was expected.
 */
public class EvalException extends RuntimeException {
    public EvalException(String message) {
        super(message);
    }

    public EvalException(String message, Throwable cause) {
        super(message, cause);
    }
}
