package dev.nibble.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nibble.dsl.Statement.Name;
import dev.nibble.eval.PerplexitySettings;
import dev.nibble.eval.PplMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every statement form of SPEC §7 parses into the AST it means, options and defaults included. */
class ParserTest {
    static Statement one(String line) {
        List<Statement> all = Parser.parseAll(line, "t");
        assertEquals(1, all.size(), line);
        return all.get(0);
    }

    static Pos at(int line, int col) {
        return new Pos("t", line, col);
    }

    @Test
    void loadAndSave() {
        assertEquals(new Statement.Load(at(1, 1), new Name("base", at(1, 6)), "models/tiny-kjv"), one("load base = models/tiny-kjv"));
        assertEquals(new Statement.Load(at(1, 1), new Name("b", at(1, 6)), "a dir/m.onnx"), one("load b='a dir/m.onnx'"));
        assertEquals(new Statement.Save(at(1, 1), new Name("mix", at(1, 6)), "out/tiny-kjv-mixed-awq"), one("save mix to out/tiny-kjv-mixed-awq"));
    }

    @Test
    void quantizeWithEveryOption() {
        var q = (Statement.Quantize) one("quantize base as q4 int4 rtn");
        assertEquals(Recipe.of(Recipe.Bits.parse("int4"), Recipe.Method.RTN), q.recipe());
        assertEquals(128, q.recipe().block());
        assertEquals("int4 rtn b128", q.recipe().label());

        var all = (Statement.Quantize) one("quantize base as m mixed:\"layers\\.(0|7)\\.\" awq-lite block 32 format matmulnbits asym exclude /lm_head accuracy 0 int8-block 64");
        Recipe r = all.recipe();
        assertEquals(Recipe.Bits.Kind.MIXED_REGEX, r.bits().kind());
        assertEquals("layers\\.(0|7)\\.", r.bits().regex());
        assertEquals(Recipe.Method.AWQ_LITE, r.method());
        assertEquals(32, r.block());
        assertEquals(Recipe.Format.MATMULNBITS, r.format());
        assertTrue(r.asym());
        assertEquals("/lm_head", r.exclude());
        assertEquals(0, r.accuracy());
        assertEquals(64, r.int8Block());
        assertEquals("q4", q.target().text());

        for (String bits : List.of("int4", "int8", "mixed", "mixed-kquant", "mixed:down_proj"))
            for (String m : List.of("rtn", "awq", "awq-lite", "awq-clip")) {
                var s = (Statement.Quantize) one("quantize base as x " + bits + " " + m + " full-range");
                assertEquals(bits, s.recipe().bits().id());
                assertEquals(m, s.recipe().method().id());
                assertTrue(s.recipe().fullRange());
            }
    }

    @Test
    void evalsOverModelLists() {
        var ppl = (Statement.EvalPpl) one("eval ppl base, q4,awq4 , mix");
        assertEquals(List.of("base", "q4", "awq4", "mix"), ppl.models().stream().map(Name::text).toList());
        assertEquals(PerplexitySettings.DEFAULT, ppl.settings());
        assertNull(ppl.on());
        var custom = (Statement.EvalPpl) one("eval ppl base mode chunked stride 32 on t.txt window 128");
        assertEquals(new PerplexitySettings(PplMode.CHUNKED, 128, 32), custom.settings());
        assertEquals("t.txt", custom.on());
        // stride defaults to half the window when only the window is given
        assertEquals(new PerplexitySettings(PplMode.HF, 128, 64), ((Statement.EvalPpl) one("eval ppl base window 128")).settings());

        var kl = (Statement.EvalKl) one("eval kl q4, mix vs base on v.txt window 256");
        assertEquals(List.of("q4", "mix"), kl.models().stream().map(Name::text).toList());
        assertEquals("base", kl.base().text());
        assertEquals(256, kl.window());
        assertEquals(0, kl.tokens());
        assertEquals(4096, ((Statement.EvalKl) one("eval kl q4 vs base tokens 4096")).tokens());
        assertEquals(2048, ((Statement.EvalPpl) one("eval ppl q4 tokens 2048")).tokens());
        assertEquals(1024, ((Statement.EvalKl) one("eval kl q4 vs base")).window());

        var mmlu = (Statement.EvalMmlu) one("eval mmlu base on data/mmlu shots 0 limit 3");
        assertEquals(0, mmlu.shots());
        assertEquals(3, mmlu.limit());
        assertEquals(5, ((Statement.EvalMmlu) one("eval mmlu base")).shots());
    }

    @Test
    void theRest() {
        assertEquals(new Statement.Calibrate(at(1, 1), new Name("base", at(1, 11)), null, 32, 512, null), one("calibrate base"));
        assertEquals(new Statement.Calibrate(at(1, 1), new Name("base", at(1, 11)), "c.txt", 8, 256, 7L),
                one("calibrate base seed 7 on c.txt samples 8 length 256"));
        assertEquals(new Statement.Bench(at(1, 1), List.of(new Name("base", at(1, 7)), new Name("mix", at(1, 13))), 128, 256, 3, 1),
                one("bench base, mix"));
        var b = (Statement.Bench) one("bench base prompt 64 gen 32 reps 5 warmup 0");
        assertEquals(List.of(64, 32, 5, 0), List.of(b.prompt(), b.gen(), b.reps(), b.warmup()));
        assertEquals(Statement.Precision.FP16, ((Statement.Convert) one("convert base as b16 fp16")).precision());
        var sw = (Statement.Sweep) one("sweep base bits int4,int8,mixed methods rtn,awq block 64");
        assertEquals(List.of("int4", "int8", "mixed"), sw.bits().stream().map(Recipe.Bits::id).toList());
        assertEquals(List.of(Recipe.Method.RTN, Recipe.Method.AWQ), sw.methods());
        assertEquals(64, sw.template().block());
        for (var k : Statement.TableKind.values())
            assertEquals(k, ((Statement.MakeTable) one("table " + k.id())).kind());
        for (var k : Statement.PlotKind.values())
            assertEquals(k, ((Statement.Plot) one("plot " + k.id())).kind());
        assertEquals("p.png", ((Statement.Plot) one("plot pareto to p.png")).to());
        assertEquals(new Statement.Set(at(1, 1), "backend", "simulated"), one("set backend simulated"));
        assertEquals(new Statement.Set(at(1, 1), "threads", "2"), one("set threads 2"));
        assertEquals(Statement.ShowKind.RESULTS, ((Statement.Show) one("show results")).kind());
        var sm = (Statement.Show) one("show base");
        assertEquals(Statement.ShowKind.MODEL, sm.kind());
        assertEquals("base", sm.model().text());
    }

    @Test
    void commentsBlankLinesAndContinuations() {
        List<Statement> s = Parser.parseAll("""
                # a comment line

                load base = m   # trailing comment
                eval ppl base \\
                    window 128
                table ppl""", "t");
        assertEquals(3, s.size());
        assertEquals(at(3, 1), s.get(0).pos());
        assertEquals(128, ((Statement.EvalPpl) s.get(1)).settings().window());
        assertEquals(at(4, 1), s.get(1).pos());
        assertInstanceOf(Statement.MakeTable.class, s.get(2));
        assertEquals(at(6, 1), s.get(2).pos());
    }

    /** Every ```nibble block of docs/dsl.md parses, statement by statement. */
    @Test
    void everyExampleInTheDocsParses() throws IOException {
        Path doc = root().resolve("docs/dsl.md");
        Matcher m = Pattern.compile("```nibble\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(doc));
        int blocks = 0, statements = 0;
        List<String> failures = new ArrayList<>();
        while (m.find()) {
            blocks++;
            for (Parser.Outcome o : Parser.parse(m.group(1), "docs/dsl.md block " + blocks)) {
                if (o.error() != null) failures.add(o.error().located());
                else statements++;
            }
        }
        assertEquals(List.of(), failures);
        assertTrue(blocks >= 15 && statements >= 45, blocks + " blocks, " + statements + " statements");
    }

    @Test
    void theQuickstartParses() throws IOException {
        List<Statement> s = Parser.parseAll(Files.readString(root().resolve("examples/quickstart.nib")), "quickstart.nib");
        assertInstanceOf(Statement.Load.class, s.get(0));
        assertTrue(s.stream().anyMatch(x -> x instanceof Statement.EvalKl));
    }

    static Path root() {
        String r = System.getProperty("nibble.root");
        return r != null ? Path.of(r) : Path.of("").toAbsolutePath().getParent();
    }
}
