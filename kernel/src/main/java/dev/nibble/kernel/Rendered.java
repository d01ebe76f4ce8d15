package dev.nibble.kernel;

import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;

/**
 * One statement's result as the kernel shows it: the line a person reads, and optionally
 * a table (HTML in a notebook) and a chart (PNG). Any part may be null.
 */
public record Rendered(String text, Table table, Chart<?, ?> chart) {

    public static Rendered text(String text) {
        return new Rendered(text, null, null);
    }
}
