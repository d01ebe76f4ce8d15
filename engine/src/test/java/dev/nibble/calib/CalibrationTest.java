package dev.nibble.calib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nibble.eval.Progress;
import dev.nibble.model.ModelFolder;
import dev.nibble.model.ShippedModel;
import dev.nibble.model.Tokenizer;
import dev.nibble.onnx.OnnxModel;
import dev.nibble.onnx.Tensor;
import dev.nibble.runtime.OrtOptions;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CalibrationTest {
    static final String NORM_OUT = "/model/layers.0/input_layernorm/Mul_1/output_0";

    @Test
    void samplesAreSeededAndShortTextsAreRefused() throws Exception {
        ModelFolder f = ModelFolder.open(ShippedModel.dir());
        String text = Files.readString(f.data("calib.txt").orElseThrow());
        try (Tokenizer tok = f.tokenizer()) {
            CalibrationSet a = CalibrationSet.draw(text, "calib.txt", tok, 4, 64, 7);
            CalibrationSet b = CalibrationSet.draw(text, "calib.txt", tok, 4, 64, 7);
            CalibrationSet c = CalibrationSet.draw(text, "calib.txt", tok, 4, 64, 8);
            assertTrue(java.util.Arrays.deepEquals(a.samples(), b.samples()), "same seed, same samples");
            assertTrue(!java.util.Arrays.deepEquals(a.samples(), c.samples()), "another seed, other samples");
            assertEquals(64, a.length());
            assertEquals(64, a.textHash().length());
            var e = assertThrows(CalibrationException.class, () -> CalibrationSet.draw("In the beginning", "short.txt", tok, 2, 512, 1));
            assertTrue(e.getMessage().contains("short.txt") && e.getMessage().contains("fewer than one sample of 512"), e.getMessage());
        }
    }

    /**
     * The captured input of layer 0's q/k/v projections equals RMSNorm(embedding) · gamma
     * computed here in float64 from the model's own initializers.
     */
    @Test
    void capturedActivationsEqualAnIndependentComputation() throws Exception {
        ModelFolder f = ModelFolder.open(ShippedModel.dir());
        String text = Files.readString(f.data("calib.txt").orElseThrow());
        CalibrationSet calib;
        try (Tokenizer tok = f.tokenizer()) {
            calib = CalibrationSet.draw(text, "calib.txt", tok, 2, 40, 3);
        }
        Map<String, ActivationStats> stats = ActivationCapture.run(f, List.of(NORM_OUT), calib, 16, OrtOptions.DEFAULT, Progress.NONE);
        ActivationStats s = stats.get(NORM_OUT);
        assertEquals(80, s.seenTokens());
        assertEquals(16, s.sampleTokens()); // 80 tokens, every 5th kept
        try (OnnxModel m = f.loadModel()) {
            Tensor embed = m.initializer("model.embed_tokens.weight").orElseThrow();
            Tensor gamma = m.initializer("model.layers.0.input_layernorm.weight").orElseThrow();
            int k = (int) gamma.numel();
            double[] meanAbs = new double[k];
            int kept = 0;
            for (int i = 0; i < 2; i++)
                for (int t = 0; t < 40; t++) {
                    int id = calib.samples()[i][t];
                    double ss = 0;
                    for (int c = 0; c < k; c++) ss += Math.pow(embed.getFloat((long) id * k + c), 2);
                    double inv = 1 / Math.sqrt(ss / k + 1e-5);
                    double[] row = new double[k];
                    for (int c = 0; c < k; c++) {
                        row[c] = embed.getFloat((long) id * k + c) * inv * gamma.getFloat(c);
                        meanAbs[c] += Math.abs(row[c]) / 80;
                    }
                    if ((i * 40 + t) % 5 == 0) {
                        for (int c = 0; c < k; c++) assertEquals(row[c], s.sample()[kept * k + c], 1e-4 * (1 + Math.abs(row[c])), "row " + kept);
                        kept++;
                    }
                }
            for (int c = 0; c < k; c++) assertEquals(meanAbs[c], s.meanAbs()[c], 1e-4 * (1 + meanAbs[c]), "channel " + c);
        }
        assertArrayEquals(new int[] {256}, new int[] {s.k()});
    }
}
