package dev.nibble.dsl;

import dev.nibble.onnx.TempPaths;
import dev.nibble.dsl.Results.Row;
import dev.nibble.model.GenAiConfig;
import dev.nibble.model.ModelFolder;
import dev.nibble.onnx.DType;
import dev.nibble.onnx.ModelSummary;
import dev.nibble.onnx.OnnxModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/** The statements that make, copy or measure whole models: load, save, calibrate, quantize, convert, bench. */
final class ModelOps {
    private ModelOps() {}

    static Result load(Session s, Statement.Load st) {
        s.requireFree(st.name());
        Path p = s.resolve(st.path());
        if (!Files.exists(p)) throw new NibbleException(null, "load: " + p + " does not exist");
        ModelFolder folder = null;
        Path dir = p;
        if (Files.isDirectory(p)) {
            folder = ModelFolder.open(p);
        } else if (isFolderModel(p)) {
            folder = ModelFolder.open(p.getParent()); // model.onnx of a genai folder: take the whole folder
            dir = p.getParent();
        } else {
            dir = p.getParent();
        }
        String dtype;
        long params;
        try (OnnxModel m = OnnxModel.load(folder != null ? folder.modelFile() : p)) {
            ModelSummary sum = ModelSummary.of(m);
            dtype = floatLabel(sum.bytesByDtype());
            params = sum.parameters();
        }
        Path data = dir.resolve("data");
        ModelHandle h = new ModelHandle(st.name().text(), folder != null ? folder.dir() : p, folder, dtype, null,
                "loaded from " + st.path(), st.name().text(), Files.isDirectory(data) ? data : null, null);
        double mb = megabytes(h);
        String what = folder == null ? "bare ONNX file (no tokenizer: evals need a genai model folder)"
                : folder.config().type() + ", " + folder.config().numLayers() + " layers, vocabulary " + folder.config().vocabSize();
        s.commit(h, List.of(new Row(h.name(), h.recipe(), Metric.MODEL_MB, mb, "")));
        return Result.text(String.format(Locale.ROOT, "loaded %s from %s: %s, %.1fM parameters, %s, %.1f MB",
                h.name(), st.path(), what, params / 1e6, dtype, mb));
    }

    static Result save(Session s, Statement.Save st) {
        ModelHandle h = s.model(st.model());
        Path target = s.resolve(st.dir());
        if (Files.exists(target)) throw new NibbleException(null, "save: " + target + " already exists; nibble does not overwrite: choose a new folder");
        List<Path> files = h.folder() != null ? List.of(h.folder().dir()) : modelFiles(h.modelFile());
        Path tmp = TempPaths.track(target.resolveSibling("." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-" + System.nanoTime()));
        try {
            Files.createDirectories(target.getParent());
            if (h.folder() != null) copyTree(h.folder().dir(), tmp);
            else {
                Files.createDirectories(tmp);
                for (Path f : files) Files.copy(f, tmp.resolve(f.getFileName()));
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE); // all or nothing: no half-written model folder
            TempPaths.release(tmp);
        } catch (IOException e) {
            TempPaths.delete(tmp);
            throw new UncheckedIOException("cannot save to " + target + ": " + e.getMessage(), e);
        }
        return Result.text(String.format(Locale.ROOT, "saved %s to %s (%.1f MB)", h.name(), st.dir(), megabytes(h)));
    }

    static Result calibrate(Session s, Statement.Calibrate st) {
        ModelHandle h = s.model(st.model());
        Plugins.Calibrate hook = Plugins.require(s.plugins().calibrate(), "calibrate");
        Path text = st.on() != null ? s.resolve(st.on()) : h.dataFile("calibrate", "calib.txt", "'on <file>'");
        long seed = st.seed() != null ? st.seed() : s.settings().seed();
        Object data = hook.run(new Plugins.CalibrateRequest(h, text, st.samples(), st.length(), seed, s.settings()), s.progress("calibrate " + h.name()));
        s.commit(h.withCalibration(new ModelHandle.Calibration(text, st.samples(), st.length(), seed, data)), List.of());
        return Result.text("calibrated " + h.name() + ": " + st.samples() + " samples of " + st.length() + " tokens from " + text.getFileName() + ", seed " + seed);
    }

    static Result quantize(Session s, Statement.Quantize st) {
        ModelHandle src = s.model(st.source());
        s.requireFree(st.target());
        return quantizeInto(s, src, st.target().text(), st.recipe());
    }

    /** Quantizes {@code src} into a new model {@code name} (also sweep's step); registers it. */
    static Result quantizeInto(Session s, ModelHandle src, String name, Recipe recipe) {
        boolean sim = s.settings().backend() == Settings.Backend.SIMULATED;
        Plugins.Quantize hook = sim ? Plugins.require(s.plugins().simulate(), "quantize (backend simulated)")::run
                : Plugins.require(s.plugins().quantize(), "quantize");
        Path target = freshTarget(s, name);
        var req = new Plugins.QuantizeRequest(src, recipe, src.calibration(), target, s.settings());
        long t0 = System.nanoTime();
        Path out;
        try {
            out = hook.run(req, s.progress("quantize " + name));
        } catch (RuntimeException e) {
            TempPaths.delete(target); // a failed quantization leaves no half-written model behind
            throw e;
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        String label = recipe.label() + (sim ? " simulated" : "");
        ModelHandle h = product(src, name, out, label, recipe, "quantize " + src.name() + " " + label);
        double mb = megabytes(h);
        s.commit(h, List.of(new Row(name, label, Metric.QUANT_S, seconds, s.settings().describe()), new Row(name, label, Metric.MODEL_MB, mb, "")));
        return Result.text(String.format(Locale.ROOT, "quantized %s as %s (%s) in %.1f s: %.1f MB", src.name(), name, label, seconds, mb));
    }

    static Result convert(Session s, Statement.Convert st) {
        ModelHandle src = s.model(st.source());
        s.requireFree(st.target());
        Plugins.Convert hook = Plugins.require(s.plugins().convert(), "convert");
        String name = st.target().text();
        Path out = hook.run(new Plugins.ConvertRequest(src, st.precision(), freshTarget(s, name), s.settings()), s.progress("convert " + name));
        ModelHandle h = product(src, name, out, st.precision().id(), null, "convert " + src.name() + " " + st.precision().id());
        double mb = megabytes(h);
        s.commit(h, List.of(new Row(name, h.recipe(), Metric.MODEL_MB, mb, "")));
        return Result.text(String.format(Locale.ROOT, "converted %s to %s as %s: %.1f MB", src.name(), st.precision().id(), name, mb));
    }

    static Result bench(Session s, Statement.Bench st) {
        List<ModelHandle> hs = st.models().stream().map(s::model).toList();
        Plugins.Bench hook = Plugins.require(s.plugins().bench(), "bench");
        List<Row> rows = new ArrayList<>();
        String settings = "prompt=" + st.prompt() + " gen=" + st.gen() + " reps=" + st.reps() + " " + s.settings().describe();
        for (ModelHandle h : hs) {
            Plugins.BenchFigures f = hook.run(new Plugins.BenchRequest(h, st.prompt(), st.gen(), st.reps(), st.warmup(), s.settings()), s.progress("bench " + h.name()));
            rows.add(new Row(h.name(), h.recipe(), Metric.PREFILL_TOK_S, f.prefillTokS(), settings));
            rows.add(new Row(h.name(), h.recipe(), Metric.DECODE_TOK_S, f.decodeTokS(), settings));
            rows.add(new Row(h.name(), h.recipe(), Metric.PEAK_RSS_MB, f.peakRssMb(), settings));
            rows.add(new Row(h.name(), h.recipe(), Metric.MODEL_MB, megabytes(h), ""));
        }
        s.commit(null, rows);
        return Pivots.result(s.resultsStore(), s.modelMap(), Statement.TableKind.BENCH);
    }

    /** A model a hook wrote: opened as a folder, with its source's family and data folder. */
    private static ModelHandle product(ModelHandle src, String name, Path out, String label, Recipe recipe, String origin) {
        ModelFolder f = ModelFolder.open(out);
        return new ModelHandle(name, f.dir(), f, label, recipe, origin, src.family(), src.dataDir(), null);
    }

    private static Path freshTarget(Session s, String name) {
        Path target = s.workdir().resolve(name);
        if (Files.exists(target)) throw new NibbleException(null, target + " already exists in the work folder; set workdir to another folder");
        return target;
    }

    /** Size on disk of the model file and its external data, in MB (2^20 bytes). */
    static double megabytes(ModelHandle h) {
        long bytes = 0;
        try {
            for (Path f : modelFiles(h.modelFile())) bytes += Files.size(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes / (1024.0 * 1024.0);
    }

    /** model.onnx and its side files (model.onnx.data and the like). */
    private static List<Path> modelFiles(Path onnx) {
        String base = onnx.getFileName().toString();
        try (Stream<Path> files = Files.list(onnx.getParent())) {
            return files.filter(f -> f.getFileName().toString().equals(base)
                    || f.getFileName().toString().startsWith(base + ".") && f.getFileName().toString().endsWith(".data")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isFolderModel(Path onnx) {
        Path cfg = onnx.getParent().resolve(GenAiConfig.FILE);
        return Files.isRegularFile(cfg) && GenAiConfig.read(cfg).filename().equals(onnx.getFileName().toString());
    }

    /** "fp32", "fp16", "bf16" by the float type holding the most bytes; the dtype name otherwise. */
    private static String floatLabel(Map<DType, Long> bytes) {
        DType top = bytes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(DType.FLOAT);
        return switch (top) {
            case FLOAT -> "fp32";
            case FLOAT16 -> "fp16";
            case BFLOAT16 -> "bf16";
            default -> top.label();
        };
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path dst = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(dst);
                else Files.copy(p, dst);
            }
        }
    }
}
