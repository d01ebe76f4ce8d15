package dev.nibble.kernel;

import java.lang.reflect.Modifier;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.VarSnippet;

/**
 * Java cells, evaluated by JShell in this JVM (so values come back as objects and share
 * the DSL session). A cell holds any number of snippets; it is split with JShell's own
 * completeness analysis and evaluated snippet by snippet, stopping at the first error.
 * The last snippet's value, if it is an expression, is the cell's result.
 */
final class JavaEvaluator implements AutoCloseable {
    /** What a notebook user expects without typing imports (the jshell tool imports similar). */
    private static final List<String> IMPORTS = List.of(
            "java.util.*", "java.util.function.*", "java.util.stream.*", "java.io.*", "java.nio.file.*",
            "java.math.*", "tech.tablesaw.api.*", "org.knowm.xchart.*");

    private final JShell shell;
    private final SourceCodeAnalysis analysis;
    private final CapturingExecution engine;
    private volatile boolean stopRequested;
    private volatile boolean running;
    /** Counts evals, so that a stop meant for one cell never reaches the next. */
    private volatile long generation;

    /**
     * @param classPath what Java cells compile against (the kernel's own class path)
     * @param displaySink id from {@link Bridge#registerDisplay} behind {@code display(Object)}
     */
    JavaEvaluator(String classPath, long displaySink) {
        CapturingExecution.Provider provider = new CapturingExecution.Provider();
        shell = JShell.builder().executionEngine(provider, Map.of()).build();
        engine = provider.engine();
        analysis = shell.sourceCodeAnalysis();
        if (classPath != null && !classPath.isBlank()) shell.addToClasspath(classPath);
        for (String pkg : IMPORTS) setup("import " + pkg + ";");
        setup("void display(Object value) { dev.nibble.kernel.Bridge.display(" + displaySink + "L, value); }");
    }

    /** Declares {@code name} in JShell holding {@code value}, typed as its (public) class. */
    void define(String name, Object value) {
        Class<?> c = value.getClass();
        while (!Modifier.isPublic(c.getModifiers()) || c.getCanonicalName() == null) c = c.getSuperclass();
        String type = c.getCanonicalName();
        setup(type + " " + name + " = (" + type + ") dev.nibble.kernel.Bridge.take(" + Bridge.park(value) + "L);");
    }

    private void setup(String snippet) {
        for (SnippetEvent e : shell.eval(snippet)) {
            if (e.status() == Snippet.Status.REJECTED || e.exception() != null) {
                throw new IllegalStateException("JShell setup failed on: " + snippet + " "
                        + shell.diagnostics(e.snippet()).map(d -> d.getMessage(null)).toList());
            }
        }
    }

    Outcome eval(String cell) {
        stopRequested = false;
        generation++;
        running = true;
        try {
            return evalSnippets(cell);
        } finally {
            running = false;
        }
    }

    private Outcome evalSnippets(String cell) {
        int offset = 0;
        Outcome result = new Outcome.Ok(null);
        while (offset < cell.length()) {
            String rest = cell.substring(offset);
            CompletionInfo ci = analysis.analyzeCompletion(rest);
            if (ci.completeness() == Completeness.EMPTY) break;
            boolean whole = !ci.completeness().isComplete() || ci.source() == null;
            String source = whole ? rest : ci.source();
            int start = offset + startOf(rest, source);
            offset = whole ? cell.length() : cell.length() - ci.remaining().length();

            result = new Outcome.Ok(null);
            for (SnippetEvent e : shell.eval(source)) {
                if (e.causeSnippet() != null) continue; // a dependent snippet updated, not this one
                if (e.status() == Snippet.Status.REJECTED) {
                    return JavaErrors.compile(shell.diagnostics(e.snippet()).toList(), cell, start);
                }
                if (stopRequested) return interrupted(); // whatever the stop made the snippet throw
                if (e.exception() != null) return JavaErrors.exception(e.exception());
                result = valueOf(e);
            }
            if (stopRequested) return interrupted();
        }
        return result;
    }

    /**
     * Asks a running cell to stop: JShell halts snippet code at its next loop or call and
     * interrupts waits. JShell ignores a stop that lands while it compiles, so it is repeated
     * until the cell returns (for a few seconds, from a helper thread so the caller goes on).
     */
    void stop() {
        if (!running) return;
        long cell = generation;
        stopRequested = true;
        shell.stop();
        Thread.ofPlatform().daemon().name("jshell-stop").start(() -> {
            long until = System.nanoTime() + 5_000_000_000L;
            while (running && generation == cell && System.nanoTime() < until) {
                shell.stop();
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    private static Outcome interrupted() {
        return new Outcome.Failed("Interrupted", "the cell was interrupted", List.of("Interrupted: the cell was interrupted"));
    }

    /** An expression's value as a bundle; declarations and statements show nothing, as in other notebooks. */
    private Outcome valueOf(SnippetEvent e) {
        Snippet s = e.snippet();
        boolean expression = s instanceof ExpressionSnippet
                || s.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
        if (!expression || e.value() == null) return new Outcome.Ok(null);
        VarSnippet var = s instanceof VarSnippet v ? v : shell.variables()
                .filter(v -> v.name().equals(((ExpressionSnippet) s).name()))
                .reduce((a, b) -> b).orElse(null);
        Object value = null;
        if (var != null) {
            shell.varValue(var); // makes the engine read the object, see CapturingExecution
            value = engine.takeValue();
        }
        return new Outcome.Ok(Displays.of(value, e.value()));
    }

    /**
     * Where in {@code rest} the snippet text {@code source} begins, diagnostics being
     * relative to it. JShell may keep or drop leading blanks, and adds a missing semicolon.
     */
    private static int startOf(String rest, String source) {
        String body = source.stripLeading();
        String head = body.substring(0, Math.min(body.length(), 16));
        int at = head.isEmpty() ? -1 : rest.indexOf(head);
        return at < 0 ? 0 : Math.max(0, at - (source.length() - body.length()));
    }

    Completion complete(String code, int cursor) {
        int start = snippetStart(code, cursor);
        int[] anchor = new int[1];
        String snippet = code.substring(start, cursor);
        List<SourceCodeAnalysis.Suggestion> suggestions = analysis.completionSuggestions(snippet, snippet.length(), anchor);
        Set<String> matches = new LinkedHashSet<>();
        for (var s : suggestions) matches.add(s.continuation());
        return new Completion(start + anchor[0], cursor, List.copyOf(matches));
    }

    /** Signatures and javadoc of what is under the cursor, or empty. */
    Optional<String> documentation(String code, int cursor) {
        int end = cursor;
        while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) end++;
        int start = snippetStart(code, end);
        String snippet = code.substring(start, end);
        List<SourceCodeAnalysis.Documentation> docs = analysis.documentation(snippet, snippet.length(), true);
        if (docs.isEmpty() && !snippet.isEmpty()) {
            // JShell documents a method only inside its call: `Math.abs(` rather than `Math.abs`
            docs = analysis.documentation(snippet + "(", snippet.length() + 1, true);
        }
        if (docs.isEmpty()) return Optional.empty();
        return Optional.of(docs.stream()
                .map(d -> d.javadoc() == null || d.javadoc().isBlank() ? d.signature() : d.signature() + "\n\n" + d.javadoc())
                .collect(Collectors.joining("\n\n")));
    }

    /** Jupyter's is_complete status: complete, incomplete (more lines expected) or invalid. */
    String isComplete(String code) {
        String rest = code;
        while (true) {
            CompletionInfo ci = analysis.analyzeCompletion(rest);
            switch (ci.completeness()) {
                case EMPTY:
                    return "complete";
                case COMPLETE, COMPLETE_WITH_SEMI:
                    if (ci.remaining().isBlank()) return "complete";
                    rest = ci.remaining();
                    break;
                case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE:
                    return "incomplete";
                default:
                    return "invalid";
            }
        }
    }

    /** Start of the snippet that the text before {@code cursor} ends in (completion works per snippet). */
    private int snippetStart(String code, int cursor) {
        int offset = 0;
        String rest = code.substring(0, cursor);
        while (true) {
            CompletionInfo ci = analysis.analyzeCompletion(rest);
            if (!ci.completeness().isComplete() || ci.remaining().isEmpty()) break;
            offset += rest.length() - ci.remaining().length();
            rest = ci.remaining();
        }
        while (offset < cursor && Character.isWhitespace(code.charAt(offset))) offset++;
        return offset;
    }

    @Override
    public void close() {
        shell.close();
    }
}
