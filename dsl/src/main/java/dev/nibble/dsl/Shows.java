package dev.nibble.dsl;

import java.util.Locale;
import tech.tablesaw.api.Table;

/** {@code show models | results | settings | <model>}. */
final class Shows {
    private Shows() {}

    static Result result(Session s, Statement.Show st) {
        return switch (st.kind()) {
            case MODELS -> {
                Table t = s.modelsTable();
                yield Result.table(t.rowCount() == 0 ? "no models yet (load <name> = <folder>)" : t.print(), t);
            }
            case RESULTS -> {
                Table t = s.results();
                yield Result.table(t.rowCount() == 0 ? "no results yet" : t.printAll(), t);
            }
            case SETTINGS -> Result.text(s.settings().describe());
            case MODEL -> {
                // "show modles" parses as a model name; if there is no such model, the keyword was the likely intent
                if (!s.modelMap().containsKey(st.model().text())) {
                    var kw = Suggest.closest(st.model().text(), java.util.List.of("models", "results", "settings"));
                    if (kw.isPresent())
                        throw new NibbleException(st.model().pos(), "no model '" + st.model().text() + "'; did you mean 'show " + kw.get() + "'?");
                }
                yield model(s, s.model(st.model()));
            }
        };
    }

    private static Result model(Session s, ModelHandle h) {
        StringBuilder sb = new StringBuilder();
        row(sb, "model", h.name());
        row(sb, "recipe", h.recipe());
        row(sb, "origin", h.origin());
        row(sb, "path", h.path());
        row(sb, "family", h.family());
        row(sb, "data", h.dataDir() == null ? "(none: give texts with 'on <file>')" : h.dataDir());
        if (h.folder() != null) {
            var c = h.folder().config();
            row(sb, "architecture", c.type() + ", " + c.numLayers() + " layers, hidden " + c.hiddenSize() + ", vocabulary " + c.vocabSize()
                    + ", context " + c.contextLength());
        }
        if (h.quantized() != null) {
            Recipe r = h.quantized();
            row(sb, "quantization", "bits " + r.bits().id() + ", method " + r.method().id() + ", block " + r.block() + ", format "
                    + r.format().id() + (r.asym() ? ", asymmetric" : ", symmetric") + (r.fullRange() ? " full-range" : "")
                    + ", int8 " + (r.int8Block() == 0 ? "per-channel" : "block " + r.int8Block()) + ", accuracy " + r.accuracy()
                    + (r.exclude() == null ? "" : ", exclude " + r.exclude()));
        }
        if (h.calibration() != null) {
            var c = h.calibration();
            row(sb, "calibration", c.samples() + " samples of " + c.length() + " tokens from " + c.text() + ", seed " + c.seed());
        }
        row(sb, "size", String.format(Locale.ROOT, "%.1f MB", ModelOps.megabytes(h)));
        var rows = s.resultsStore().of(h.name());
        rows.ifPresent(t -> sb.append('\n').append(t.printAll()));
        return new Result(sb.toString().stripTrailing(), rows.orElse(null), null, null);
    }

    private static void row(StringBuilder sb, String key, Object value) {
        sb.append(String.format(Locale.ROOT, "%-13s %s%n", key, value));
    }
}
