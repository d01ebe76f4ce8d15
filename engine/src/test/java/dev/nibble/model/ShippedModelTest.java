package dev.nibble.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.nibble.eval.Perplexity;
import dev.nibble.eval.PerplexityResult;
import dev.nibble.eval.PerplexitySettings;
import dev.nibble.eval.PplMode;
import dev.nibble.eval.Progress;
import dev.nibble.runtime.Decoder;
import dev.nibble.runtime.OrtOptions;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped model, run from Java, agrees with what the training script computed in
 * torch (models/tiny-kjv/reference.json): same token ids, same logits, same perplexity.
 */
class ShippedModelTest {
    static ModelFolder folder;
    static Decoder decoder;
    static Tokenizer tokenizer;
    static JsonObject ref;

    @BeforeAll
    static void open() throws Exception {
        folder = ModelFolder.open(ShippedModel.dir());
        decoder = new Decoder(folder, OrtOptions.DEFAULT);
        tokenizer = folder.tokenizer();
        ref = ShippedModel.reference();
    }

    @AfterAll
    static void close() {
        decoder.close();
        tokenizer.close();
    }

    @Test
    void tokenizerGivesTheTrainingScriptsIdsOnTheWholeValidationText() throws Exception {
        String text = Files.readString(folder.data("val.txt").orElseThrow());
        int[] want = Arrays.stream(Files.readString(folder.data("val.ids.txt").orElseThrow()).trim().split("\\s+"))
                .mapToInt(Integer::parseInt).toArray();
        int[] got = tokenizer.encode(text);
        assertEquals(want.length, got.length, "token count");
        for (int i = 0; i < want.length; i++) if (want[i] != got[i]) assertEquals(want[i], got[i], "first difference at token " + i);
        assertEquals(text, tokenizer.decode(got), "decode(encode(text)) gives the text back");
    }

    @Test
    void logitsMatchTorchInOnePassAndTokenByToken() {
        for (JsonElement e : ref.getAsJsonArray("prompts")) {
            JsonObject p = e.getAsJsonObject();
            int[] ids = ints(p.getAsJsonArray("ids"));
            assertArrayEquals(ids, tokenizer.encode(p.get("text").getAsString()), "prompt ids");
            JsonArray top = p.getAsJsonArray("top_logits");
            int v = decoder.vocabSize();

            float[] onePass = decoder.logits(ids);
            decoder.reset();
            float[] stepwise = new float[ids.length * v];
            for (int t = 0; t < ids.length; t++) {
                float[] row = decoder.append(new int[] {ids[t]});
                assertEquals(t + 1, decoder.cached());
                System.arraycopy(row, 0, stepwise, t * v, v);
            }
            decoder.reset();
            double worst = 0;
            for (int t = 0; t < ids.length; t++) {
                JsonArray pos = top.get(t).getAsJsonArray();
                int argmax = 0;
                for (int j = 1; j < v; j++) if (onePass[t * v + j] > onePass[t * v + argmax]) argmax = j;
                assertEquals(pos.get(0).getAsJsonObject().get("id").getAsInt(), argmax, "top-1 at position " + t);
                for (JsonElement x : pos) {
                    int id = x.getAsJsonObject().get("id").getAsInt();
                    double want = x.getAsJsonObject().get("logit").getAsDouble();
                    worst = Math.max(worst, Math.abs(onePass[t * v + id] - want));
                    worst = Math.max(worst, Math.abs(stepwise[t * v + id] - want));
                }
            }
            assertTrue(worst < 1e-4, "max |java - torch| logit difference " + worst + " for '" + p.get("text").getAsString() + "'");
        }
    }

    /**
     * Perplexity with the Hugging Face sliding window (1024/512), computed here in float64
     * from the decoder's logits, equals the training script's figure to four significant digits.
     */
    @Test
    void validationPerplexityMatchesReference() throws Exception {
        JsonObject want = ref.getAsJsonObject("val_ppl");
        int window = want.get("window").getAsInt(), stride = want.get("stride").getAsInt();
        int[] ids = tokenizer.encode(Files.readString(folder.data("val.txt").orElseThrow()));
        assertEquals(want.get("tokens").getAsInt(), ids.length);
        int v = decoder.vocabSize();
        double nll = 0;
        long scored = 0;
        int done = 0; // targets 1..done already scored
        for (int start = 0; done < ids.length - 1; start += stride) {
            int end = Math.min(start + window, ids.length);
            float[] logits = decoder.logits(Arrays.copyOfRange(ids, start, end));
            for (int t = Math.max(done + 1, start + 1); t < end; t++) { // target t, predicted at t-1
                int row = (t - 1 - start) * v;
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < v; j++) max = Math.max(max, logits[row + j]);
                double sum = 0;
                for (int j = 0; j < v; j++) sum += Math.exp(logits[row + j] - max);
                nll += max + Math.log(sum) - logits[row + ids[t]];
                scored++;
            }
            done = end - 1;
        }
        assertEquals(want.get("scored").getAsLong(), scored, "targets scored");
        double ppl = Math.exp(nll / scored), refPpl = want.get("ppl").getAsDouble();
        PerplexityResult engine = Perplexity.evaluate(decoder, ids, new PerplexitySettings(PplMode.HF, window, stride), Progress.NONE);
        System.out.printf("validation perplexity: engine %.5f, this test %.5f, torch %.5f over %d targets%n", engine.ppl(), ppl, refPpl, scored);
        assertEquals(refPpl, ppl, refPpl * 5e-5, "perplexity to four significant digits");
        assertEquals(refPpl, engine.ppl(), refPpl * 5e-5, "the engine's perplexity to four significant digits");
        assertEquals(scored, engine.scored());
    }

    static int[] ints(JsonArray a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).getAsInt();
        return out;
    }
}
