package dev.nibble.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nibble.eval.Progress;
import dev.nibble.model.ModelFolder;
import dev.nibble.model.ShippedModel;
import dev.nibble.model.Tokenizer;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GenerationBenchTest {
    @Test
    void greedyTokensWithTheCacheEqualArgmaxesOfFullPasses() throws Exception {
        ModelFolder f = ModelFolder.open(ShippedModel.dir());
        int[] prompt;
        try (Tokenizer tok = f.tokenizer()) {
            prompt = tok.encode(Files.readString(f.data("val.txt").orElseThrow()).substring(0, 2000));
        }
        var s = new GenerationBench.Settings(16, 8, 0, 1);
        GenerationBench.Result r = GenerationBench.run(f, prompt, s, OrtOptions.DEFAULT, Progress.NONE);
        assertTrue(r.prefillTokS() > 0 && r.decodeTokS() > 0);
        assertTrue(r.peakRssBytes() > 10L << 20, "peak RSS " + r.peakRssBytes());
        assertEquals(Files.size(f.modelFile()) + Files.size(f.dir().resolve("model.onnx.data")), r.modelBytes());

        // the independent path: no cache, one full pass per generated token
        try (Decoder d = new Decoder(f, OrtOptions.DEFAULT)) {
            int v = d.vocabSize();
            int[] seq = Arrays.copyOf(prompt, 16);
            for (int g = 0; g < 8; g++) {
                float[] logits = d.logits(seq);
                int best = 0;
                for (int j = 1; j < v; j++) if (logits[(seq.length - 1) * v + j] > logits[(seq.length - 1) * v + best]) best = j;
                assertEquals(best, r.generated()[g], "generated token " + g);
                seq = Arrays.copyOf(seq, seq.length + 1);
                seq[seq.length - 1] = best;
            }
        }
    }

    @Test
    void kvCacheDecodeGivesTheLogitsOfOneFullPass() {
        ModelFolder f = ModelFolder.open(ShippedModel.dir());
        int[] ids = {5, 300, 42, 7, 1000, 12, 99, 3, 4000, 17, 256, 1};
        try (Decoder d = new Decoder(f, OrtOptions.DEFAULT)) {
            int v = d.vocabSize();
            float[] full = d.logits(ids);
            d.reset();
            float[] first = d.append(Arrays.copyOf(ids, 5)); // a prefill of 5, then steps of 1, 2 and 4 tokens
            float[] rest1 = d.append(Arrays.copyOfRange(ids, 5, 6));
            float[] rest2 = d.append(Arrays.copyOfRange(ids, 6, 8));
            float[] rest3 = d.append(Arrays.copyOfRange(ids, 8, 12));
            float[] stitched = new float[full.length];
            int at = 0;
            for (float[] part : new float[][] {first, rest1, rest2, rest3}) {
                System.arraycopy(part, 0, stitched, at, part.length);
                at += part.length;
            }
            assertEquals(full.length, at);
            double worst = 0;
            for (int i = 0; i < full.length; i++) worst = Math.max(worst, Math.abs(full[i] - stitched[i]));
            assertTrue(worst < 1e-4, "max difference " + worst + " over " + ids.length + " x " + v);
        }
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new GenerationBench.Settings(0, 256, 1, 1));
        var e = assertThrows(IllegalArgumentException.class, () -> GenerationBench.run(ModelFolder.open(ShippedModel.dir()), new int[3],
                GenerationBench.Settings.DEFAULT, OrtOptions.DEFAULT, Progress.NONE));
        assertTrue(e.getMessage().contains("3 tokens"), e.getMessage());
    }
}
