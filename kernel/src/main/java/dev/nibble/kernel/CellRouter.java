package dev.nibble.kernel;

/**
 * Decides whether a cell is Java or DSL. {@code %%nibble} or {@code %%java} on the first
 * line decides outright; otherwise a cell is DSL when its first word (after blank and
 * comment lines) is a DSL keyword used as a statement, so {@code table ppl} is DSL while
 * {@code table.print()} or {@code set = 3;} stay Java.
 */
final class CellRouter {
    enum Kind { JAVA, DSL }

    /**
     * A routed cell. The magic line, if any, is blanked with spaces rather than removed so
     * that offsets (cursor positions) and line numbers (DSL errors) match what the user sees.
     */
    record Cell(Kind kind, String code) {}

    static final String DSL_MAGIC = "%%nibble";
    static final String JAVA_MAGIC = "%%java";

    private CellRouter() {}

    static Cell route(String text, DslEngine dsl) {
        int start = skipBlank(text, 0);
        int eol = lineEnd(text, start);
        String first = text.substring(start, eol).strip();
        if (first.equals(DSL_MAGIC) || first.equals(JAVA_MAGIC)) {
            String blanked = text.substring(0, start) + " ".repeat(eol - start) + text.substring(eol);
            return new Cell(first.equals(DSL_MAGIC) ? Kind.DSL : Kind.JAVA, blanked);
        }
        return new Cell(startsWithKeyword(text, dsl) ? Kind.DSL : Kind.JAVA, text);
    }

    private static boolean startsWithKeyword(String text, DslEngine dsl) {
        int i = skipBlankAndComments(text);
        int end = i;
        while (end < text.length() && Character.isJavaIdentifierPart(text.charAt(end))) end++;
        if (end == i || !dsl.isKeyword(text.substring(i, end))) return false;
        if (end == text.length()) return true;
        if (!Character.isWhitespace(text.charAt(end))) return false;
        int next = skipBlank(text, end);
        // `word = ...`, `word(...)`, `word.x`, `word[...]`, `word;` are Java using a keyword as a name
        return next == text.length() || "=(.[;".indexOf(text.charAt(next)) < 0;
    }

    /** Skips whitespace, then whole lines that are comments in either language (# or //). */
    private static int skipBlankAndComments(String text) {
        int i = skipBlank(text, 0);
        while (text.startsWith("#", i) || text.startsWith("//", i)) {
            i = skipBlank(text, lineEnd(text, i));
        }
        return i;
    }

    private static int skipBlank(String text, int i) {
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) i++;
        return i;
    }

    private static int lineEnd(String text, int i) {
        int nl = text.indexOf('\n', i);
        return nl < 0 ? text.length() : nl;
    }
}
