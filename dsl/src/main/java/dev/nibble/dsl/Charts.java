package dev.nibble.dsl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;

/**
 * {@code plot ...}: XChart charts from the results table (latest value per model). Bars for
 * ppl, size, KL percentiles and speed; size against perplexity for pareto (one marker per
 * model, lower-left is better). PNG bytes for files and notebooks.
 */
final class Charts {
    static final int WIDTH = 800;
    static final int HEIGHT = 500;
    private static final String DECIMALS = "#,##0.###";

    static {
        // charts are drawn off screen; without this AWT looks for a display on a server
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    private Charts() {}

    static Result result(Results results, Statement.Plot st, Path to) {
        Chart<?, ?> chart = switch (st.kind()) {
            case PPL -> bars(results, "Perplexity (lower is better)", "perplexity", List.of(Metric.PPL));
            case KL -> bars(results, "KL divergence against the baseline", "nats per token",
                    List.of(Metric.KL_MEAN, Metric.KL_MEDIAN, Metric.KL_P90, Metric.KL_P99));
            case SIZE -> bars(results, "Model size on disk", "MB", List.of(Metric.MODEL_MB));
            case SPEED -> bars(results, "Generation speed", "tokens/s", List.of(Metric.PREFILL_TOK_S, Metric.DECODE_TOK_S));
            case PARETO -> pareto(results);
        };
        String name = "plot-" + st.kind().id();
        String text = "chart " + st.kind().id() + ": " + chart.getTitle();
        if (to != null) {
            write(chart, to);
            text += " -> " + to;
        }
        return new Result(text, null, chart, name);
    }

    private static CategoryChart bars(Results results, String title, String yTitle, List<Metric> metrics) {
        List<String> models = new ArrayList<>();
        for (Metric m : metrics) for (String n : results.modelsWith(m)) if (!models.contains(n)) models.add(n);
        if (models.isEmpty()) throw missing(metrics.get(0));
        CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("model").yAxisTitle(yTitle).build();
        c.getStyler().setLegendVisible(metrics.size() > 1);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        c.getStyler().setYAxisDecimalPattern(DECIMALS);
        c.getStyler().setLabelsVisible(true); // the value on each bar: charts get read for their numbers
        for (Metric m : metrics) {
            List<Double> ys = models.stream().map(n -> results.latest(n, m)).map(v -> v.isPresent() ? v.getAsDouble() : 0.0).toList();
            c.addSeries(m.id(), models, ys);
        }
        return c;
    }

    private static XYChart pareto(Results results) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("Size against perplexity (lower left is better)")
                .xAxisTitle("model size (MB)").yAxisTitle("perplexity").build();
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        c.getStyler().setMarkerSize(10);
        c.getStyler().setXAxisDecimalPattern(DECIMALS);
        c.getStyler().setYAxisDecimalPattern(DECIMALS);
        int n = 0;
        for (String model : results.modelsWith(Metric.PPL)) {
            var mb = results.latest(model, Metric.MODEL_MB);
            if (mb.isEmpty()) continue;
            c.addSeries(model, new double[] {mb.getAsDouble()}, new double[] {results.latest(model, Metric.PPL).getAsDouble()});
            n++;
        }
        if (n == 0) throw missing(Metric.PPL);
        return c;
    }

    private static NibbleException missing(Metric m) {
        return new NibbleException(null, "plot: no " + m.id() + " results yet (run "
                + (m == Metric.PPL ? "eval ppl" : m.id().startsWith("kl") ? "eval kl" : m == Metric.MODEL_MB ? "load" : "bench") + " first)");
    }

    static byte[] png(Chart<?, ?> chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw chart: " + e.getMessage(), e);
        }
    }

    /** Writes the chart as PNG, atomically (temporary name, then rename). */
    static void write(Chart<?, ?> chart, Path file) {
        try {
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, png(chart));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write chart " + file + ": " + e.getMessage(), e);
        }
    }
}
