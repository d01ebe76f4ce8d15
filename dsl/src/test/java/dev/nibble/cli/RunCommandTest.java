package dev.nibble.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nibble.dsl.Reference;
import dev.nibble.dsl.TestModel;
import dev.nibble.eval.Progress;
import dev.nibble.model.ModelFolder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nibble run} end to end on the shipped model: printed results, exit codes, the CSV, the charts. */
class RunCommandTest {
    @TempDir static Path shared;
    static Path model;
    @TempDir Path dir;

    @BeforeAll
    static void folder() throws Exception {
        model = TestModel.shortFolder(shared.resolve("m"));
    }

    record Run(int code, String out, String err) {}

    static Run run(String stdin, String... args) throws Exception {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = RunCommand.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), Progress.NONE);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The CSV as metric -> row (model, recipe, metric, value, ...) for one model; values have no commas here. */
    static Map<String, String[]> csv(Path file, String model) throws Exception {
        List<String> lines = Files.readAllLines(file);
        assertTrue(lines.get(0).startsWith("model,recipe,metric,value"), lines.get(0));
        Map<String, String[]> out = new HashMap<>();
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split(",", -1);
            if (f[0].equals(model)) out.put(f[2], f);
        }
        return out;
    }

    @Test
    void theQuickstartRunsEndToEndAndItsCsvHoldsTheRightNumbers() throws Exception {
        Path text = dir.resolve("small.txt");
        Files.writeString(text, TestModel.shortText());
        // the quickstart as shipped, pointed at the test model and made short: window 128 over ~800 tokens
        String script = Files.readString(root().resolve("examples/quickstart.nib")).lines().map(l -> {
            if (l.startsWith("load base = models/tiny-kjv")) return "load base = " + model;
            if (l.startsWith("eval ppl")) return l + " on " + text + " window 128 stride 64";
            if (l.startsWith("eval kl")) return l + " on " + text + " window 128";
            return l;
        }).collect(Collectors.joining("\n"));
        Path nib = Files.writeString(dir.resolve("quick.nib"), script);
        Path csv = dir.resolve("out/results.csv");
        Path charts = dir.resolve("charts");

        Run r = run("", nib.toString(), "--results", csv.toString(), "--charts", charts.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        assertTrue(r.out().contains("perplexity"), r.out());

        Map<String, String[]> rows = csv(csv, "base");
        double want = Reference.perplexity(ModelFolder.open(model), TestModel.shortText(), 128, 64);
        double got = Double.parseDouble(rows.get("ppl")[3]);
        assertEquals(want, got, want * 1e-5, "ppl in the CSV against a float64 sliding window computed here");
        assertEquals(0.0, Double.parseDouble(rows.get("kl_mean")[3]), 1e-9);
        assertEquals(0.0, Double.parseDouble(rows.get("kl_max")[3]), 1e-9);
        assertEquals(100.0, Double.parseDouble(rows.get("same_top1")[3]), 0);
        assertEquals("fp32", rows.get("ppl")[1]);
        assertTrue(Files.size(charts.resolve("plot-ppl.png")) > 1000);
        assertTrue(Files.size(charts.resolve("plot-pareto.png")) > 1000);
    }

    @Test
    void stopsAtTheFirstFailingStatementUnlessKeepGoing() throws Exception {
        Path nib = Files.writeString(dir.resolve("s.nib"), "load base = " + model + "\neval ppl nothere\ntable all\n");
        Path csv = dir.resolve("r.csv");
        Run stop = run("", nib.toString(), "--results", csv.toString());
        assertEquals(1, stop.code());
        assertEquals(nib + ":2:10: no model 'nothere' (models: base)\n", stop.err());
        assertTrue(stop.out().contains("loaded base"), stop.out());
        assertFalse(stop.out().contains("all results"), stop.out());
        assertTrue(csv(csv, "base").containsKey("model_mb"), "the CSV is written after a failure too");

        Run go = run("", nib.toString(), "--keep-going");
        assertEquals(1, go.code());
        assertEquals(nib + ":2:10: no model 'nothere' (models: base)\n", go.err());
        assertTrue(go.out().contains("all results"), go.out());
    }

    @Test
    void aSyntaxErrorAnywhereRunsNothing() throws Exception {
        String script = "load base = " + model + "\nevla ppl base\n";
        Run r = run(script, "-");
        assertEquals(1, r.code());
        assertEquals("<stdin>:2:1: expected a statement (load, eval, quantize, calibrate, bench, convert, sweep, table, plot, save, set, show, compare),"
                + " found 'evla'; did you mean 'eval'?\nnibble: 1 statement did not parse; nothing was run\n", r.err());
        assertEquals("", r.out());

        Run go = run(script, "-", "--keep-going");
        assertEquals(1, go.code());
        assertTrue(go.out().contains("loaded base"), go.out());
    }

    @Test
    void usageAndMissingScript() throws Exception {
        assertEquals(2, run("").code());
        assertEquals(2, run("", "a.nib", "--charts").code());
        Run missing = run("", dir.resolve("none.nib").toString());
        assertEquals(1, missing.code());
        assertEquals("nibble: script " + dir.resolve("none.nib") + " does not exist\n", missing.err());
        assertEquals(0, run("table ppl\n".replace("table ppl", "# nothing but a comment"), "-").code());
    }

    static Path root() {
        String r = System.getProperty("nibble.root");
        return r != null ? Path.of(r) : Path.of("").toAbsolutePath().getParent();
    }
}
