package dev.nibble.dsl;

/**
 * Where a piece of a script is: file (or "&lt;input&gt;" for typed text), line and column,
 * both 1-based as editors count them. {@code toString} is the {@code file:line:column}
 * prefix every error message starts with.
 */
public record Pos(String file, int line, int column) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
