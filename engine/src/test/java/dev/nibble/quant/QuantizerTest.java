package dev.nibble.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nibble.calib.CalibrationSet;
import dev.nibble.eval.KlDivergence;
import dev.nibble.eval.KlResult;
import dev.nibble.eval.Perplexity;
import dev.nibble.eval.PerplexitySettings;
import dev.nibble.eval.Progress;
import dev.nibble.model.ModelFolder;
import dev.nibble.model.ShippedModel;
import dev.nibble.model.Tokenizer;
import dev.nibble.onnx.OnnxModel;
import dev.nibble.onnx.QuantizableWeight;
import dev.nibble.onnx.Tensor;
import dev.nibble.runtime.Decoder;
import dev.nibble.runtime.OrtOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every recipe, end to end on the shipped model: it writes, loads, runs, and mostly agrees with FP32. */
class QuantizerTest {
    @TempDir static Path dir;
    /** 128 token rows per activation for the AWQ searches keep this suite quick (the default is 512). */
    static final Quantizer.Options OPTIONS = Quantizer.Options.DEFAULT.withMaxSample(128);
    static ModelFolder base;
    static CalibrationSet calib;
    static int[] evalIds, pplIds;
    static int[] baseTop1;
    static long baseBytes;

    @BeforeAll
    static void setUp() throws Exception {
        base = ModelFolder.open(ShippedModel.dir());
        try (Tokenizer tok = base.tokenizer()) {
            calib = CalibrationSet.draw(Files.readString(base.data("calib.txt").orElseThrow()), "calib.txt", tok, 8, 256, 0);
            int[] val = tok.encode(Files.readString(base.data("val.txt").orElseThrow()));
            evalIds = Arrays.copyOf(val, 512);
            pplIds = Arrays.copyOf(val, 4096);
        }
        baseTop1 = top1(base, OrtOptions.DEFAULT);
        try (OnnxModel m = base.loadModel()) {
            baseBytes = m.initializers().values().stream().mapToLong(Tensor::byteSize).sum();
        }
    }

    static int[] top1(ModelFolder f, OrtOptions o) {
        try (Decoder d = new Decoder(f, o)) {
            float[] logits = d.logits(evalIds);
            int v = d.vocabSize();
            int[] out = new int[evalIds.length];
            for (int t = 0; t < out.length; t++) {
                int best = 0;
                for (int j = 1; j < v; j++) if (logits[t * v + j] > logits[t * v + best]) best = j;
                out[t] = best;
            }
            return out;
        }
    }

    /** Initializer bytes a recipe should leave, from K, N and the spec of each weight (SPEC.md section 4 layouts). */
    static long expectedBytes(Quantizer.Result r) {
        long bytes = baseBytes;
        for (WeightPlan p : r.plans()) {
            if (!p.quantized()) continue;
            QuantizableWeight w = p.weight();
            long k = w.k(), n = w.n();
            QuantSpec s = p.spec();
            long bs = s.perChannel() ? k : s.blockSize(), nb = (k + bs - 1) / bs;
            bytes -= k * n * 4;
            if (r.recipe().format() == Recipe.Format.QDQ) {
                bytes += (k * n * s.bits() + 7) / 8 + nb * n * 4;
                if (!s.symmetric()) bytes += (nb * n * s.bits() + 7) / 8;
            } else {
                bytes += n * nb * bs * s.bits() / 8 + n * nb * 4;
                if (!s.symmetric()) bytes += n * ((nb * s.bits() + 7) / 8);
            }
        }
        return bytes;
    }

    record Case(String name, Recipe recipe, double minAgreement) {}

    @Test
    void everyRecipeWritesAModelThatRunsAndAgreesWithFp32() throws Exception {
        List<Case> cases = List.of(
                new Case("int4-rtn", Recipe.of("int4", Recipe.Method.RTN), 0.6),
                new Case("int4-rtn-nbits", Recipe.of("int4", Recipe.Method.RTN).withFormat(Recipe.Format.MATMULNBITS), 0.6),
                new Case("int4-rtn-asym-b32", Recipe.of("int4", Recipe.Method.RTN).withAsymmetric(true).withBlock(32), 0.6),
                new Case("int8-rtn", Recipe.of("int8", Recipe.Method.RTN), 0.9),
                new Case("int8-awq", Recipe.of("int8", Recipe.Method.AWQ), 0.9),
                new Case("int4-awq", Recipe.of("int4", Recipe.Method.AWQ), 0.6),
                new Case("int4-awq-lite", Recipe.of("int4", Recipe.Method.AWQ_LITE), 0.6),
                new Case("int4-awq-clip", Recipe.of("int4", Recipe.Method.AWQ_CLIP), 0.6),
                new Case("mixed-rtn", Recipe.of("mixed", Recipe.Method.RTN), 0.6),
                new Case("mixed-awq", Recipe.of("mixed", Recipe.Method.AWQ), 0.6),
                new Case("mixed-kquant-awq-nbits", Recipe.of("mixed-kquant", Recipe.Method.AWQ).withFormat(Recipe.Format.MATMULNBITS), 0.6));
        StringBuilder report = new StringBuilder("\nrecipe                    ppl(4096 tok)  agree   bytes/fp32\n");
        try (Decoder d = new Decoder(base, OrtOptions.DEFAULT)) {
            report.append(String.format(Locale.ROOT, "%-24s %12.3f  %5.1f%%  %.3f%n", "fp32",
                    Perplexity.evaluate(d, pplIds, PerplexitySettings.DEFAULT, Progress.NONE).ppl(), 100.0, 1.0));
        }
        for (Case c : cases) {
            Quantizer.Result r = Quantizer.quantize(base, c.recipe(), calib, dir.resolve(c.name()), OPTIONS, Progress.NONE);
            long actual;
            try (OnnxModel m = r.folder().loadModel()) {
                actual = m.initializers().values().stream().mapToLong(Tensor::byteSize).sum();
                assertEquals(c.recipe().label(), m.metadata().get("nibble.recipe"));
                if (c.recipe().method().needsCalibration()) assertEquals(calib.textHash(), m.metadata().get("nibble.calibration_sha256"));
            }
            long want = expectedBytes(r), preQuantRoom = 8L * 2 * 768 * 4; // AWQ may add one (1, K) fp32 scale per o/down input
            assertTrue(actual >= want && actual <= want + preQuantRoom, c.name() + ": " + actual + " bytes, expected " + want);
            int[] top = top1(r.folder(), OrtOptions.DEFAULT);
            int same = 0;
            for (int t = 0; t < top.length; t++) if (top[t] == baseTop1[t]) same++;
            double agree = same / (double) top.length;
            double ppl;
            try (Decoder d = new Decoder(r.folder(), OrtOptions.DEFAULT)) {
                ppl = Perplexity.evaluate(d, pplIds, PerplexitySettings.DEFAULT, Progress.NONE).ppl();
            }
            report.append(String.format(Locale.ROOT, "%-24s %12.3f  %5.1f%%  %.3f%n", c.name(), ppl, 100 * agree, actual / (double) baseBytes));
            assertTrue(agree >= c.minAgreement(), c.name() + ": greedy top-1 agrees on " + same + " of " + top.length);
        }
        System.out.print(report);
    }

    /** With quantization off, AWQ's scaled-and-folded model computes what the original did. */
    @Test
    void foldingAloneKeepsTheLogits() {
        for (Recipe.Method m : List.of(Recipe.Method.AWQ_LITE, Recipe.Method.AWQ)) {
            Quantizer.Result r = Quantizer.quantize(base, Recipe.of("int4", m), calib, dir.resolve("scaled-" + m),
                    OPTIONS.withOutput(Quantizer.Output.SCALE_ONLY), Progress.NONE);
            assertTrue(r.alphas().values().stream().anyMatch(a -> a > 0), "some layer chose a non-zero alpha: " + r.alphas());
            double worst = maxLogitDifference(base, OrtOptions.DEFAULT, r.folder(), 96);
            assertTrue(worst < 1e-4, "folded logits differ by " + worst);
        }
    }

    /** The simulated model (fake-quantized floats) computes what the real QDQ model does at accuracy level 0. */
    @Test
    void simulatedMatchesRealAtAccuracyLevelZero() {
        Recipe recipe = Recipe.of("mixed", Recipe.Method.AWQ);
        Quantizer.Result real = Quantizer.quantize(base, recipe, calib, dir.resolve("sim-real"), OPTIONS, Progress.NONE);
        Quantizer.Result sim = Quantizer.quantize(base, recipe, calib, dir.resolve("sim-fake"), OPTIONS.withOutput(Quantizer.Output.SIMULATED), Progress.NONE);
        double worst = maxLogitDifference(real.folder(), OrtOptions.DEFAULT.withAccuracyLevel(0), sim.folder(), 64);
        assertTrue(worst < 1e-3, "real vs simulated logits differ by " + worst);
    }

    /** max |logit_a − logit_b| over the first {@code tokens} evaluation tokens; {@code first} runs with {@code options}. */
    static double maxLogitDifference(ModelFolder first, OrtOptions options, ModelFolder second, int tokens) {
        try (Decoder a = new Decoder(first, options); Decoder b = new Decoder(second, OrtOptions.DEFAULT)) {
            int[] ids = Arrays.copyOf(evalIds, tokens);
            float[] x = a.logits(ids), y = b.logits(ids);
            double worst = 0;
            for (int i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]));
            return worst;
        }
    }

    /** KL against FP32 over the same windows: INT8 RTN stays closer than INT4 RTN, and FP32 against itself is 0. */
    @Test
    void int8HasLowerKlThanInt4AndAModelHasNoneAgainstItself() {
        Quantizer.Result int8 = Quantizer.quantize(base, Recipe.of("int8", Recipe.Method.RTN), null, dir.resolve("kl-int8"), OPTIONS, Progress.NONE);
        Quantizer.Result int4 = Quantizer.quantize(base, Recipe.of("int4", Recipe.Method.RTN), null, dir.resolve("kl-int4"), OPTIONS, Progress.NONE);
        int[] ids = Arrays.copyOf(pplIds, 2048);
        try (Decoder b = new Decoder(base, OrtOptions.DEFAULT); Decoder d8 = new Decoder(int8.folder(), OrtOptions.DEFAULT);
             Decoder d4 = new Decoder(int4.folder(), OrtOptions.DEFAULT); Decoder self = new Decoder(base, OrtOptions.DEFAULT)) {
            KlResult k8 = KlDivergence.evaluate(b, d8, ids, 1024, Progress.NONE);
            KlResult k4 = KlDivergence.evaluate(b, d4, ids, 1024, Progress.NONE);
            KlResult k0 = KlDivergence.evaluate(b, self, ids, 1024, Progress.NONE);
            System.out.printf("KL vs fp32: int8 rtn mean %.5f (same top-1 %.1f%%), int4 rtn mean %.5f (same top-1 %.1f%%)%n",
                    k8.mean(), k8.sameTop1Pct(), k4.mean(), k4.sameTop1Pct());
            assertTrue(k8.mean() < k4.mean(), "int8 " + k8.mean() + " < int4 " + k4.mean());
            assertTrue(k8.mean() > 0);
            assertEquals(0.0, k0.mean(), 1e-9);
            assertEquals(100.0, k0.sameTop1Pct());
        }
    }

    /** With every node renamed to n0, n1, ..., the mixed rules find the same layers from the graph's structure. */
    @Test
    void mixedRulesFindTheRolesFromStructureWhenNamesSayNothing() throws Exception {
        Path anon = Files.createDirectory(dir.resolve("anonymous"));
        try (OnnxModel m = base.loadModel()) {
            var g = m.proto().getGraph().toBuilder();
            for (int i = 0; i < g.getNodeCount(); i++) g.setNode(i, g.getNode(i).toBuilder().setName("n" + i));
            dev.nibble.onnx.ModelWriter.write(m.proto().toBuilder().setGraph(g).build(), m.initializers().values(), anon.resolve("model.onnx"));
            for (String rule : List.of("mixed", "mixed-kquant")) {
                List<WeightPlan> named = Planner.plan(m, Recipe.of(rule, Recipe.Method.RTN));
                try (OnnxModel a = OnnxModel.load(anon.resolve("model.onnx"))) {
                    List<WeightPlan> structural = Planner.plan(a, Recipe.of(rule, Recipe.Method.RTN));
                    assertEquals(named.size(), structural.size());
                    List<Integer> want = new java.util.ArrayList<>(), got = new java.util.ArrayList<>();
                    for (int i = 0; i < named.size(); i++) {
                        if (named.get(i).quantized() && named.get(i).spec().bits() == 8) want.add(i);
                        if (structural.get(i).quantized() && structural.get(i).spec().bits() == 8) got.add(i);
                    }
                    assertEquals(8, want.size(), rule + ": v and down of 4 layers");
                    assertEquals(want, got, rule + ": the same weights are INT8 by structure as by name");
                    assertTrue(structural.get(got.get(0)).why().contains("graph's structure"), structural.get(got.get(0)).why());
                }
            }
        }
    }

    @Test
    void aModelWithoutQuantizableMatMulIsRefused() throws Exception {
        var g = dev.nibble.onnx.proto.Onnx.GraphProto.newBuilder()
                .addNode(dev.nibble.onnx.proto.Onnx.NodeProto.newBuilder().setOpType("Add").setName("add").addInput("x").addInput("b").addOutput("y"))
                .addInitializer(dev.nibble.onnx.proto.Onnx.TensorProto.newBuilder().setName("b").setDataType(1).addDims(4)
                        .setRawData(com.google.protobuf.ByteString.copyFrom(new byte[16])));
        var proto = dev.nibble.onnx.proto.Onnx.ModelProto.newBuilder().setIrVersion(10).setGraph(g).build();
        Path file = dir.resolve("add.onnx");
        Files.write(file, proto.toByteArray());
        try (OnnxModel m = OnnxModel.load(file)) {
            var e = assertThrows(QuantException.class, () -> Planner.plan(m, Recipe.of("int4", Recipe.Method.RTN)));
            assertTrue(e.getMessage().contains("no quantizable MatMul"), e.getMessage());
        }
    }

    @Test
    void badRecipesAndTargetsAreRefusedWithoutPartialOutput() throws Exception {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Recipe.Method.parse("gptq")).getMessage().contains("unknown method 'gptq'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Recipe.of("int4", Recipe.Method.RTN).withBlock(48)).getMessage()
                .contains("power of two"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Recipe.of("int3", Recipe.Method.RTN)).getMessage().contains("unknown bits 'int3'"));
        var awq = assertThrows(QuantException.class, () -> Quantizer.quantize(base, Recipe.of("int4", Recipe.Method.AWQ), null,
                dir.resolve("never"), OPTIONS, Progress.NONE));
        assertTrue(awq.getMessage().contains("calibrate"), awq.getMessage());
        Path taken = Files.createDirectories(dir.resolve("taken"));
        var exists = assertThrows(RuntimeException.class, () -> Quantizer.quantize(base, Recipe.of("int4", Recipe.Method.RTN), null,
                taken, OPTIONS, Progress.NONE));
        assertTrue(exists.getMessage().contains("already exists"), exists.getMessage());
        try (var files = Files.list(taken)) {
            assertEquals(0, files.count());
        }
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith(".")), "no temporary folder left behind");
        }
        var excluded = assertThrows(QuantException.class, () -> {
            try (OnnxModel m = base.loadModel()) {
                Planner.plan(m, Recipe.of("int4", Recipe.Method.RTN).withExclude("."));
            }
        });
        assertTrue(excluded.getMessage().contains("excluded"), excluded.getMessage());
    }
}
