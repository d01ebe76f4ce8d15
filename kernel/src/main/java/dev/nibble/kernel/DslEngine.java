package dev.nibble.kernel;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the kernel needs from the nibble DSL. The kernel never names a DSL class: the one
 * binding lives in {@link DslEngines}, so the kernel builds and is tested on its own (with
 * a fake engine) and the DSL knows nothing of Jupyter.
 */
public interface DslEngine {

    /** Whether a cell whose first word is {@code word} is DSL ({@code load}, {@code quantize}, ...). */
    boolean isKeyword(String word);

    /**
     * Runs every statement of a cell in order, handing each statement's result to
     * {@code show} as soon as it exists (a cell of five evals shows five results, not one
     * at the end). A user error (parse or run) is thrown as a {@link DslError} naming the
     * line and column within {@code cell}. Long statements report through {@code progress}
     * and should stop soon after {@link Progress#cancelled()} turns true or the thread is
     * interrupted (the kernel's interrupt does both).
     */
    void run(String cell, Progress progress, Consumer<Rendered> show) throws DslError;

    /** Completions at {@code cursor}: keywords, options, model names, paths. */
    Completion complete(String cell, int cursor);

    /** The help text of a keyword (or option), if it is one. */
    Optional<String> doc(String word);

    /**
     * The session object Java cells see as the variable {@code nibble} (so Java reads the
     * results as Tablesaw tables), or null when there is none. Its class must be public.
     */
    Object session();
}
