package dev.nibble.dsl;

/**
 * A statement nibble cannot parse or run, with a message for the person who typed it.
 * {@code pos} (may be null for errors with no place in a script) points at the token the
 * message is about; {@link #located()} is the one line the command line prints.
 */
public class NibbleException extends RuntimeException {
    private final transient Pos pos;

    public NibbleException(Pos pos, String message) {
        super(message);
        this.pos = pos;
    }

    public NibbleException(Pos pos, String message, Throwable cause) {
        super(message, cause);
        this.pos = pos;
    }

    public Pos pos() {
        return pos;
    }

    /** {@code file:line:column: message}, or the bare message when there is no position. */
    public String located() {
        return pos == null ? getMessage() : pos + ": " + getMessage();
    }

    /** The same error pinned to {@code where}, unless it already has a position. */
    public NibbleException at(Pos where) {
        return pos != null ? this : new NibbleException(where, getMessage(), this);
    }
}
