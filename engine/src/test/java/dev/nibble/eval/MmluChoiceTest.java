package dev.nibble.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Choice (cloze) scoring computed by hand: a bigram fake model over characters. */
class MmluChoiceTest {
    @TempDir Path dir;
    static final int V = 128;
    static final float[][] BIGRAM = new float[V][V];

    static {
        Random r = new Random(9);
        for (float[] row : BIGRAM) for (int j = 0; j < V; j++) row[j] = (float) (r.nextGaussian() * 3);
    }

    /** One token per character (its ASCII code). */
    static final TextEncoder ENC = text -> text.chars().toArray();

    /** Logits at position t depend only on token t. */
    static final LogitsModel MODEL = new LogitsModel() {
        public int vocabSize() { return V; }

        public float[][] forward(int[] ids) {
            float[][] out = new float[ids.length][];
            for (int t = 0; t < ids.length; t++) out[t] = BIGRAM[ids[t]].clone();
            return out;
        }
    };

    /** Σ log p(choice chars | previous char), in float64, written here. */
    static double score(String prompt, String choice) {
        String full = prompt + " " + choice;
        double sum = 0;
        for (int t = prompt.length(); t < full.length(); t++) {
            float[] row = BIGRAM[full.charAt(t - 1)];
            double max = Double.NEGATIVE_INFINITY, z = 0;
            for (float x : row) max = Math.max(max, x);
            for (float x : row) z += Math.exp(x - max);
            sum += row[full.charAt(t)] - max - Math.log(z);
        }
        return sum;
    }

    @Test
    void picksTheChoiceWithTheHighestTotalLogProbability() throws Exception {
        Files.createDirectories(dir.resolve("dev"));
        Files.createDirectories(dir.resolve("test"));
        Files.writeString(dir.resolve("dev/psalms_dev.csv"), "the lord is my,shepherd,river,seven,kine,A\n");
        List<String[]> rows = List.of(
                new String[] {"and he said unto", "them", "river", "bread", "Moses", "A"},
                new String[] {"in the beginning", "God", "corn", "was", "dream", "C"},
                new String[] {"behold the", "land", "seven", "lamb", "kine", "D"});
        StringBuilder test = new StringBuilder();
        for (String[] r : rows) test.append(String.join(",", r)).append('\n');
        Files.writeString(dir.resolve("test/psalms_test.csv"), test.toString());

        MmluResult r = Mmlu.evaluate(MODEL, MmluDataset.load(dir), ENC, null,
                new MmluSettings(1, 2048, MmluSettings.Scoring.CHOICE), Progress.NONE);
        int right = 0;
        String shot = "the lord is my shepherd\n\n";
        for (String[] row : rows) {
            int best = 0;
            for (int c = 1; c < 4; c++) if (score(shot + row[0], row[1 + c]) > score(shot + row[0], row[1 + best])) best = c;
            if ("ABCD".charAt(best) == row[5].charAt(0)) right++;
        }
        assertEquals(3, r.questions());
        assertEquals(right, r.correct());
        assertTrue(right > 0 && right < 3, "the fixture should have both outcomes; got " + right);
    }
}
