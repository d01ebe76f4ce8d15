package dev.nibble.kernel;

import java.util.List;

/** Replacements for the text between {@code start} and {@code end} (offsets in the cell). */
public record Completion(int start, int end, List<String> matches) {

    public static Completion none(int cursor) {
        return new Completion(cursor, cursor, List.of());
    }
}
