package dev.nibble.dsl;

import dev.nibble.dsl.Statement.Name;
import dev.nibble.eval.EvalException;
import dev.nibble.eval.Progress;
import dev.nibble.model.ModelFolderException;
import dev.nibble.onnx.ModelFormatException;
import dev.nibble.runtime.OrtFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The state a script builds: named models, settings and the results table, and the one
 * place statements are executed. A statement either completes — then its models are
 * registered and its rows appended — or fails with a {@link NibbleException} and changes
 * nothing (the one exception is {@code sweep}, which keeps each model it finished).
 */
public final class Session {
    private final Map<String, ModelHandle> models = new LinkedHashMap<>();
    private final Results results = new Results();
    private final Plugins plugins;
    private final Progress progress;
    private final Path baseDir;
    private Settings settings;

    /**
     * @param baseDir  relative paths in statements resolve against it (the command line: the working directory)
     * @param plugins  the engine hooks this build has ({@link Plugins#available()})
     * @param progress where long steps report; the session itself never prints
     */
    public Session(Path baseDir, Plugins plugins, Progress progress) {
        this.baseDir = baseDir.toAbsolutePath().normalize();
        this.plugins = plugins;
        this.progress = progress;
        this.settings = Settings.defaults(null);
    }

    public static Session create() {
        return new Session(Path.of(""), Plugins.available(), Progress.NONE);
    }

    /** Parses and runs {@code source}; stops at the first error (thrown), returns each statement's result. */
    public List<Result> run(String source, String file) {
        List<Result> out = new ArrayList<>();
        for (Statement s : Parser.parseAll(source, file)) out.add(execute(s));
        return out;
    }

    /** Runs one statement. Engine errors become a {@link NibbleException} at the statement, named after it. */
    public Result execute(Statement s) {
        try {
            return switch (s) {
                case Statement.Load l -> ModelOps.load(this, l);
                case Statement.Save sv -> ModelOps.save(this, sv);
                case Statement.Calibrate c -> ModelOps.calibrate(this, c);
                case Statement.Quantize q -> ModelOps.quantize(this, q);
                case Statement.Convert c -> ModelOps.convert(this, c);
                case Statement.Bench b -> ModelOps.bench(this, b);
                case Statement.Sweep sw -> Sweeps.run(this, sw);
                case Statement.EvalPpl e -> Evaluations.ppl(this, e);
                case Statement.EvalKl e -> Evaluations.kl(this, e);
                case Statement.EvalMmlu e -> Evaluations.mmlu(this, e);
                case Statement.MakeTable t -> Pivots.result(results, models, t.kind());
                case Statement.Compare c -> Pivots.compare(results, models, model(c.base()).name(),
                        c.models().stream().map(n -> model(n).name()).toList());
                case Statement.Plot p -> Charts.result(results, p, resolve(p.to()));
                case Statement.Set st -> set(st);
                case Statement.Show sh -> Shows.result(this, sh);
            };
        } catch (NibbleException e) {
            throw e.at(s.pos());
        } catch (EvalException | ModelFolderException | ModelFormatException | OrtFailure | UncheckedIOException
                 | dev.nibble.quant.QuantException | dev.nibble.calib.CalibrationException e) {
            throw new NibbleException(s.pos(), keyword(s) + ": " + e.getMessage(), e);
        }
    }

    private Result set(Statement.Set st) {
        if (st.key().equals("backend") && st.value().equals("simulated"))
            Plugins.require(plugins.simulate(), "set backend simulated");
        settings = settings.with(st.key(), st.key().equals("workdir") ? resolve(st.value()).toString() : st.value());
        return Result.text("set " + st.key() + " " + st.value());
    }

    // ---- what the statement classes share (package-private) ----

    /** The model named {@code n}, or "no model 'x'" at its column with a suggestion. */
    ModelHandle model(Name n) {
        ModelHandle h = models.get(n.text());
        if (h == null)
            throw new NibbleException(n.pos(), "no model '" + n.text() + "'" + Suggest.hint(n.text(), models.keySet())
                    + (models.isEmpty() ? "; load one first (load <name> = <folder>)" : " (models: " + String.join(", ", models.keySet()) + ")"));
        return h;
    }

    /** Fails at {@code n} if the name is taken: names are never redefined, so results rows stay unambiguous. */
    void requireFree(Name n) {
        ModelHandle h = models.get(n.text());
        if (h != null)
            throw new NibbleException(n.pos(), "'" + n.text() + "' is already a model (" + h.origin() + "); choose another name");
    }

    /** Registers a model and appends rows: the commit at the end of a statement. */
    void commit(ModelHandle h, List<Results.Row> rows) {
        if (h != null) models.put(h.name(), h);
        results.addAll(rows);
    }

    Path resolve(String path) {
        return path == null ? null : baseDir.resolve(path).normalize();
    }

    /** Where quantize and convert write; a temporary folder made on first use unless {@code set workdir}. */
    Path workdir() {
        if (settings.workdir() == null) {
            try {
                settings = new Settings(settings.threads(), settings.seed(), settings.backend(), Files.createTempDirectory("nibble-"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a work folder: " + e.getMessage(), e);
            }
        }
        return settings.workdir();
    }

    Progress progress(String prefix) {
        return (what, done, total) -> progress.update(prefix + " " + what, done, total);
    }

    Plugins plugins() { return plugins; }

    // ---- what Java code (JShell, notebooks) reads ----

    public Settings settings() { return settings; }

    public Collection<ModelHandle> models() { return List.copyOf(models.values()); }

    public Map<String, ModelHandle> modelMap() { return Map.copyOf(models); }

    /** The long results table (a copy). */
    public Table results() { return results.table(); }

    Results resultsStore() { return results; }

    /** {@code show models}. */
    Table modelsTable() {
        Table t = Table.create("models", StringColumn.create("name"), StringColumn.create("recipe"),
                StringColumn.create("origin"), StringColumn.create("path"));
        for (ModelHandle h : models.values()) {
            t.stringColumn("name").append(h.name());
            t.stringColumn("recipe").append(h.recipe());
            t.stringColumn("origin").append(h.origin());
            t.stringColumn("path").append(h.path().toString());
        }
        return t;
    }

    static String keyword(Statement s) {
        return switch (s) {
            case Statement.EvalPpl e -> "eval ppl";
            case Statement.EvalKl e -> "eval kl";
            case Statement.EvalMmlu e -> "eval mmlu";
            case Statement.MakeTable t -> "table";
            default -> s.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
