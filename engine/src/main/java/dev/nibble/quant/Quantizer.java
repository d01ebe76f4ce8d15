package dev.nibble.quant;

import dev.nibble.calib.ActivationCapture;
import dev.nibble.calib.ActivationStats;
import dev.nibble.calib.CalibrationSet;
import dev.nibble.eval.Progress;
import dev.nibble.model.FolderWriter;
import dev.nibble.model.ModelFolder;
import dev.nibble.onnx.OnnxModel;
import dev.nibble.onnx.QuantizableWeight;
import dev.nibble.onnx.Rewrite;
import dev.nibble.onnx.Tensor;
import dev.nibble.runtime.GenerationBench;
import dev.nibble.runtime.OrtOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Quantizes a model folder with a {@link Recipe} and writes the result as a new model folder
 * (ARCHITECTURE.md: plan → calibrate → quantize each weight → rewrite → write).
 *
 * <p>Outputs: {@link Output#REAL} writes the recipe's format (QDQ or MatMulNBits);
 * {@link Output#SIMULATED} writes fake-quantized float weights (quantized, then dequantized
 * back, AWQ folds included) — the seed page's "simulated" backend; {@link Output#SCALE_ONLY}
 * applies the AWQ scales and folds without quantizing, which must not change the model's
 * function (a check of the folding).
 */
public final class Quantizer {
    public static final String TOOL = "nibble 0.1.0";

    public enum Output { REAL, SIMULATED, SCALE_ONLY }

    /**
     * How to run: what to write, whether an existing target may be replaced, onnxruntime settings
     * for the calibration pass, and how many token rows per activation the AWQ searches see.
     */
    public record Options(Output output, boolean overwrite, OrtOptions ort, int maxSample) {
        public static final Options DEFAULT = new Options(Output.REAL, false, OrtOptions.DEFAULT, ActivationCapture.DEFAULT_MAX_SAMPLE);

        public Options withOutput(Output o) { return new Options(o, overwrite, ort, maxSample); }
        public Options withOverwrite(boolean b) { return new Options(output, b, ort, maxSample); }
        public Options withMaxSample(int n) { return new Options(output, overwrite, ort, n); }
        public Options withOrt(OrtOptions o) { return new Options(output, overwrite, o, maxSample); }
    }

    /** What was done: the new folder, each weight's decision, the AWQ α chosen per node, time. */
    public record Result(ModelFolder folder, Recipe recipe, Output output, List<WeightPlan> plans, Map<String, Double> alphas,
                         double seconds, long modelBytes) {}

    private Quantizer() {}

    /**
     * @param calib samples for AWQ methods (null for RTN)
     * @throws QuantException for a recipe that cannot apply to this model (and nothing is written)
     */
    public static Result quantize(ModelFolder source, Recipe recipe, CalibrationSet calib, Path target, Options options, Progress progress) {
        long t0 = System.nanoTime();
        Output output = options.output();
        if (recipe.method().needsCalibration() && calib == null)
            throw new QuantException(recipe.method().label() + " needs calibration samples: calibrate the model first (e.g. 'calibrate base')");
        try (OnnxModel model = source.loadModel()) {
            List<WeightPlan> plans = adjustForFormat(Planner.plan(model, recipe), recipe, output);
            List<WeightPlan> todo = plans.stream().filter(WeightPlan::quantized).toList();
            Map<String, float[]> weights = readWeights(model, todo);
            Map<String, ActivationStats> stats = recipe.method().needsCalibration()
                    ? ActivationCapture.run(source, todo.stream().map(p -> p.weight().activation()).distinct().toList(), calib,
                            options.maxSample(), options.ort(), progress)
                    : Map.of();
            GraphRewriter rw = new GraphRewriter(model);
            Map<String, Double> alphas = new LinkedHashMap<>();
            Map<String, ActivationStats> clipStats = new HashMap<>(stats); // x, or x/s once scales are applied
            if (recipe.method().searchesScales()) applyScales(model, todo, weights, stats, clipStats, rw, alphas);
            AtomicInteger done = new AtomicInteger();
            Map<String, QuantizedWeight> quantized = new ConcurrentHashMap<>();
            if (output != Output.SCALE_ONLY)
                todo.parallelStream().forEach(p -> {
                    quantized.put(p.weight().node(), quantizeOne(p, weights.get(p.weight().weight()), clipStats, recipe));
                    progress.update("quantize", done.incrementAndGet(), todo.size());
                });
            for (WeightPlan p : todo) {
                QuantizableWeight w = p.weight();
                switch (output) {
                    case REAL -> {
                        if (recipe.format() == Recipe.Format.QDQ) rw.qdq(w, quantized.get(w.node()));
                        else rw.matMulNBits(w, quantized.get(w.node()), recipe.accuracyLevel());
                    }
                    case SIMULATED -> rw.setWeight(w, quantized.get(w.node()).dequantize());
                    case SCALE_ONLY -> rw.setWeight(w, weights.get(w.weight()));
                }
            }
            recordRecipe(rw, recipe, output, calib);
            Rewrite r = rw.build(output == Output.REAL && recipe.format() == Recipe.Format.QDQ);
            ModelFolder written = FolderWriter.write(source, r.proto(), r.initializers(), target, options.overwrite());
            return new Result(written, recipe, output, plans, alphas, (System.nanoTime() - t0) / 1e9,
                    GenerationBench.diskBytes(written.modelFile()));
        }
    }

    /** MatMulNBits has no per-channel layout: INT8 per-channel becomes blocks of 128 there (said in the plan's why). */
    private static List<WeightPlan> adjustForFormat(List<WeightPlan> plans, Recipe recipe, Output output) {
        if (output != Output.REAL || recipe.format() != Recipe.Format.MATMULNBITS) return plans;
        List<WeightPlan> out = new ArrayList<>();
        for (WeightPlan p : plans) {
            if (p.quantized() && p.spec().perChannel()) {
                int bs = Math.max(16, Math.min(128, Integer.highestOneBit((int) p.weight().k())));
                out.add(new WeightPlan(p.weight(), p.spec().withBlockSize(bs), p.why() + "; block " + bs + " (MatMulNBits has no per-channel layout)"));
            } else out.add(p);
        }
        return out;
    }

    /** W[K, N] as float for every weight to quantize (transposed storage turned around). */
    private static Map<String, float[]> readWeights(OnnxModel model, List<WeightPlan> todo) {
        Map<String, float[]> out = new HashMap<>();
        for (WeightPlan p : todo) {
            QuantizableWeight w = p.weight();
            Tensor t = model.initializer(w.weight()).orElseThrow();
            float[] stored = t.toFloatArray();
            float[] kn = w.transposed() ? GraphRewriter.transpose(stored, (int) w.n(), (int) w.k()) : stored;
            if (out.put(w.weight(), kn) != null)
                throw new QuantException("weight '" + w.weight() + "' is shared by several MatMuls (tied weights); exclude all but one of them");
        }
        return out;
    }

    /** AWQ-lite: search and share s, fold 1/s, scale W rows by s and the clip search's x by 1/s. */
    private static void applyScales(OnnxModel model, List<WeightPlan> todo, Map<String, float[]> weights, Map<String, ActivationStats> stats,
                                    Map<String, ActivationStats> clipStats, GraphRewriter rw, Map<String, Double> alphas) {
        List<Scaling.Group> groups = Scaling.plan(model, Scaling.byActivation(todo), weights, stats, alphas);
        for (Scaling.Group g : groups) { // folds first: they divide columns, the scaling below multiplies rows
            switch (g.fold()) {
                case Scaling.Fold.Gamma f -> rw.setValues(f.initializer(), Scaling.divideLastAxis(model.initializer(f.initializer()).orElseThrow().toFloatArray(), g.scales()));
                case Scaling.Fold.ProducerWeight f -> {
                    if (weights.containsKey(f.initializer())) weights.put(f.initializer(), Scaling.divideLastAxis(weights.get(f.initializer()), g.scales()));
                    else rw.setValues(f.initializer(), Scaling.divideLastAxis(model.initializer(f.initializer()).orElseThrow().toFloatArray(), g.scales()));
                }
                case Scaling.Fold.PreQuantMul f -> rw.preQuantMul(f.activation(), g.scales(), g.members());
            }
        }
        for (Scaling.Group g : groups) {
            for (WeightPlan p : g.members()) {
                String name = p.weight().weight();
                weights.put(name, AwqLite.scaleRows(weights.get(name), (int) p.weight().k(), (int) p.weight().n(), g.scales()));
            }
            ActivationStats x = stats.get(g.activation());
            clipStats.put(g.activation(), new ActivationStats(x.tensor(), x.k(), x.meanAbs(),
                    AwqLite.divideColumns(x.sample(), x.sampleTokens(), x.k(), g.scales()), x.sampleTokens(), x.seenTokens()));
        }
    }

    private static QuantizedWeight quantizeOne(WeightPlan p, float[] w, Map<String, ActivationStats> clipStats, Recipe recipe) {
        int k = (int) p.weight().k(), n = (int) p.weight().n();
        if (recipe.method().searchesClip()) {
            ActivationStats x = clipStats.get(p.weight().activation());
            float[] clip = AwqClip.search(w, k, n, x.sample(), x.sampleTokens(), p.spec()).clip();
            return Rtn.quantize(w, k, n, p.spec(), clip);
        }
        return Rtn.quantize(w, k, n, p.spec());
    }

    private static void recordRecipe(GraphRewriter rw, Recipe recipe, Output output, CalibrationSet calib) {
        rw.metadata("nibble.recipe", recipe.label());
        rw.metadata("nibble.method", recipe.method().label());
        rw.metadata("nibble.bits", recipe.bits());
        rw.metadata("nibble.block", Integer.toString(recipe.blockSize()));
        rw.metadata("nibble.output", output == Output.REAL ? recipe.format().label() : output.name().toLowerCase(java.util.Locale.ROOT));
        if (calib != null) {
            rw.metadata("nibble.calibration", calib.source());
            rw.metadata("nibble.calibration_sha256", calib.textHash());
            rw.metadata("nibble.calibration_samples", calib.samples().length + " x " + calib.length());
            rw.metadata("nibble.seed", Long.toString(calib.seed()));
        }
        rw.metadata("nibble.tool", TOOL);
    }
}
