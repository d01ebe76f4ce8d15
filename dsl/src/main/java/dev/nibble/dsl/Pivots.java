package dev.nibble.dsl;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The wide tables of {@code table ...}, laid out as the seed benchmark page does:
 * perplexity and MMLU with a row per loaded model (its family) and a column per recipe;
 * KL and speed with a row per model and a column per metric. A cell is the latest
 * measurement; the long results table keeps every one.
 */
final class Pivots {
    static final List<Metric> KL = List.of(Metric.KL_MEAN, Metric.KL_MEDIAN, Metric.KL_P90, Metric.KL_P99, Metric.KL_MAX,
            Metric.SAME_TOP1, Metric.DELTA_PPL);
    static final List<Metric> BENCH = List.of(Metric.PREFILL_TOK_S, Metric.DECODE_TOK_S, Metric.PEAK_RSS_MB, Metric.MODEL_MB);

    private Pivots() {}

    static Result result(Results results, Map<String, ModelHandle> models, Statement.TableKind kind) {
        Table t = switch (kind) {
            case PPL -> byRecipe(results, models, Metric.PPL, "perplexity");
            case MMLU -> byRecipe(results, models, Metric.MMLU_ACC, "MMLU accuracy (%)");
            case KL -> byMetric(results, models, KL, "KL divergence (nats per token)");
            case BENCH -> withRatios(byMetric(results, models, BENCH, "speed and size (ratios against the first row)"));
            case ALL -> byMetric(results, models, List.of(Metric.values()), "all results");
        };
        if (t.rowCount() == 0)
            throw new NibbleException(null, "table " + kind.id() + ": no results for it yet (run "
                    + switch (kind) {
                        case PPL -> "eval ppl";
                        case MMLU -> "eval mmlu";
                        case KL -> "eval kl";
                        case BENCH -> "bench";
                        case ALL -> "an eval";
                    } + " first)");
        return Result.table(t.print(), t);
    }

    /** Rows: model families; columns: recipes (or model names where two models of a family share a recipe). */
    static Table byRecipe(Results results, Map<String, ModelHandle> models, Metric metric, String title) {
        Map<String, Map<String, Double>> cells = new LinkedHashMap<>(); // family -> column -> value
        LinkedHashSet<String> columns = new LinkedHashSet<>();
        List<String> measured = results.modelsWith(metric);
        for (String name : measured) {
            ModelHandle h = models.get(name);
            String family = h == null ? name : h.family();
            String recipe = h == null ? "?" : h.recipe();
            boolean shared = measured.stream().map(models::get).filter(o -> o != null && o != h)
                    .anyMatch(o -> o.family().equals(family) && o.recipe().equals(recipe));
            String column = shared ? recipe + " [" + name + "]" : recipe;
            columns.add(column);
            cells.computeIfAbsent(family, k -> new LinkedHashMap<>()).put(column, results.latest(name, metric).orElseThrow());
        }
        Table t = Table.create(title, StringColumn.create("model"));
        for (String c : columns) t.addColumns(DoubleColumn.create(c));
        cells.forEach((family, row) -> {
            t.stringColumn("model").append(family);
            for (String c : columns) append(t.doubleColumn(c), row.get(c));
        });
        return t;
    }

    /**
     * Rows: models with any of {@code metrics} other than model_mb (which every load records,
     * so it alone does not earn a row, except in {@code table all}); columns: model, recipe,
     * then each metric measured for those rows.
     */
    static Table byMetric(Results results, Map<String, ModelHandle> models, List<Metric> metrics, String title) {
        boolean all = metrics.size() == Metric.values().length;
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (Metric m : metrics) if (all || m != Metric.MODEL_MB) names.addAll(results.modelsWith(m));
        return rows(results, models, List.copyOf(names), metrics, title);
    }

    /** One row per name (in order), one column per metric any of them has. */
    static Table rows(Results results, Map<String, ModelHandle> models, List<String> names, List<Metric> metrics, String title) {
        List<Metric> present = metrics.stream()
                .filter(m -> names.stream().anyMatch(n -> results.latest(n, m).isPresent())).toList();
        Table t = Table.create(title, StringColumn.create("model"), StringColumn.create("recipe"));
        for (Metric m : present) t.addColumns(DoubleColumn.create(m.id()));
        for (String n : names) {
            t.stringColumn("model").append(n);
            t.stringColumn("recipe").append(models.containsKey(n) ? models.get(n).recipe() : "");
            for (Metric m : present) {
                OptionalDouble v = results.latest(n, m);
                append(t.doubleColumn(m.id()), v.isPresent() ? v.getAsDouble() : null);
            }
        }
        return t;
    }

    /**
     * {@code compare <models> vs <base>}: every metric of the base (first row) and the models,
     * with the ratios of {@link #withRatios} and perplexity against the base's.
     */
    static Result compare(Results results, Map<String, ModelHandle> models, String base, List<String> names) {
        List<String> rows = new java.util.ArrayList<>(List.of(base));
        names.stream().filter(n -> !n.equals(base)).forEach(rows::add);
        Table t = withRatios(rows(results, models, rows, List.of(Metric.values()), "compared with " + base));
        ratio(t, "ppl_ratio", Metric.PPL.id(), false);
        if (t.columnCount() <= 2)
            throw new NibbleException(null, "compare: no results for " + String.join(", ", rows) + " yet (run an eval or bench first)");
        return Result.table(t.print(), t);
    }

    /**
     * The seed page's comparison columns, against the first row (the baseline benchmarked in
     * the same run): decode speedup = decode / decode₀, memory saving = peak₀ / peak, size
     * saving = size₀ / size.
     */
    static Table withRatios(Table t) {
        ratio(t, "decode_speedup", Metric.DECODE_TOK_S.id(), false);
        ratio(t, "memory_saving", Metric.PEAK_RSS_MB.id(), true);
        ratio(t, "size_saving", Metric.MODEL_MB.id(), true);
        return t;
    }

    private static void ratio(Table t, String name, String of, boolean baseOverRow) {
        if (!t.columnNames().contains(of) || t.rowCount() == 0) return;
        DoubleColumn c = t.doubleColumn(of), out = DoubleColumn.create(name);
        double base = c.get(0);
        for (int i = 0; i < t.rowCount(); i++) {
            double v = c.get(i);
            append(out, Double.isNaN(v) || Double.isNaN(base) ? null : baseOverRow ? base / v : v / base);
        }
        t.addColumns(out);
    }

    private static void append(DoubleColumn c, Double v) {
        if (v == null) c.appendMissing();
        else c.append(v);
        Results.format(c);
    }
}
