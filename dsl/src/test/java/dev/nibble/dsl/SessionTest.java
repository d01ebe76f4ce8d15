package dev.nibble.dsl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nibble.eval.Progress;
import dev.nibble.model.ModelFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** What each executable statement does to the session: models registered, rows appended, nothing on failure. */
class SessionTest {
    @TempDir static Path shared;
    static Path model;
    static Path bare;
    @TempDir Path dir;
    Session s;

    @BeforeAll
    static void folders() throws IOException {
        model = TestModel.shortFolder(shared.resolve("m"));
        bare = Files.createDirectories(shared.resolve("bare"));
        for (String f : List.of("model.onnx", "model.onnx.data")) Files.createSymbolicLink(bare.resolve(f), model.resolve(f));
    }

    @BeforeEach
    void session() {
        s = new Session(dir, Plugins.available(), Progress.NONE);
    }

    Result run(String src) {
        List<Result> r = s.run(src, "<input>");
        return r.get(r.size() - 1);
    }

    String error(String src) {
        return assertThrows(NibbleException.class, () -> s.run(src, "<input>")).located();
    }

    static List<String> column(Table t, String name) {
        return t.stringColumn(name).asList();
    }

    @Test
    void loadRegistersTheModelAndItsSize() throws IOException {
        run("load base = " + model);
        ModelHandle h = s.modelMap().get("base");
        assertEquals("fp32", h.recipe());
        assertEquals("base", h.family());
        assertEquals(model.resolve("data"), h.dataDir());
        assertNotNull(h.folder());
        Table t = s.results();
        assertEquals(List.of("base"), column(t, "model"));
        assertEquals(List.of("model_mb"), column(t, "metric"));
        assertEquals(List.of("MB"), column(t, "unit"));
        double bytes = Files.size(model.resolve("model.onnx")) + Files.size(model.resolve("model.onnx.data"));
        assertEquals(bytes / 1048576.0, t.doubleColumn("value").get(0), 1e-9);

        run("load inner = " + model.resolve("model.onnx")); // model.onnx of a folder: the folder
        assertNotNull(s.modelMap().get("inner").folder());
        run("load b = " + bare.resolve("model.onnx"));
        assertNull(s.modelMap().get("b").folder());
        assertEquals("<input>:1:6: 'base' is already a model (loaded from " + model + "); choose another name", error("load base = " + model));
    }

    @Test
    void evalPplAddsARowPerModelMatchingAnIndependentComputation() throws IOException {
        run("load base = " + model + "\nload again = " + model);
        Result r = run("eval ppl base, again");
        assertTrue(r.text().startsWith("ppl base"), r.text());
        Table t = s.results().where(s.results().stringColumn("metric").isEqualTo("ppl"));
        assertEquals(List.of("base", "again"), column(t, "model"));
        double want = Reference.perplexity(ModelFolder.open(model), TestModel.shortText(), 1024, 512);
        for (int i = 0; i < 2; i++) assertEquals(want, t.doubleColumn("value").get(i), want * 1e-5);
        assertTrue(t.stringColumn("settings").get(0).contains("text=val.txt mode=hf window=1024 stride=512"), t.stringColumn("settings").get(0));
    }

    @Test
    void evalKlOfAModelAgainstItselfIsZero() {
        run("load base = " + model);
        run("eval kl base vs base window 256");
        Table t = s.results().where(s.results().stringColumn("metric").isNotEqualTo("model_mb"));
        assertEquals(List.of("kl_mean", "kl_median", "kl_p90", "kl_p99", "kl_max", "same_top1", "delta_ppl"), column(t, "metric"));
        assertEquals(List.of("nats", "nats", "nats", "nats", "nats", "%", ""), column(t, "unit"));
        assertArrayEquals(new double[] {0, 0, 0, 0, 0, 100, 0}, t.doubleColumn("value").asDoubleArray(), 1e-9);
        Table kl = run("table kl").table();
        assertEquals(List.of("model", "recipe", "kl_mean", "kl_median", "kl_p90", "kl_p99", "kl_max", "same_top1", "delta_ppl"), kl.columnNames());
    }

    @Test
    void aFailingStatementChangesNothing() {
        run("load base = " + model + "\nload b = " + bare.resolve("model.onnx"));
        int rows = s.results().rowCount();
        // base is measured first, then the bare model fails: base's row must not be kept either
        assertEquals("<input>:1:1: eval ppl: model 'b' is a bare .onnx file (" + bare.resolve("model.onnx")
                + "); it needs a genai model folder (genai_config.json, tokenizer.json) to run", error("eval ppl base, b"));
        assertEquals("<input>:1:16: no model 'bsae'; did you mean 'base'? (models: base, b)", error("eval ppl base, bsae"));
        assertEquals("<input>:1:1: load: " + dir.resolve("nowhere") + " does not exist", error("load x = nowhere"));
        assertEquals(rows, s.results().rowCount());
        assertEquals(List.of("base", "b"), s.models().stream().map(ModelHandle::name).toList());
    }

    @Test
    void statementsWithoutAnEngineSayItAndChangeNothing() {
        s = new Session(dir, Plugins.none(), Progress.NONE);
        run("load base = " + model);
        Settings before = s.settings();
        for (String[] c : new String[][] {
                {"calibrate base samples 4 length 64", "calibrate"},
                {"quantize base as q4 int4 rtn", "quantize"},
                {"convert base as b16 fp16", "convert"},
                {"bench base", "bench"},
                {"sweep base bits int4 methods rtn", "sweep (it quantizes)"},
                {"set backend simulated", "set backend simulated"}})
            assertEquals("<input>:1:1: " + c[1] + ": not implemented in this build yet", error(c[0]));
        assertEquals(List.of("base"), s.models().stream().map(ModelHandle::name).toList());
        assertEquals(1, s.results().rowCount());
        assertEquals(before, s.settings());
    }

    /** A stand-in quantizer that copies the model: what the session does around the hook. */
    static Plugins copying() {
        return Plugins.none().withQuantize((req, progress) -> {
            try {
                Files.createDirectories(req.target());
                try (Stream<Path> files = Files.list(req.source().folder().dir())) {
                    for (Path f : files.toList())
                        if (!Files.isDirectory(f)) Files.copy(f, req.target().resolve(f.getFileName()), java.nio.file.LinkOption.NOFOLLOW_LINKS);
                }
                return req.target();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Test
    void aPluggedInQuantizerMakesAModelThatInheritsTheSourcesData() {
        s = new Session(dir, copying(), Progress.NONE);
        run("load base = " + model + "\nset workdir work\nquantize base as q4 int4 rtn block 64 asym");
        ModelHandle q = s.modelMap().get("q4");
        assertEquals("int4 rtn b64 asym", q.recipe());
        assertEquals(dir.resolve("work/q4"), q.path());
        assertEquals("base", q.family());
        assertEquals(model.resolve("data"), q.dataDir());
        Table t = s.results().where(s.results().stringColumn("model").isEqualTo("q4"));
        assertEquals(List.of("quant_s", "model_mb"), column(t, "metric"));
        assertEquals(List.of("s", "MB"), column(t, "unit"));
        run("eval ppl base, q4"); // q4 has no data folder of its own: base's val.txt
        Table ppl = run("table ppl").table();
        assertEquals(List.of("model", "fp32", "int4 rtn b64 asym"), ppl.columnNames());
        assertEquals(List.of("base"), column(ppl, "model"));
        assertEquals(ppl.doubleColumn("fp32").get(0), ppl.doubleColumn("int4 rtn b64 asym").get(0), 1e-12); // a copy: same model
        assertTrue(run("show q4").text().contains("quantization  bits int4, method rtn, block 64, format qdq, asymmetric"));
    }

    @Test
    void sweepQuantizesEvaluatesTabulatesAndCharts() {
        s = new Session(dir, copying(), Progress.NONE);
        run("load base = " + model + "\nset workdir work"); // not the default temporary folder: @TempDir cleans up
        // one recipe keeps the test short; the grid is the parser's (ParserTest) and a nested loop
        Result r = run("sweep base bits int8 methods rtn block 64");
        assertEquals(List.of("base", "base-int8-rtn"), s.models().stream().map(ModelHandle::name).toList());
        assertEquals(List.of("model", "fp32", "int8 rtn"), r.table().columnNames());
        assertNotNull(r.chart());
        assertEquals(List.of("base", "base-int8-rtn"), s.resultsStore().modelsWith(Metric.PPL));
        assertEquals(List.of("base-int8-rtn"), s.resultsStore().modelsWith(Metric.KL_MEAN));
    }

    @Test
    void mmluNeedsItsDataAndRecordsAccuracy() throws IOException {
        run("load base = " + model);
        assertEquals("<input>:1:1: eval mmlu: model 'base' has no " + model.resolve("data/mmlu")
                + "; give one with 'on <dir>' (an MMLU folder: dev/<subject>_dev.csv and test/<subject>_test.csv)", error("eval mmlu base"));
        Path mmlu = Files.createDirectories(dir.resolve("mmlu/dev"));
        Files.createDirectories(dir.resolve("mmlu/test"));
        Files.writeString(mmlu.resolve("psalms_dev.csv"), "Who is my shepherd?,The LORD,Moses,Aaron,David,A\n");
        Files.writeString(dir.resolve("mmlu/test/psalms_test.csv"), "The heavens declare the glory of?,man,God,kings,the sea,B\n"
                + "In the beginning God created the heaven and the?,earth,sea,stars,light,A\n");
        run("eval mmlu base on mmlu shots 1");
        Table t = s.results().where(s.results().stringColumn("metric").isEqualTo("mmlu_acc"));
        assertEquals(1, t.rowCount());
        assertEquals("%", t.stringColumn("unit").get(0));
        assertTrue(List.of(0.0, 50.0, 100.0).contains(t.doubleColumn("value").get(0)));
        assertEquals("data=mmlu shots=1 scoring=letter questions=2", t.stringColumn("settings").get(0));
    }

    @Test
    void tablesPlotsShowSetAndSave() throws IOException {
        run("load base = " + model);
        assertEquals("<input>:1:1: table ppl: no results for it yet (run eval ppl first)", error("table ppl"));
        assertEquals("<input>:1:1: plot: no kl_mean results yet (run eval kl first)", error("plot kl"));
        run("eval ppl base window 256");
        Result p = run("plot pareto to charts/p.png");
        byte[] png = Files.readAllBytes(dir.resolve("charts/p.png"));
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4));
        assertNotNull(p.chart());
        assertEquals(List.of("model", "recipe", "ppl", "model_mb"), run("table all").table().columnNames());

        run("set threads 1\nset seed 42\nset workdir w");
        assertEquals(new Settings(1, 42, Settings.Backend.ORT, dir.resolve("w")), s.settings());

        assertTrue(run("show base").text().contains("origin        loaded from " + model));
        assertEquals("<input>:1:6: no model 'modles'; did you mean 'show models'?", error("show modles"));
        assertEquals(List.of("name", "recipe", "origin", "path"), run("show models").table().columnNames());

        run("save base to out/saved");
        Path saved = dir.resolve("out/saved");
        assertEquals(Files.size(model.resolve("model.onnx.data")), Files.size(saved.resolve("model.onnx.data")));
        assertTrue(Files.isRegularFile(saved.resolve("data/val.txt")));
        try (Stream<Path> left = Files.list(dir.resolve("out"))) {
            assertEquals(List.of(saved), left.toList()); // no temporary folder left beside it
        }
        assertEquals("<input>:1:1: save: " + saved + " already exists; nibble does not overwrite: choose a new folder", error("save base to out/saved"));
        run("load copy = out/saved");
        assertEquals("fp32", s.modelMap().get("copy").recipe());
    }
}
