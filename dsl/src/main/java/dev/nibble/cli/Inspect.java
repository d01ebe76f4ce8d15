package dev.nibble.cli;

import dev.nibble.model.GenAiConfig;
import dev.nibble.model.ModelFolderException;
import dev.nibble.onnx.DType;
import dev.nibble.onnx.ModelSummary;
import dev.nibble.onnx.OnnxModel;
import dev.nibble.onnx.QuantizableWeight;
import dev.nibble.onnx.Sizes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Text for {@code nibble inspect}: what is in a model file or a genai model folder. */
final class Inspect {
    private Inspect() {}

    static String report(Path path) {
        StringBuilder sb = new StringBuilder();
        Path onnx = path;
        if (Files.isDirectory(path)) {
            Path cfgFile = path.resolve(GenAiConfig.FILE);
            String file = "model.onnx";
            if (Files.isRegularFile(cfgFile)) {
                GenAiConfig cfg = GenAiConfig.read(cfgFile);
                file = cfg.filename();
                genai(sb, cfg);
            } else {
                sb.append("(no ").append(GenAiConfig.FILE).append(" in ").append(path).append(": not a genai model folder)\n\n");
            }
            onnx = path.resolve(file);
            if (!Files.isRegularFile(onnx))
                throw new ModelFolderException("model folder " + path + " has no " + file + "; a genai model folder holds "
                        + file + ", its .data file, " + GenAiConfig.FILE + " and tokenizer.json");
        }
        try (OnnxModel model = OnnxModel.load(onnx)) {
            model(sb, model);
        }
        return sb.toString();
    }

    private static void genai(StringBuilder sb, GenAiConfig c) {
        sb.append("genai_config.json\n");
        row(sb, "type", c.type());
        row(sb, "layers", c.numLayers());
        row(sb, "hidden size", c.hiddenSize());
        row(sb, "attention heads", c.numAttentionHeads() + " query, " + c.numKeyValueHeads() + " key/value, head size " + c.headSize());
        row(sb, "context length", c.contextLength());
        row(sb, "vocabulary", c.vocabSize());
        row(sb, "bos / eos / pad", c.bosTokenId() + " / " + c.eosTokenIds() + " / " + c.padTokenId());
        row(sb, "model file", c.filename());
        sb.append('\n');
    }

    private static void model(StringBuilder sb, OnnxModel model) {
        ModelSummary s = ModelSummary.of(model);
        sb.append(model.path().getFileName()).append('\n');
        row(sb, "ir version", s.irVersion());
        if (!s.producer().isEmpty()) row(sb, "producer", s.producer());
        row(sb, "opsets", String.join(", ", s.opsets()));
        row(sb, "nodes", s.nodes());
        row(sb, "initializers", s.initializers());
        row(sb, "parameters", String.format(Locale.ROOT, "%,d (%s)", s.parameters(), millions(s.parameters())));
        sb.append("\ninputs\n");
        folded(s.inputs()).forEach(i -> sb.append("  ").append(i).append('\n'));
        sb.append("outputs\n");
        folded(s.outputs()).forEach(o -> sb.append("  ").append(o).append('\n'));
        sb.append("\nbytes by dtype\n");
        for (Map.Entry<DType, Long> e : s.bytesByDtype().entrySet())
            sb.append(String.format(Locale.ROOT, "  %-10s %12s  %,d bytes%n", e.getKey().label(), Sizes.human(e.getValue()), e.getValue()));
        sb.append(String.format(Locale.ROOT, "  %-10s %12s%n", "total", Sizes.human(s.totalBytes())));
        sb.append("\nquantizable weights (W[K, N], K = input channels): ").append(s.weights().size()).append('\n');
        int width = s.weights().stream().mapToInt(w -> w.node().length()).max().orElse(4);
        for (QuantizableWeight w : s.weights())
            sb.append(String.format(Locale.ROOT, "  %-" + width + "s  K=%-6d N=%-6d%s%n", w.node(), w.k(), w.n(),
                    w.transposed() ? "  (stored transposed)" : ""));
        if (!s.metadata().isEmpty()) {
            sb.append("\nmetadata\n");
            s.metadata().forEach((k, v) -> row(sb, k, v));
        }
    }

    /**
     * Folds per-layer names of one type into one line: "past_key_values.{0..7}.key: float32[...]"
     * instead of eight. Lines are "name: type"; only a run of consecutive layer numbers folds.
     */
    static List<String> folded(List<String> lines) {
        Pattern layer = Pattern.compile("^(.*?)\\.(\\d+)(\\..*)$");
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (String line : lines) {
            Matcher m = layer.matcher(line);
            if (m.matches()) groups.computeIfAbsent(m.group(1) + ".{}" + m.group(3), k -> new ArrayList<>()).add(Integer.parseInt(m.group(2)));
            else groups.put(line, null);
        }
        List<String> out = new ArrayList<>();
        groups.forEach((key, layers) -> {
            if (layers == null) out.add(key);
            else if (layers.size() == 1) out.add(key.replace("{}", layers.get(0).toString()));
            else if (layers.get(layers.size() - 1) - layers.get(0) == layers.size() - 1)
                out.add(key.replace("{}", "{" + layers.get(0) + ".." + layers.get(layers.size() - 1) + "}"));
            else layers.forEach(l -> out.add(key.replace("{}", l.toString())));
        });
        return out;
    }

    private static String millions(long n) {
        return n >= 1_000_000 ? String.format(Locale.ROOT, "%.1fM", n / 1e6) : String.format(Locale.ROOT, "%.1fK", n / 1e3);
    }

    private static void row(StringBuilder sb, String key, Object value) {
        sb.append(String.format(Locale.ROOT, "  %-16s %s%n", key, value));
    }
}
