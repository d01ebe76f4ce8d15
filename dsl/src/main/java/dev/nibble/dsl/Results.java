package dev.nibble.dsl;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * The session's one results table, long format: a row per (model, metric) measurement with
 * columns {@code model, recipe, metric, value, unit, settings}. Statements append, never
 * edit: measuring again adds a row, and the pivots ({@link Pivots}) take the latest.
 */
public final class Results {
    public static final List<String> COLUMNS = List.of("model", "recipe", "metric", "value", "unit", "settings");

    /** One measurement before it goes into the table. */
    public record Row(String model, String recipe, Metric metric, double value, String settings) {}

    private final Table table = empty();

    static Table empty() {
        Table t = Table.create("results", StringColumn.create("model"), StringColumn.create("recipe"),
                StringColumn.create("metric"), DoubleColumn.create("value"), StringColumn.create("unit"),
                StringColumn.create("settings"));
        format(t.doubleColumn("value"));
        return t;
    }

    /** Figures for people: up to 4 decimals, no grouping, a dot whatever the locale. */
    static void format(DoubleColumn c) {
        c.setPrintFormatter(new NumberColumnFormatter(new DecimalFormat("0.####", DecimalFormatSymbols.getInstance(Locale.ROOT))));
    }

    /** Appends all rows of one statement (a statement that fails appends none: callers collect first). */
    void addAll(List<Row> rows) {
        for (Row r : rows) {
            table.stringColumn("model").append(r.model());
            table.stringColumn("recipe").append(r.recipe());
            table.stringColumn("metric").append(r.metric().id());
            table.doubleColumn("value").append(r.value());
            table.stringColumn("unit").append(r.metric().unit());
            table.stringColumn("settings").append(r.settings());
        }
    }

    /** A copy of the table (the session's own stays append-only). */
    public Table table() {
        Table copy = table.copy();
        format(copy.doubleColumn("value"));
        return copy;
    }

    public int size() {
        return table.rowCount();
    }

    /** The latest value of {@code metric} for {@code model}. */
    public OptionalDouble latest(String model, Metric metric) {
        for (int i = table.rowCount() - 1; i >= 0; i--)
            if (table.stringColumn("model").get(i).equals(model) && table.stringColumn("metric").get(i).equals(metric.id()))
                return OptionalDouble.of(table.doubleColumn("value").get(i));
        return OptionalDouble.empty();
    }

    /** Models with a {@code metric} row, in order of first measurement. */
    public List<String> modelsWith(Metric metric) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (int i = 0; i < table.rowCount(); i++)
            if (table.stringColumn("metric").get(i).equals(metric.id())) out.add(table.stringColumn("model").get(i));
        return new ArrayList<>(out);
    }

    /** The rows of one model, as a table (for {@code show <model>}). */
    public Optional<Table> of(String model) {
        Table t = table.where(table.stringColumn("model").isEqualTo(model));
        format(t.doubleColumn("value"));
        return t.rowCount() == 0 ? Optional.empty() : Optional.of(t);
    }
}
