package dev.nibble.dsl;

import dev.nibble.model.ModelFolder;
import dev.nibble.model.Tokenizer;
import dev.nibble.runtime.Decoder;
import dev.nibble.runtime.OrtOptions;
import java.util.Arrays;

/**
 * Perplexity computed here, independently of dev.nibble.eval: the Hugging Face sliding
 * window written out from its definition (window i covers [i·S, i·S+W); each token 1..N-1
 * scored once, by the first window that contains it with context), log-softmax in float64
 * over the decoder's raw logits.
 */
public final class Reference {
    private Reference() {}

    public static double perplexity(ModelFolder folder, String text, int window, int stride) {
        int[] ids;
        try (Tokenizer tok = folder.tokenizer()) {
            ids = tok.encode(text);
        }
        try (Decoder d = new Decoder(folder, OrtOptions.DEFAULT)) {
            int v = d.vocabSize();
            double nll = 0;
            long scored = 0;
            int prevEnd = 0;
            for (int start = 0; start < ids.length; start += stride) {
                int end = Math.min(start + window, ids.length);
                float[] logits = d.logits(Arrays.copyOfRange(ids, start, end));
                for (int t = Math.max(prevEnd, start + 1); t < end; t++) {
                    int row = (t - 1 - start) * v;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int k = 0; k < v; k++) max = Math.max(max, logits[row + k]);
                    double sum = 0;
                    for (int k = 0; k < v; k++) sum += Math.exp(logits[row + k] - max);
                    nll += max + Math.log(sum) - logits[row + ids[t]];
                    scored++;
                }
                prevEnd = end;
                if (end == ids.length) break;
            }
            return Math.exp(nll / scored);
        }
    }
}
