package dev.nibble.dsl;

import java.util.Optional;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;

/**
 * What one statement gives back: {@code text} for a terminal (always), and optionally a
 * Tablesaw table (a notebook shows it as HTML) and an XChart chart (a notebook shows it
 * as PNG; the command line writes it to --charts). {@code chartName} names the PNG file.
 */
public record Result(String text, Table table, Chart<?, ?> chart, String chartName) {
    public static Result text(String text) {
        return new Result(text, null, null, null);
    }

    public static Result table(String text, Table table) {
        return new Result(text, table, null, null);
    }

    public Optional<Table> tableOpt() { return Optional.ofNullable(table); }

    public Optional<Chart<?, ?>> chartOpt() { return Optional.ofNullable(chart); }

    @Override
    public String toString() {
        return text;
    }
}
