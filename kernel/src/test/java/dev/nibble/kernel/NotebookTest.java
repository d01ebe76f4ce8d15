package dev.nibble.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The kernel without the wire: Java and DSL cells, their output, errors and interrupts,
 * completion, inspection and is_complete. One notebook for the class, because JShell's
 * first compile costs a second or two.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotebookTest {
    private Notebook nb;

    @BeforeAll
    void start() {
        nb = new Notebook(new FakeDsl(), System.getProperty("java.class.path"));
    }

    @AfterAll
    void stop() {
        nb.close();
    }

    private Outcome run(String code, RecordingOutput out) {
        return nb.execute(code, out);
    }

    private static Map<String, Object> result(Outcome o) {
        return assertInstanceOf(Outcome.Ok.class, o, () -> "failed: " + o).result();
    }

    @Test
    void javaCellsKeepStateAndShowTheLastExpression() {
        RecordingOutput out = new RecordingOutput();
        assertNull(result(run("int x = 20;", out)));
        assertEquals("42", result(run("int y = x + 1;\ny * 2", out)).get("text/plain"));
        assertNull(result(run("System.out.println(\"hello, world\");\nSystem.err.println(\"oops\");", out)));
        assertEquals("hello, world\n", out.out.toString());
        assertEquals("oops\n", out.err.toString());
    }

    @Test
    void aTableValueIsHtmlAndTheDslSessionIsVisibleAsNibble() {
        Map<String, Object> r = result(run("nibble.results()", new RecordingOutput()));
        String html = (String) r.get("text/html");
        assertTrue(html.contains("<th>model</th>") && html.contains("q4 &lt;int4&gt;"), html);
        assertTrue(((String) r.get("text/plain")).contains("13.25"));
    }

    @Test
    void displayFromJavaShowsAChartAsPng() {
        RecordingOutput out = new RecordingOutput();
        result(run("display(new XYChartBuilder().width(200).height(100).title(\"t\").build())", out));
        assertEquals(1, out.displays.size());
        byte[] png = Base64.getDecoder().decode((String) out.displays.get(0).get("image/png"));
        assertEquals("PNG", new String(png, 1, 3));
    }

    @Test
    void compileErrorsNameTheCellLineWithACaret() {
        Outcome.Failed f = assertInstanceOf(Outcome.Failed.class, run("int a = 1;\nint b = nope + 1;", new RecordingOutput()));
        assertEquals("CompilationError", f.ename());
        assertTrue(f.evalue().contains("cannot find symbol"), f.evalue());
        assertTrue(f.traceback().get(0).startsWith("line 2:"), f.traceback().toString());
        assertTrue(f.traceback().contains("    int b = nope + 1;"), f.traceback().toString());
        assertTrue(f.traceback().contains("            ^--^"), f.traceback().stream().map(l -> "[" + l + "]").toList().toString());
    }

    @Test
    void exceptionsShowClassMessageAndTrace() {
        run("void boom() { throw new IllegalStateException(\"bad state\"); }", new RecordingOutput());
        Outcome.Failed f = assertInstanceOf(Outcome.Failed.class, run("boom();", new RecordingOutput()));
        assertEquals("IllegalStateException", f.ename());
        assertEquals("java.lang.IllegalStateException: bad state", f.traceback().get(0));
        assertTrue(f.traceback().get(1).contains("at boom (#"), f.traceback().toString());
    }

    @Test
    void interruptStopsALoopingJavaCellAndTheNextCellWorks() throws Exception {
        assertInterrupts("long n = 0; while (true) { n++; }");
        assertInterrupts("Thread.sleep(60_000);");
        assertEquals("3", result(run("1 + 2", new RecordingOutput())).get("text/plain"));
    }

    @Test
    void dslCellsShowEachResultAndJavaSeesTheSession() {
        RecordingOutput out = new RecordingOutput();
        assertNull(result(run("load base = models/tiny\n# a comment\ntable\nplot", out)));
        assertEquals(3, out.displays.size());
        assertEquals("loaded base", out.displays.get(0).get("text/plain"));
        assertTrue(((String) out.displays.get(1).get("text/html")).contains("<table"));
        assertTrue(out.displays.get(2).containsKey("image/png"));
        assertTrue(Integer.parseInt((String) result(run("nibble.statements", out)).get("text/plain")) >= 3);
    }

    @Test
    void dslErrorsAreOneLocatedLineWithoutAJavaTrace() {
        Outcome.Failed f = assertInstanceOf(Outcome.Failed.class, run("load a = x\nquantize int5", new RecordingOutput()));
        assertEquals("NibbleError", f.ename());
        assertEquals("line 2, column 10: expected int4, int8 or mixed", f.evalue());
        assertEquals(3, f.traceback().size());
        assertEquals("             ^", f.traceback().get(2));
        assertFalse(f.traceback().toString().contains("at dev."));
    }

    @Test
    void progressIsOneDisplayUpdatedInPlace() {
        RecordingOutput out = new RecordingOutput();
        result(run("eval quick", out));
        assertTrue(out.displayIds.get(0).startsWith("nibble-progress-"), out.displayIds.toString());
        assertFalse(out.updates.isEmpty());
        assertTrue(((String) out.updates.get(out.updates.size() - 1).get("text/plain")).contains("done"));
        assertEquals("ppl 12.5", out.displays.get(out.displays.size() - 1).get("text/plain"));
    }

    @Test
    void interruptReturnsFromALongDslStatementEvenOneThatIgnoresIt() throws Exception {
        assertInterrupts("eval slow");
        assertInterrupts("%%nibble\neval stubborn");
        RecordingOutput after = new RecordingOutput();
        result(run("load m = p", after));
        assertEquals("loaded m", after.displays.get(0).get("text/plain"));
    }

    /** Runs {@code code}, interrupts it after it started, and requires the cell to end within 2 s. */
    private void assertInterrupts(String code) throws Exception {
        CompletableFuture<Outcome> cell = CompletableFuture.supplyAsync(() -> run(code, new RecordingOutput()));
        Thread.sleep(400);
        assertFalse(cell.isDone(), "the cell should still be running: " + code);
        long t0 = System.nanoTime();
        nb.interrupt();
        Outcome o = cell.get(5, java.util.concurrent.TimeUnit.SECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertTrue(took.toMillis() < 2000, code + " took " + took);
        assertEquals("Interrupted", assertInstanceOf(Outcome.Failed.class, o).ename(), o.toString());
    }

    @Test
    void completesJavaDslAndTheFirstWordInBoth() {
        Completion java = nb.complete("Math.ab", 7);
        assertTrue(java.matches().contains("abs("), java.toString());
        assertEquals(5, java.start());
        Completion second = nb.complete("int q = 1;\nMath.ab", 18);
        assertEquals(16, second.start());
        assertTrue(nb.complete("load a = b\nqua", 14).matches().contains("quantize"));
        assertTrue(nb.complete("qua", 3).matches().contains("quantize"));
    }

    @Test
    void inspectsDslKeywordsAndJava() {
        assertTrue(nb.inspect("quantize int4", 3).orElseThrow().startsWith("quantize <model>"));
        assertTrue(nb.inspect("Math.abs", 8).orElseThrow().contains("abs("));
    }

    @Test
    void isCompleteFollowsJShellAndDslLinesAreComplete() {
        assertEquals("complete", nb.isComplete("int z = 1;"));
        assertEquals("complete", nb.isComplete("1 + 1"));
        assertEquals("incomplete", nb.isComplete("for (int i = 0; i < 3; i++) {"));
        assertEquals("invalid", nb.isComplete("int = ;"));
        assertEquals("complete", nb.isComplete("quantize base as q4 int4 rtn"));
    }
}
