package dev.nibble.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nibble.onnx.DType;
import dev.nibble.onnx.OnnxModel;
import dev.nibble.onnx.Rewrite;
import dev.nibble.onnx.Tensor;
import dev.nibble.onnx.WeightPrecision;
import dev.nibble.runtime.Decoder;
import dev.nibble.runtime.GenerationBench;
import dev.nibble.runtime.OrtOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FP16 weight storage and back, on the shipped model, written as whole model folders. */
class ConvertTest {
    @TempDir Path dir;

    static float[] logits(ModelFolder f, int[] ids) {
        try (Decoder d = new Decoder(f, OrtOptions.DEFAULT)) {
            return d.logits(ids);
        }
    }

    @Test
    void fp16AndBackKeepsTheGraphAndRoundsEachWeightOnce() throws Exception {
        ModelFolder fp32 = ModelFolder.open(ShippedModel.dir());
        ModelFolder fp16, back;
        try (OnnxModel m = fp32.loadModel()) {
            Rewrite r = WeightPrecision.toFp16(m);
            fp16 = FolderWriter.write(fp32, r.proto(), r.initializers(), dir.resolve("fp16"), false);
        }
        try (OnnxModel orig = fp32.loadModel(); OnnxModel half = fp16.loadModel()) {
            Tensor w = orig.initializer("model.layers.3.mlp.down_proj.weight").orElseThrow();
            Tensor h = half.initializer("model.layers.3.mlp.down_proj.weight_fp16").orElseThrow();
            assertEquals(DType.FLOAT16, h.dtype());
            for (long i = 0; i < w.numel(); i += 97)
                assertEquals(Float.float16ToFloat(Float.floatToFloat16(w.getFloat(i))), h.getFloat(i), 0f, "element " + i);
            Rewrite r = WeightPrecision.toFp32(half);
            back = FolderWriter.write(fp16, r.proto(), r.initializers(), dir.resolve("back"), false);
            assertEquals(orig.proto().getGraph().getNodeCount(), r.proto().getGraph().getNodeCount());
        }
        long bytes32 = GenerationBench.diskBytes(fp32.modelFile()), bytes16 = GenerationBench.diskBytes(fp16.modelFile());
        assertTrue(bytes16 < 0.52 * bytes32 && bytes16 > 0.45 * bytes32, bytes16 + " vs " + bytes32);
        assertTrue(Files.isRegularFile(fp16.dir().resolve("tokenizer.json")) && Files.isRegularFile(fp16.dir().resolve("genai_config.json")));

        int[] ids = {10, 200, 3000, 45, 7, 600, 81, 9};
        float[] a = logits(fp32, ids), b = logits(fp16, ids), c = logits(back, ids);
        double d16 = 0, dBack = 0;
        for (int i = 0; i < a.length; i++) {
            d16 = Math.max(d16, Math.abs(a[i] - b[i]));
            dBack = Math.max(dBack, Math.abs(b[i] - c[i]));
        }
        assertTrue(d16 > 0 && d16 < 0.1, "fp16 weights move logits a little: " + d16);
        assertTrue(dBack < 1e-5, "fp32 from fp16 computes what the fp16-stored model computes: " + dBack);
    }

    @Test
    void anExistingOutputFolderIsRefusedAndLeftAlone() throws Exception {
        ModelFolder fp32 = ModelFolder.open(ShippedModel.dir());
        Path taken = Files.createDirectory(dir.resolve("taken"));
        Files.writeString(taken.resolve("keep.txt"), "mine");
        try (OnnxModel m = fp32.loadModel()) {
            Rewrite r = WeightPrecision.toFp16(m);
            var e = assertThrows(ModelFolderException.class, () -> FolderWriter.write(fp32, r.proto(), r.initializers(), taken, false));
            assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        }
        assertEquals("mine", Files.readString(taken.resolve("keep.txt")));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary folder left");
        }
    }
}
