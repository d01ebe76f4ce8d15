package dev.nibble.kernel;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A stand-in for the nibble DSL, one behaviour per statement, so the kernel is tested
 * without the real language. Public with a no-argument constructor so the Jupyter-level
 * tests can start a kernel process over it (-Dnibble.kernel.dsl).
 *
 * <pre>
 * load NAME = PATH     a text result            table        an HTML table result
 * plot                 a chart result           eval slow    progress for ~10 s, stops when cancelled
 * eval quick           progress, then a result  eval stubborn  spins 3 s ignoring cancellation
 * quantize X           a located error at X unless X is int4
 * </pre>
 */
public final class FakeDsl implements DslEngine {
    private static final List<String> KEYWORDS = List.of("load", "quantize", "eval", "table", "plot", "show");

    /** What Java cells see as {@code nibble}. */
    public static final class Session {
        public int statements;

        public Table results() {
            return FakeDsl.results();
        }
    }

    private final Session session = new Session();

    static Table results() {
        return Table.create("results",
                StringColumn.create("model", "base", "q4 <int4>"),
                DoubleColumn.create("ppl", 12.5, 13.25));
    }

    static XYChart chart() {
        XYChart c = new XYChartBuilder().width(320).height(200).title("ppl").build();
        c.addSeries("ppl", new double[] {4, 8}, new double[] {13.25, 12.5});
        return c;
    }

    @Override
    public boolean isKeyword(String word) {
        return KEYWORDS.contains(word);
    }

    @Override
    public void run(String cell, Progress progress, Consumer<Rendered> show) throws DslError {
        String[] lines = cell.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            session.statements++;
            String[] w = line.split("\\s+");
            switch (w[0]) {
                case "load" -> show.accept(Rendered.text("loaded " + w[1]));
                case "table" -> show.accept(new Rendered("ppl of 2 models", results(), null));
                case "plot" -> show.accept(new Rendered(null, null, chart()));
                case "quantize" -> {
                    if (w.length < 2 || !w[1].equals("int4")) {
                        int col = lines[i].indexOf(w.length < 2 ? "quantize" : w[1]) + 1;
                        throw new DslError(i + 1, col, "expected int4, int8 or mixed");
                    }
                    show.accept(Rendered.text("quantized"));
                }
                case "eval" -> eval(w.length > 1 ? w[1] : "", progress, show);
                default -> throw new DslError(i + 1, 1, "unknown statement");
            }
        }
    }

    private static void eval(String how, Progress progress, Consumer<Rendered> show) {
        // long enough to interrupt; the stubborn spin is shorter, it burns a core after the kernel gives up on it
        long until = System.nanoTime() + (how.equals("stubborn") ? 3_000_000_000L : 10_000_000_000L);
        for (int step = 0; System.nanoTime() < until; step++) {
            if (how.equals("stubborn")) {
                Thread.onSpinWait(); // neither polls cancelled() nor waits: the kernel must give up on it
                continue;
            }
            if (progress.cancelled()) throw new IllegalStateException("cancelled");
            progress.report("window " + step, Math.min(1, step / 500.0));
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new IllegalStateException("interrupted");
            }
            if (how.equals("quick") && step == 3) break;
        }
        show.accept(Rendered.text("ppl 12.5"));
    }

    @Override
    public Completion complete(String cell, int cursor) {
        int start = cursor;
        while (start > 0 && Character.isLetter(cell.charAt(start - 1))) start--;
        String prefix = cell.substring(start, cursor);
        return new Completion(start, cursor, KEYWORDS.stream().filter(k -> k.startsWith(prefix)).toList());
    }

    @Override
    public Optional<String> doc(String word) {
        return word.equals("quantize")
                ? Optional.of("quantize <model> as <name> <bits> <method>: writes a quantized copy")
                : Optional.empty();
    }

    @Override
    public Object session() {
        return session;
    }
}
