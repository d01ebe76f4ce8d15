package dev.nibble.kernel;

/**
 * Progress of a long DSL statement, shown as one display that updates in place. Also the
 * channel through which an interrupt reaches a statement that polls rather than waits.
 */
public interface Progress {

    /** {@code fraction} in [0, 1], or NaN when the total is unknown. Cheap to call often. */
    void report(String what, double fraction);

    /** True once the user interrupted the cell; the statement should stop and throw. */
    boolean cancelled();
}
