package dev.nibble.dsl;

import dev.nibble.eval.Progress;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import tech.tablesaw.api.Table;

/**
 * nibble from Java code — JShell, a notebook, a test:
 * <pre>
 * Nibble nibble = Nibble.session();
 * nibble.run("load base = models/tiny-kjv");
 * nibble.run("eval ppl base");
 * Table t = nibble.results();           // the long results table
 * Table ppl = nibble.table("ppl");      // the seed-page pivot
 * </pre>
 * {@link #run} throws {@link NibbleException} on the first error; {@link #print} prints
 * results and errors instead (the JShell helper {@code nibble("...")} calls it).
 */
public final class Nibble {
    private static final String SOURCE = "<input>";
    private final Session session;

    public Nibble(Session session) {
        this.session = session;
    }

    /** A session in the working directory, progress on the terminal if there is one. */
    public static Nibble session() {
        return session(Plugins.available());
    }

    /** A session with these engine hooks (to try a quantizer before it is wired in). */
    public static Nibble session(Plugins plugins) {
        return new Nibble(new Session(Path.of(""), plugins, TerminalProgress.forConsole()));
    }

    /** A quiet session rooted at {@code baseDir} (tests, notebooks with their own progress). */
    public static Nibble session(Path baseDir, Plugins plugins, Progress progress) {
        return new Nibble(new Session(baseDir, plugins, progress));
    }

    /** Runs one or more statements; returns the last one's result. Nothing runs if any line fails to parse. */
    public Result run(String statements) {
        List<Result> all = runAll(statements);
        return all.isEmpty() ? Result.text("") : all.get(all.size() - 1);
    }

    /** Runs one or more statements; every result, in order. */
    public List<Result> runAll(String statements) {
        return session.run(statements, SOURCE);
    }

    /** Runs and prints each result's text to stdout; an error is printed (stderr) instead of thrown. */
    public Result print(String statements) {
        return print(statements, System.out, System.err);
    }

    Result print(String statements, PrintStream out, PrintStream err) {
        try {
            Result last = null;
            for (Result r : runAll(statements)) {
                if (!r.text().isEmpty()) out.println(r.text());
                last = r;
            }
            return last;
        } catch (NibbleException e) {
            err.println(e.located());
            return null;
        }
    }

    /** The long results table: model, recipe, metric, value, unit, settings (a copy). */
    public Table results() {
        return session.results();
    }

    /** {@code table ppl|kl|mmlu|bench|all} as a Tablesaw table. */
    public Table table(String kind) {
        return run("table " + kind).table();
    }

    public ModelHandle model(String name) {
        ModelHandle h = session.modelMap().get(name);
        if (h == null) throw new NibbleException(null, "no model '" + name + "'");
        return h;
    }

    /** The underlying session: models, settings, the results store. */
    public Session state() {
        return session;
    }

    /** PNG bytes of a result's chart (for notebooks and files). */
    public static byte[] png(Result r) {
        if (r.chart() == null) throw new NibbleException(null, "this result has no chart");
        return Charts.png(r.chart());
    }

    /** Writes a result's chart as PNG. */
    public static void savePng(Result r, Path file) {
        if (r.chart() == null) throw new NibbleException(null, "this result has no chart");
        Charts.write(r.chart(), file);
    }
}
