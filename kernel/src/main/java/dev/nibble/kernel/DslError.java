package dev.nibble.kernel;

/**
 * A DSL statement that could not be parsed or run, located in its cell (1-based line and
 * column, as editors count). The kernel shows it as one short error, never a stack trace:
 * the person typed a statement, not a program.
 */
public final class DslError extends Exception {
    private final int line;
    private final int column;

    public DslError(int line, int column, String message) {
        super(message, null, false, false);
        this.line = line;
        this.column = column;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** {@code line 2, column 17: expected int4, int8 or mixed} */
    public String located() {
        return "line " + line + ", column " + column + ": " + getMessage();
    }
}
