package dev.nibble.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Malformed lines: the exact place, what was expected, and the suggestion. */
class ErrorMessagesTest {
    static String error(String source) {
        List<Parser.Outcome> o = Parser.parse(source, "s.nib");
        assertEquals(1, o.size(), source);
        assertNull(o.get(0).statement(), source);
        return o.get(0).error().located();
    }

    private static final String STATEMENTS = "a statement (load, eval, quantize, calibrate, bench, convert, sweep, table, plot, save, set, show, compare)";
    private static final String NAME = "(a letter or '_', then letters, digits, '_', '-' or '.')";

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            quantise base as q4 int4 rtn                   | s.nib:1:1: expected STATEMENTS, found 'quantise'; did you mean 'quantize'?
            evla ppl base                                  | s.nib:1:1: expected STATEMENTS, found 'evla'; did you mean 'eval'?
            Load base = m                                  | s.nib:1:1: expected STATEMENTS, found 'Load'; did you mean 'load'?
            frobnicate                                     | s.nib:1:1: expected STATEMENTS, found 'frobnicate'
            quantize base as q4 int4 rtn blok 64           | s.nib:1:30: expected an option of quantize (block, format, asym, full-range, exclude, accuracy, int8-block) or end of line, found 'blok'; did you mean 'block'?
            quantize base as q4 int3 rtn                   | s.nib:1:21: expected bits (int4, int8, mixed, mixed-kquant, mixed:<regex>), found 'int3'; did you mean 'int4'?
            quantize base as q4 int4 rnt                   | s.nib:1:26: expected a method (rtn, awq, awq-lite, awq-clip), found 'rnt'; did you mean 'rtn'?
            quantize base to q4 int4 rtn                   | s.nib:1:15: expected 'as', found 'to'
            quantize base as q4 int4 rtn asym full-range   | s.nib:1:21: asym and full-range exclude each other (full-range is a symmetric rule)
            quantize base as q4 int4 rtn format matmulnbits block 100 | s.nib:1:21: format matmulnbits needs a block that is a power of two of at least 16, got 100
            quantize base as q4 int4 rtn int8-block 32     | s.nib:1:21: int8-block applies to int8 and mixed recipes, not int4
            quantize base as q4 mixed:a( rtn               | s.nib:1:21: mixed: regex 'a(' is not valid: Unclosed group
            eval ppx base                                  | s.nib:1:6: expected what to evaluate (ppl, kl, mmlu), found 'ppx'; did you mean 'ppl'?
            eval ppl base window                           | s.nib:1:21: expected a whole number of at least 2 for window, found end of line
            eval ppl base stride 0                         | s.nib:1:22: expected a whole number of at least 1 for stride, found '0'
            eval ppl base window 128 window 64             | s.nib:1:26: option 'window' is given twice
            eval ppl base windw 128                        | s.nib:1:15: expected an option of eval ppl (on, window, stride, mode, tokens) or end of line, found 'windw'; did you mean 'window'?
            eval ppl base mode fast                        | s.nib:1:20: expected a perplexity mode (hf, chunked, llamacpp), found 'fast'
            eval ppl base window 64 stride 128             | s.nib:1:1: perplexity stride must be between 1 and the window (64), got 128
            eval ppl base,                                 | s.nib:1:15: expected a model name after ',' NAME, found end of line
            eval kl q4 vs                                  | s.nib:1:14: expected the baseline model NAME, found end of line
            eval kl q4 versus base                         | s.nib:1:12: expected 'vs', found 'versus'
            eval kl q4 v base                              | s.nib:1:12: expected 'vs', found 'v'; did you mean 'vs'?
            load base models/tiny-kjv                      | s.nib:1:11: expected '=', found 'models/tiny-kjv'
            load 3x = m                                    | s.nib:1:6: expected a model name NAME, found '3x'
            `load x = "unterminated`                       | s.nib:1:10: unterminated string: expected a closing " on the same line
            table perplexity                               | s.nib:1:7: expected a table (ppl, kl, mmlu, bench, all), found 'perplexity'
            table ppl extra                                | s.nib:1:11: expected end of line, found 'extra'
            plot pareto to                                 | s.nib:1:15: expected a .png file, found end of line
            plot speeed                                    | s.nib:1:6: expected a chart (ppl, kl, size, speed, pareto), found 'speeed'; did you mean 'speed'?
            set thread 4                                   | s.nib:1:5: expected a setting (threads, seed, backend, workdir), found 'thread'; did you mean 'threads'?
            set backend cuda                               | s.nib:1:13: expected a backend (ort, simulated), found 'cuda'
            set threads many                               | s.nib:1:13: expected a whole number for threads, found 'many'
            convert base as b16 fp8                        | s.nib:1:21: expected a precision (fp16, fp32), found 'fp8'
            sweep base bits int4 methods rtn,awk           | s.nib:1:34: expected a method (rtn, awq, awq-lite, awq-clip), found 'awk'; did you mean 'awq'?
            bench base gen 0                               | s.nib:1:16: expected a whole number of at least 1 for gen, found '0'
            calibrate base samples 8 sample 4              | s.nib:1:26: expected an option of calibrate (on, samples, length, seed) or end of line, found 'sample'; did you mean 'samples'?
            show                                           | s.nib:1:5: expected models, results, settings or a model name, found end of line
            """)
    void malformedLines(String line, String expected) {
        assertEquals(expected.replace("STATEMENTS", STATEMENTS).replace("NAME", NAME), error(line.strip()));
    }

    @Test
    void aMistakeOnOneLineDoesNotHideTheNext() {
        List<Parser.Outcome> o = Parser.parse("load base = m\n\nevla ppl base\ntable ppl\nplot pretty\n", "s.nib");
        assertEquals(4, o.size());
        assertEquals("s.nib:3:1: expected " + STATEMENTS + ", found 'evla'; did you mean 'eval'?", o.get(1).error().located());
        assertEquals("table ppl", o.get(2).statement() instanceof Statement.MakeTable t ? "table " + t.kind().id() : "?");
        assertEquals("s.nib:5:6: expected a chart (ppl, kl, size, speed, pareto), found 'pretty'", o.get(3).error().located());
    }

    @Test
    void parseAllThrowsTheFirstError() {
        var e = assertThrows(NibbleException.class, () -> Parser.parseAll("table ppl\ntable kl x\ntable y", "s.nib"));
        assertEquals("s.nib:2:10: expected end of line, found 'x'", e.located());
    }

    @Test
    void suggestionsUseEditDistanceWithTranspositions() {
        assertEquals(1, Suggest.distance("evla", "eval"));
        assertEquals(1, Suggest.distance("quantise", "quantize"));
        assertEquals(3, Suggest.distance("kitten", "sitting"));
        assertEquals(java.util.Optional.empty(), Suggest.closest("xyz", List.of("load", "eval")));
    }
}
