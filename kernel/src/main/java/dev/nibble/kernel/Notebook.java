package dev.nibble.kernel;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The kernel without the wire: runs cells (routing each to JShell or the DSL), renders
 * their results, and answers completion, inspection, is_complete and history. One cell
 * runs at a time; {@link #interrupt()} may come from another thread.
 *
 * <p>DSL cells run on a worker thread so that an interrupt can return control even when a
 * statement does not stop: after {@link #GRACE_MILLIS} the worker is abandoned (it keeps
 * the cancel flag and may still finish in the background) and the next cell runs.
 */
public final class Notebook implements AutoCloseable {
    static final long GRACE_MILLIS = 1500;

    private final DslEngine dsl;
    private final JavaEvaluator java;
    private final long displaySink;
    private final History history = new History();
    private int executionCount;
    private volatile Output current;
    private volatile Runnable stopper;

    /** @param classPath the class path Java cells compile against (normally the kernel's own) */
    public Notebook(DslEngine dsl, String classPath) {
        this.dsl = dsl;
        this.displaySink = Bridge.registerDisplay(this::show);
        this.java = new JavaEvaluator(classPath, displaySink);
        Object session = dsl.session();
        if (session != null) java.define("nibble", session);
    }

    public History history() {
        return history;
    }

    /** The execution count the next cell gets; advanced only for cells stored in history. */
    public synchronized int nextCount(boolean advance) {
        return advance ? ++executionCount : executionCount + 1;
    }

    /** Runs one cell; its streams and displays go to {@code out} while it runs. */
    public Outcome execute(String code, Output out) {
        CellRouter.Cell cell = CellRouter.route(code, dsl);
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        InputStream oldIn = System.in;
        PrintStream cellOut = new PrintStream(new StreamOutput(out, false), true, StandardCharsets.UTF_8);
        PrintStream cellErr = new PrintStream(new StreamOutput(out, true), true, StandardCharsets.UTF_8);
        current = out;
        System.setOut(cellOut);
        System.setErr(cellErr);
        System.setIn(InputStream.nullInputStream()); // no stdin in a notebook: fail fast instead of hanging
        try {
            return cell.kind() == CellRouter.Kind.DSL ? runDsl(cell.code(), out) : runJava(cell.code());
        } finally {
            cellOut.flush();
            cellErr.flush();
            System.setOut(oldOut);
            System.setErr(oldErr);
            System.setIn(oldIn);
            current = null;
            stopper = null;
        }
    }

    private Outcome runJava(String code) {
        stopper = java::stop;
        return java.eval(code);
    }

    private Outcome runDsl(String code, Output out) {
        AtomicBoolean cancelled = new AtomicBoolean();
        ProgressDisplay progress = new ProgressDisplay(out, cancelled::get);
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread worker = Thread.ofPlatform().daemon().name("nibble-dsl-cell").unstarted(() -> {
            try {
                dsl.run(code, progress, this::show);
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        AtomicLong interruptedAt = new AtomicLong();
        stopper = () -> {
            cancelled.set(true);
            interruptedAt.set(System.nanoTime());
            worker.interrupt();
        };
        worker.start();
        while (true) {
            try {
                done.get(50, TimeUnit.MILLISECONDS);
                progress.finish(true);
                return new Outcome.Ok(null);
            } catch (TimeoutException e) {
                long since = interruptedAt.get();
                if (since != 0 && System.nanoTime() - since > GRACE_MILLIS * 1_000_000) {
                    progress.finish(false);
                    return interrupted("the statement did not stop in time and was left running in the background");
                }
            } catch (ExecutionException e) {
                progress.finish(false);
                return cancelled.get() ? interrupted("the cell was interrupted") : dslFailure(e.getCause(), code);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return interrupted("the kernel was interrupted");
            }
        }
    }

    private static Outcome interrupted(String why) {
        return new Outcome.Failed("Interrupted", why, List.of("Interrupted: " + why));
    }

    /** A DSL error is one located line with the statement and a caret, never a Java trace. */
    private static Outcome dslFailure(Throwable t, String code) {
        if (t instanceof DslError e) {
            List<String> tb = new ArrayList<>();
            tb.add("NibbleError: " + e.located());
            String[] lines = code.split("\n", -1);
            if (e.line() >= 1 && e.line() <= lines.length) {
                tb.add("    " + lines[e.line() - 1]);
                tb.add("    " + " ".repeat(Math.max(0, e.column() - 1)) + "^");
            }
            return new Outcome.Failed("NibbleError", e.located(), tb);
        }
        // not a user error: a bug or an environment problem; NIBBLE_DEBUG shows where
        String msg = t.getMessage() == null ? t.getClass().getName() : t.getMessage();
        List<String> tb = new ArrayList<>(List.of(t.getClass().getSimpleName() + ": " + msg));
        if (System.getenv("NIBBLE_DEBUG") != null) {
            for (StackTraceElement f : t.getStackTrace()) tb.add("    at " + f);
        }
        return new Outcome.Failed(t.getClass().getSimpleName(), msg, tb);
    }

    /** Shows a value in the running cell (DSL results, and display(...) from Java cells). */
    private void show(Object value) {
        Output out = current;
        if (out == null) return; // a background statement finishing after its cell ended
        List<Map<String, Object>> bundles = value instanceof Rendered r ? Displays.of(r)
                : List.of(Displays.of(value, String.valueOf(value)));
        for (Map<String, Object> b : bundles) out.display(b, null);
    }

    /** Stops the running cell, if any; returns at once (the cell ends within about two seconds). */
    public void interrupt() {
        Runnable s = stopper;
        if (s != null) s.run();
    }

    public Completion complete(String code, int cursor) {
        CellRouter.Cell cell = CellRouter.route(code, dsl);
        if (cell.kind() == CellRouter.Kind.DSL) {
            Completion paths = PathCompletion.complete(cell.code(), cursor, Path.of(""));
            return paths.matches().isEmpty() ? dsl.complete(cell.code(), cursor) : paths;
        }
        Completion javaMatches = java.complete(cell.code(), cursor);
        if (!code.equals(cell.code()) || !typingFirstWord(code, cursor)) return javaMatches;
        // the first word of an unforced cell may become either language: offer both
        Completion dslMatches = dsl.complete(code, cursor);
        Set<String> all = new LinkedHashSet<>(dslMatches.matches());
        all.addAll(javaMatches.matches());
        return new Completion(Math.min(dslMatches.start(), javaMatches.start()), cursor, List.copyOf(all));
    }

    private static boolean typingFirstWord(String code, int cursor) {
        String before = code.substring(0, cursor).stripLeading();
        return !before.isEmpty() && before.chars().allMatch(Character::isJavaIdentifierPart);
    }

    /** Documentation of the DSL keyword or the Java element at the cursor, or empty. */
    public Optional<String> inspect(String code, int cursor) {
        CellRouter.Cell cell = CellRouter.route(code, dsl);
        if (cell.kind() == CellRouter.Kind.DSL) return dsl.doc(wordAt(code, cursor));
        return java.documentation(cell.code(), cursor);
    }

    static String wordAt(String code, int cursor) {
        int start = Math.min(cursor, code.length());
        int end = start;
        while (start > 0 && isWordChar(code.charAt(start - 1))) start--;
        while (end < code.length() && isWordChar(code.charAt(end))) end++;
        return code.substring(start, end);
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-';
    }

    /** Jupyter's is_complete: DSL cells are always complete (one statement per line). */
    public String isComplete(String code) {
        CellRouter.Cell cell = CellRouter.route(code, dsl);
        return cell.kind() == CellRouter.Kind.DSL ? "complete" : java.isComplete(cell.code());
    }

    @Override
    public void close() {
        Bridge.unregisterDisplay(displaySink);
        java.close();
    }
}
