package dev.nibble.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {
    private static List<Csv.Row> parse(String text) {
        return Csv.parse(text, "f.csv");
    }

    @Test
    void quotedFieldsHoldCommasQuotesAndLineBreaks() {
        List<Csv.Row> rows = parse("a,\"b,c\",\"say \"\"hi\"\"\",\"\"\r\n\"two\nlines\",x\nlast,\"\"\"\"");
        assertEquals(List.of(
                new Csv.Row(1, List.of("a", "b,c", "say \"hi\"", "")),
                new Csv.Row(2, List.of("two\nlines", "x")),
                new Csv.Row(4, List.of("last", "\""))), rows);
    }

    @Test
    void lineEndingsBlankLinesBomAndTrailingEmptyFields() {
        assertEquals(List.of(new Csv.Row(1, List.of("a", "b", "")), new Csv.Row(3, List.of(" c ", "d"))),
                parse("\uFEFFa,b,\r\n\r\n c ,d\r\n"));
        assertEquals(List.of(new Csv.Row(1, List.of("x")), new Csv.Row(2, List.of("y"))), parse("x\ry"));
        assertEquals(List.of(), parse(""));
        assertEquals(List.of(new Csv.Row(1, List.of("ab\"c", "d"))), parse("ab\"c,d"));
    }

    @Test
    void malformedQuotingNamesFileAndLine() {
        EvalException open = assertThrows(EvalException.class, () -> parse("ok,1\n\"never closed,2\n3"));
        assertEquals("f.csv:2: quoted field is never closed", open.getMessage());
        EvalException after = assertThrows(EvalException.class, () -> parse("ok\n\"a\nb\"x,1"));
        assertEquals("f.csv:3: unexpected 'x' after a closing quote (record starting on line 2); "
                + "a quote inside a quoted field must be doubled", after.getMessage());
    }
}
