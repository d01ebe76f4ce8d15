package dev.nibble.dsl;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a script into tokens. Statements end at a newline; a backslash at the end of a
 * line continues the statement on the next one. {@code #} starts a comment outside quotes.
 * Words are runs of anything but white space and {@code , = # " '}, so paths
 * ({@code models/tiny-kjv}), options ({@code full-range}) and most regexes need no
 * quotes; anything else goes in quotes, which do not span lines and have no escapes.
 */
final class Lexer {
    private final String src;
    private final String file;
    private final List<Token> out = new ArrayList<>();
    private int i;
    private int line = 1;
    private int lineStart;
    private int lastEnd = -1; // offset just past the previous token on this line, for Token.glued

    private Lexer(String src, String file) {
        this.src = src;
        this.file = file;
    }

    static List<Token> tokens(String source, String file) {
        Lexer lx = new Lexer(source, file);
        lx.run();
        return lx.out;
    }

    private void run() {
        while (i < src.length()) {
            char c = src.charAt(i);
            if (c == '\n') {
                add(Token.Kind.NEWLINE, "\n", i, i + 1);
                newline(i); // add() has moved i past the newline
            } else if (c == '\\' && restOfLineBlank(i + 1)) {
                int nl = src.indexOf('\n', i);
                if (nl < 0) break;
                newline(nl + 1); // continuation: no NEWLINE token
            } else if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '#') {
                while (i < src.length() && src.charAt(i) != '\n') i++;
            } else if (c == ',') {
                add(Token.Kind.COMMA, ",", i, i + 1);
            } else if (c == '=') {
                add(Token.Kind.EQUALS, "=", i, i + 1);
            } else if (c == '"' || c == '\'') {
                quoted(c);
            } else {
                int start = i;
                while (i < src.length() && isWordChar(src.charAt(i)) && !(src.charAt(i) == '\\' && restOfLineBlank(i + 1))) i++;
                add(Token.Kind.WORD, src.substring(start, i), start, i);
            }
        }
        Pos end = pos(i);
        out.add(new Token(Token.Kind.NEWLINE, "\n", end, false));
        out.add(new Token(Token.Kind.EOF, "", end, false));
    }

    private void quoted(char q) {
        int start = i;
        int close = i + 1;
        while (close < src.length() && src.charAt(close) != q && src.charAt(close) != '\n') close++;
        if (close >= src.length() || src.charAt(close) != q) {
            out.add(new Token(Token.Kind.ERROR, "unterminated string: expected a closing " + q + " on the same line",
                    pos(start), glued(start)));
            i = close;
            lastEnd = close;
            return;
        }
        add(Token.Kind.STRING, src.substring(start + 1, close), start, close + 1);
    }

    static boolean isWordChar(char c) {
        return !Character.isWhitespace(c) && c != ',' && c != '=' && c != '#' && c != '"' && c != '\'';
    }

    private boolean restOfLineBlank(int from) {
        for (int k = from; k < src.length(); k++) {
            char c = src.charAt(k);
            if (c == '\n') return true;
            if (!Character.isWhitespace(c)) return false;
        }
        return true;
    }

    private void add(Token.Kind kind, String text, int start, int end) {
        out.add(new Token(kind, text, pos(start), glued(start)));
        i = end;
        lastEnd = end;
    }

    private boolean glued(int start) {
        return start == lastEnd;
    }

    private void newline(int next) {
        i = next;
        line++;
        lineStart = next;
        lastEnd = -1;
    }

    private Pos pos(int offset) {
        return new Pos(file, line, offset - lineStart + 1);
    }
}
