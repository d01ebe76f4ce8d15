package dev.nibble.cli;

import dev.nibble.dsl.Nibble;
import dev.nibble.dsl.NibbleException;
import dev.nibble.dsl.Parser;
import dev.nibble.dsl.Plugins;
import dev.nibble.dsl.Result;
import dev.nibble.dsl.Session;
import dev.nibble.dsl.TerminalProgress;
import dev.nibble.eval.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code nibble run <file.nib | -> [--results FILE.csv] [--charts DIR] [--keep-going]}.
 *
 * <p>The whole script is parsed first: a syntax error anywhere stops it before any
 * statement runs (minutes of evaluation are not spent on a script that cannot finish).
 * Then statements run in order and each result is printed; the first failing statement
 * stops the script with exit 1. {@code --keep-going} runs every statement that parses and
 * reports each failure, still exiting 1 if there was any. The results CSV is written
 * whatever happened, since every row in it was measured.
 */
final class RunCommand {
    static final String USAGE = "usage: nibble run <file.nib | -> [--results FILE.csv] [--charts DIR] [--keep-going]";

    private RunCommand() {}

    static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Progress progress) throws IOException {
        return run(args, Path.of(""), in, out, err, progress);
    }

    /** As above, with every relative path (the script, its statements, --results, --charts) taken from {@code base}. */
    static int run(String[] args, Path base, InputStream in, PrintStream out, PrintStream err, Progress progress) throws IOException {
        String script = null;
        Path csv = null, charts = null;
        boolean keepGoing = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--results" -> { if (++i == args.length) return usage(err); csv = base.resolve(args[i]); }
                case "--charts" -> { if (++i == args.length) return usage(err); charts = base.resolve(args[i]); }
                case "--keep-going" -> keepGoing = true;
                default -> {
                    if (script != null || (args[i].startsWith("--") && !args[i].equals("-"))) return usage(err);
                    script = args[i];
                }
            }
        }
        if (script == null) return usage(err);
        String file = script.equals("-") ? "<stdin>" : script;
        String source;
        if (script.equals("-")) {
            source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } else if (!Files.isRegularFile(base.resolve(script))) {
            err.println("nibble: script " + script + " does not exist");
            return 1;
        } else {
            source = Files.readString(base.resolve(script));
        }

        List<Parser.Outcome> parsed = Parser.parse(source, file);
        long bad = parsed.stream().filter(o -> o.error() != null).count();
        if (bad > 0 && !keepGoing) {
            parsed.stream().filter(o -> o.error() != null).forEach(o -> err.println(o.error().located()));
            err.println("nibble: " + bad + " statement" + (bad == 1 ? "" : "s") + " did not parse; nothing was run");
            return 1;
        }
        Session session = new Session(base, Plugins.available(), progress);
        int failures = 0;
        Map<String, Integer> chartNames = new HashMap<>();
        try {
            for (Parser.Outcome o : parsed) {
                if (o.error() != null) {
                    err.println(o.error().located());
                    failures++;
                    continue;
                }
                try {
                    Result r = session.execute(o.statement());
                    out.println(r.text());
                    if (r.chart() != null && charts != null) {
                        int n = chartNames.merge(r.chartName(), 1, Integer::sum);
                        Path png = charts.resolve(r.chartName() + (n > 1 ? "-" + n : "") + ".png");
                        Nibble.savePng(r, png);
                        out.println("  wrote " + png);
                    }
                } catch (NibbleException e) {
                    err.println(e.located());
                    if (System.getenv("NIBBLE_DEBUG") != null) e.printStackTrace(err);
                    failures++;
                    if (!keepGoing) break;
                } catch (RuntimeException e) { // a bug, not a user error: still one line, the trace on request
                    err.println(o.statement().pos() + ": internal error: " + e + " (NIBBLE_DEBUG=1 shows the stack trace)");
                    if (System.getenv("NIBBLE_DEBUG") != null) e.printStackTrace(err);
                    failures++;
                    if (!keepGoing) break;
                }
            }
        } finally {
            if (csv != null) writeCsv(session, csv, out);
        }
        return failures > 0 ? 1 : 0;
    }

    /** The long results table as CSV, written under a temporary name and renamed. */
    private static void writeCsv(Session session, Path csv, PrintStream out) throws IOException {
        Path abs = csv.toAbsolutePath();
        if (abs.getParent() != null) Files.createDirectories(abs.getParent());
        Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
        session.results().write().csv(tmp.toFile());
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        out.println("wrote " + session.results().rowCount() + " result rows to " + csv);
    }

    private static int usage(PrintStream err) {
        err.println(USAGE);
        return 2;
    }

    /**
     * {@code nibble demo}: the seed benchmark on the shipped model, from the repository root
     * whatever the working directory; results and charts go to out/demo there.
     */
    static int demo(String[] args, PrintStream out, PrintStream err, Progress progress) throws IOException {
        if (args.length != 0) {
            err.println("usage: nibble demo   (runs examples/seed-benchmark.nib; writes out/demo/)");
            return 2;
        }
        Path root = Path.of(System.getProperty("nibble.root", "")).toAbsolutePath();
        return run(new String[] {"examples/seed-benchmark.nib", "--results", "out/demo/results.csv", "--charts", "out/demo"},
                root, InputStream.nullInputStream(), out, err, progress);
    }

    static Progress consoleProgress() {
        return TerminalProgress.forConsole();
    }
}
