package dev.nibble.dsl;

/**
 * One lexical token. {@code glued} is true when no space separates it from the previous
 * token on the line, which is how {@code mixed:"a,b"} (a word then a quoted regex) is
 * told apart from {@code mixed: "a,b"}.
 */
record Token(Kind kind, String text, Pos pos, boolean glued) {
    enum Kind {
        /** a run of characters other than space, {@code , = # " '} */
        WORD,
        /** text in double or single quotes, quotes removed (for paths and regexes with odd characters) */
        STRING,
        COMMA,
        EQUALS,
        /** ends a statement */
        NEWLINE,
        /** a lexical error; {@code text} is the message */
        ERROR,
        EOF
    }

    boolean is(Kind k) {
        return kind == k;
    }

    boolean isWord(String w) {
        return kind == Kind.WORD && text.equals(w);
    }

    /** How an error message quotes this token: {@code 'word'}, or "end of line". */
    String shown() {
        return switch (kind) {
            case NEWLINE, EOF -> "end of line";
            case STRING -> "\"" + text + "\"";
            default -> "'" + text + "'";
        };
    }
}
