package dev.nibble.kernel;

import dev.nibble.dsl.Language;
import dev.nibble.dsl.Nibble;
import dev.nibble.dsl.NibbleException;
import dev.nibble.dsl.Parser;
import dev.nibble.dsl.Plugins;
import dev.nibble.dsl.Result;
import dev.nibble.dsl.Session;
import dev.nibble.dsl.Statement;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The nibble DSL as the kernel's {@link DslEngine}: one session per kernel, statements run one
 * at a time so each result shows as soon as it exists. The engine's progress callback is
 * where an interrupt lands: once the cell is cancelled the next progress report throws, and
 * the statement ends without registering a model or writing a result (derived models are
 * written under temporary names and renamed only when complete).
 */
public final class NibbleDsl implements DslEngine {
    private volatile Progress current; // the running cell's progress display, null between cells
    private final Nibble nibble;

    public NibbleDsl() {
        dev.nibble.eval.Progress forward = (what, done, total) -> {
            Progress p = current;
            if (p == null) return;
            if (p.cancelled() || Thread.currentThread().isInterrupted())
                throw new NibbleException(null, "interrupted");
            p.report(what + " " + done + "/" + total, total > 0 ? done / (double) total : Double.NaN);
        };
        this.nibble = new Nibble(new Session(Path.of(""), Plugins.available(), forward));
    }

    @Override
    public boolean isKeyword(String word) {
        return Language.statements().contains(word);
    }

    @Override
    public void run(String cell, Progress progress, Consumer<Rendered> show) throws DslError {
        current = progress;
        try {
            List<Statement> statements = Parser.parseAll(cell, "<cell>");
            for (Statement s : statements) {
                Result r = nibble.state().execute(s);
                show.accept(new Rendered(r.text(), r.table(), r.chart()));
            }
        } catch (NibbleException e) {
            int line = e.pos() == null ? 1 : e.pos().line(), column = e.pos() == null ? 1 : e.pos().column();
            throw new DslError(line, column, e.getMessage());
        } finally {
            current = null;
        }
    }

    @Override
    public Completion complete(String cell, int cursor) {
        int start = cursor;
        while (start > 0 && isWordChar(cell.charAt(start - 1))) start--;
        String prefix = cell.substring(start, cursor);
        boolean first = cell.substring(0, start).lines().reduce((a, b) -> b).map(String::isBlank).orElse(true);
        TreeSet<String> matches = new TreeSet<>();
        if (first) Language.statements().stream().filter(w -> w.startsWith(prefix)).forEach(matches::add);
        else {
            Language.words().stream().filter(w -> w.startsWith(prefix)).forEach(matches::add);
            nibble.state().modelMap().keySet().stream().filter(w -> w.startsWith(prefix)).forEach(matches::add);
        }
        return new Completion(start, cursor, List.copyOf(matches));
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == ':';
    }

    @Override
    public Optional<String> doc(String word) {
        return Language.doc(word);
    }

    /** Java cells see this as {@code nibble}: {@code nibble.results()}, {@code nibble.run("...")}. */
    @Override
    public Object session() {
        return nibble;
    }
}
