package dev.nibble.eval;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A small RFC 4180 reader for the MMLU files (UTF-8, optional BOM). Fields are separated
 * by commas and records by LF, CRLF or CR. A field that starts with a double quote runs
 * to the matching closing quote and may contain commas, line breaks (kept verbatim) and
 * doubled quotes {@code ""} standing for one quote; after the closing quote only a comma
 * or the end of the record may follow. A quote inside an unquoted field is kept as a
 * literal character (as Python's csv module does). Blank lines are skipped; the last
 * record needs no line break. Whitespace is kept as is.
 */
final class Csv {
    /** One record; {@code line} is the 1-based physical line on which it starts. */
    record Row(int line, List<String> fields) {
    }

    private Csv() {
    }

    static List<Row> read(Path file) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new EvalException(file + ": not valid UTF-8 text", e);
        } catch (IOException e) {
            throw new EvalException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        return parse(text, file.toString());
    }

    /** Parses {@code text}; {@code name} prefixes error messages ("name:line: ..."). */
    static List<Row> parse(String text, String name) {
        return new Parser(text, name).rows();
    }

    private static final class Parser {
        private final String s;
        private final String name;
        private int i;
        private int line = 1;

        Parser(String text, String name) {
            this.s = text.startsWith("\uFEFF") ? text.substring(1) : text;
            this.name = name;
        }

        List<Row> rows() {
            List<Row> rows = new ArrayList<>();
            while (i < s.length()) {
                int startLine = line;
                List<String> fields = new ArrayList<>();
                do {
                    fields.add(at('"') ? quoted(startLine) : unquoted());
                } while (consume(','));
                endOfRecord(startLine);
                if (!(fields.size() == 1 && fields.get(0).isEmpty())) {
                    rows.add(new Row(startLine, List.copyOf(fields)));
                }
            }
            return rows;
        }

        private String unquoted() {
            int from = i;
            while (i < s.length() && ",\r\n".indexOf(s.charAt(i)) < 0) {
                i++;
            }
            return s.substring(from, i);
        }

        private String quoted(int startLine) {
            i++; // opening quote
            StringBuilder field = new StringBuilder();
            while (true) {
                if (i >= s.length()) {
                    throw new EvalException(name + ":" + startLine + ": quoted field is never closed");
                }
                char c = s.charAt(i++);
                if (c == '"') {
                    if (!consume('"')) {
                        return field.toString();
                    }
                    field.append('"');
                } else {
                    if (c == '\n' || (c == '\r' && !at('\n'))) {
                        line++;
                    }
                    field.append(c);
                }
            }
        }

        private void endOfRecord(int startLine) {
            if (i >= s.length()) {
                return;
            }
            if (consume('\r')) {
                consume('\n');
            } else if (!consume('\n')) {
                throw new EvalException(name + ":" + line + ": unexpected '" + s.charAt(i)
                        + "' after a closing quote (record starting on line " + startLine
                        + "); a quote inside a quoted field must be doubled");
            }
            line++;
        }

        private boolean at(char c) {
            return i < s.length() && s.charAt(i) == c;
        }

        private boolean consume(char c) {
            if (at(c)) {
                i++;
                return true;
            }
            return false;
        }
    }
}
