package dev.nibble.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nibble.eval.Progress;
import dev.nibble.onnx.OnnxModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** The statements backed by the engine: calibrate, quantize (real and simulated), convert, bench. */
class EngineStatementsTest {
    @TempDir static Path shared;
    static Path model;
    @TempDir Path dir;

    @BeforeAll
    static void folder() throws Exception {
        model = TestModel.shortFolder(shared.resolve("m"));
    }

    private static double value(Session s, String model, Metric m) {
        return s.results().where(s.results().stringColumn("model").isEqualTo(model)
                .and(s.results().stringColumn("metric").isEqualTo(m.id()))).doubleColumn("value").get(0);
    }

    @Test
    void klRefusesABaselineWithAnotherTokenizer() throws Exception {
        Path other = TestModel.shortFolder(dir.resolve("other"));
        String json = Files.readString(other.resolve("tokenizer.json"));
        Files.delete(other.resolve("tokenizer.json"));
        Files.writeString(other.resolve("tokenizer.json"), json.replace("\"<|endoftext|>\"", "\"<|end|>\""));
        Session s = new Session(dir, Plugins.available(), Progress.NONE);
        s.run("load base = " + model + "\nload other = " + other, "<test>");
        String msg = org.junit.jupiter.api.Assertions.assertThrows(NibbleException.class,
                () -> s.run("eval kl other vs base tokens 256", "<test>")).located();
        assertTrue(msg.startsWith("<test>:1:1: eval kl: other and base use different tokenizers"), msg);
    }

    @Test
    void quantizeCalibrateConvertAndBenchMakeModelsAndRows() throws Exception {
        Session s = new Session(dir, Plugins.available(), Progress.NONE);
        s.run("""
                load base = %s
                calibrate base samples 2 length 64
                quantize base as q4 int4 rtn block 32
                quantize base as a4 int4 awq
                convert base as h fp16
                set backend simulated
                quantize base as s4 int4 rtn block 32
                set backend ort
                bench base, q4 prompt 16 gen 8 reps 1 warmup 0
                eval ppl base, q4 window 256
                """.formatted(model), "<test>");
        assertEquals(List.of("base", "q4", "a4", "h", "s4"), s.models().stream().map(ModelHandle::name).toList());
        ModelHandle q4 = s.modelMap().get("q4"), a4 = s.modelMap().get("a4"), sim = s.modelMap().get("s4");
        assertEquals("int4 rtn b32", q4.recipe());
        assertEquals(model.resolve("data").toRealPath(), q4.dataDir().toRealPath(), "a quantized model reads its source's texts");
        try (OnnxModel m = q4.folder().loadModel()) {
            assertTrue(m.proto().getGraph().getNodeList().stream().anyMatch(n -> n.getOpType().equals("DequantizeLinear")));
            assertEquals("int4 rtn block 32 qdq", m.metadata().get("nibble.recipe"));
        }
        try (OnnxModel m = a4.folder().loadModel()) {
            assertEquals("2 x 64", m.metadata().get("nibble.calibration_samples"), "quantize used the calibrate statement's samples");
        }
        try (OnnxModel m = sim.folder().loadModel()) {
            assertTrue(m.proto().getGraph().getNodeList().stream().noneMatch(n -> n.getOpType().equals("DequantizeLinear")));
            assertEquals("simulated", m.metadata().get("nibble.output"));
        }
        double baseMb = value(s, "base", Metric.MODEL_MB), q4Mb = value(s, "q4", Metric.MODEL_MB), hMb = value(s, "h", Metric.MODEL_MB);
        long onDisk = Files.size(q4.folder().modelFile()) + Files.size(q4.folder().dir().resolve("model.onnx.data"));
        assertEquals(onDisk / (double) (1 << 20), q4Mb, 0.01, "model_mb is the bytes on disk");
        assertTrue(q4Mb < 0.5 * baseMb && hMb < 0.55 * baseMb && hMb > 0.45 * baseMb, baseMb + " " + q4Mb + " " + hMb);
        assertTrue(value(s, "q4", Metric.QUANT_S) > 0);
        for (String m : List.of("base", "q4")) {
            assertTrue(value(s, m, Metric.DECODE_TOK_S) > 0 && value(s, m, Metric.PREFILL_TOK_S) > 0);
            assertTrue(value(s, m, Metric.PEAK_RSS_MB) > 10);
        }
        Table cmp = s.run("compare q4 vs base", "<test>").get(0).table();
        assertEquals(List.of("base", "q4"), cmp.stringColumn("model").asList());
        assertEquals(value(s, "q4", Metric.PPL) / value(s, "base", Metric.PPL), cmp.doubleColumn("ppl_ratio").get(1), 1e-9);
        assertEquals(value(s, "base", Metric.MODEL_MB) / value(s, "q4", Metric.MODEL_MB), cmp.doubleColumn("size_saving").get(1), 1e-9);
        Result bench = s.run("table bench", "<test>").get(0);
        assertEquals(1.0, bench.table().doubleColumn("decode_speedup").get(0), 1e-12);
        assertEquals(value(s, "q4", Metric.DECODE_TOK_S) / value(s, "base", Metric.DECODE_TOK_S),
                bench.table().doubleColumn("decode_speedup").get(1), 1e-9);
    }
}
