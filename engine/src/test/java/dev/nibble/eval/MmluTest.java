package dev.nibble.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MmluTest {
    @TempDir
    Path dir;

    private static final int[] LETTERS = {4, 5, 6, 7}; // token ids of " A", " B", " C", " D"

    private void write(String file, String text) throws IOException {
        Path path = dir.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text);
    }

    /** Two subjects: high_school_alpha (2 questions, answers B and C) and beta (1 question, answer D). */
    private void writeFixture() throws IOException {
        write("dev/high_school_alpha_dev.csv",
                "\"What is 1+1, in base \"\"two\"\"?\",10,11,2,0,A\r\n\"A question\nover two lines\",x,y,z,w,D\r\n");
        write("test/high_school_alpha_test.csv", "Which letter is second?,a,b,c,d,B\nPick C,a,b,c,d,C\n");
        write("dev/beta_dev.csv", "d1,1,2,3,4,A\nd2,1,2,3,4,B\n");
        write("test/beta_test.csv", "Last one?,p,q,r,s,D");
    }

    /**
     * One token (id 0) per character, except the last token, which marks the test question
     * the prompt ends with (1, 2, 3) so the fake model knows which logits to give. Records
     * every prompt it is asked to encode.
     */
    private static final class Encoder implements TextEncoder {
        final List<String> prompts = new ArrayList<>();

        @Override
        public int[] encode(String text) {
            prompts.add(text);
            int[] ids = new int[text.length()];
            ids[ids.length - 1] = text.contains("Which letter is second?") ? 1 : text.contains("Pick C") ? 2 : 3;
            return ids;
        }
    }

    /** Last-position logits per marker, over a vocabulary of 8 (ids 4..7 are the letters). */
    private static final float[][] LAST_ROW = {
            null,
            {9, 0, 0, 0, 1.0f, 3.0f, 2.0f, 0.5f}, // Q1: B highest (id 0's 9 is not a letter) -> B, right
            {0, 0, 0, 0, 2.0f, 2.0f, 1.0f, 0.0f}, // Q2: A and B tie -> A (first), answer C: wrong
            {0, 0, 0, 0, 0.1f, 0.2f, 0.3f, 5.0f}, // Q3: D, right
    };

    private static final LogitsModel MODEL = new LogitsModel() {
        @Override
        public int vocabSize() {
            return 8;
        }

        @Override
        public float[][] forward(int[] ids) {
            float[][] logits = new float[ids.length][8];
            logits[ids.length - 1] = LAST_ROW[ids[ids.length - 1]].clone();
            return logits;
        }
    };

    @Test
    void scoresByHand() throws IOException {
        writeFixture();
        Encoder encoder = new Encoder();
        MmluResult r = Mmlu.evaluate(MODEL, MmluDataset.load(dir), encoder, LETTERS, new MmluSettings(2, 2048),
                Progress.NONE);
        // beta sorts before high_school_alpha: beta 1/1 right; alpha Q1 right, Q2 wrong
        assertEquals(List.of(new MmluResult.SubjectScore("beta", 1, 1, 100.0),
                new MmluResult.SubjectScore("high_school_alpha", 2, 1, 50.0)), r.subjects());
        assertEquals(3, r.questions());
        assertEquals(2, r.correct());
        assertEquals(100.0 * 2 / 3, r.accuracyPct(), 1e-12); // over questions, not the mean of 100 and 50
        assertEquals(0, r.shortened());
        assertEquals(2, r.shots());
        assertEquals(3, encoder.prompts.size());
        assertEquals("The following are multiple choice questions (with answers) about high school alpha.\n\n"
                + "What is 1+1, in base \"two\"?\nA. 10\nB. 11\nC. 2\nD. 0\nAnswer: A\n\n"
                + "A question\nover two lines\nA. x\nB. y\nC. z\nD. w\nAnswer: D\n\n"
                + "Which letter is second?\nA. a\nB. b\nC. c\nD. d\nAnswer:", encoder.prompts.get(1));
        assertEquals("The following are multiple choice questions (with answers) about beta.\n\n"
                + "d1\nA. 1\nB. 2\nC. 3\nD. 4\nAnswer: A\n\n"
                + "d2\nA. 1\nB. 2\nC. 3\nD. 4\nAnswer: B\n\n"
                + "Last one?\nA. p\nB. q\nC. r\nD. s\nAnswer:", encoder.prompts.get(0));
    }

    @Test
    void zeroShotPromptHasOnlyTheHeaderAndQuestion() {
        MmluQuestion q = new MmluQuestion("Q?", List.of("1", "2", "3", "4"), 2, "x:1");
        assertEquals("The following are multiple choice questions (with answers) about a b.\n\n"
                + "Q?\nA. 1\nB. 2\nC. 3\nD. 4\nAnswer:", MmluPrompt.build("a_b", List.of(), q));
    }

    @Test
    void promptsTooLongForTheContextDropShotsThenGetCut() throws IOException {
        writeFixture();
        MmluDataset data = MmluDataset.load(dir);
        MmluDataset.Subject alpha = data.subjects().get(1);
        MmluQuestion q1 = alpha.test().get(0);
        int oneShot = MmluPrompt.build(alpha.name(), alpha.dev().subList(0, 1), q1).length();
        MmluDataset onlyQ1 = new MmluDataset(dir, List.of(new MmluDataset.Subject(alpha.name(), alpha.dev(),
                List.of(q1))));
        Encoder encoder = new Encoder();
        MmluResult r = Mmlu.evaluate(MODEL, onlyQ1, encoder, LETTERS, new MmluSettings(2, oneShot), Progress.NONE);
        assertEquals(2, encoder.prompts.size()); // 2-shot was too long, 1-shot fits exactly
        assertEquals(MmluPrompt.build(alpha.name(), alpha.dev().subList(0, 1), q1), encoder.prompts.get(1));
        assertEquals(1, r.shortened());
        assertEquals(1, r.correct());

        // a limit of 10 tokens: even 0-shot is too long; the last 10 tokens are kept, marker included
        Encoder cut = new Encoder();
        MmluResult all = Mmlu.evaluate(MODEL, data, cut, LETTERS, new MmluSettings(2, 10), Progress.NONE);
        assertEquals(3, all.shortened());
        assertEquals(2, all.correct());
        assertEquals(9, cut.prompts.size()); // 2-, 1- and 0-shot for each of 3 questions
    }

    @Test
    void malformedRowsNameFileAndLine() throws IOException {
        write("test/bad_test.csv", "\"fine,\nquestion\",a,b,c,d,A\nshort,a,b,c,D\n");
        EvalException fields = assertThrows(EvalException.class, () -> MmluDataset.load(dir));
        assertTrue(fields.getMessage().endsWith(
                "bad_test.csv:3: expected 6 fields (question, A, B, C, D, answer) but found 5"), fields.getMessage());
        assertTrue(fields.getMessage().startsWith(dir.toString()), fields.getMessage());

        write("test/bad_test.csv", "q,a,b,c,d,A\nq,a,b,c,d,E\n");
        EvalException letter = assertThrows(EvalException.class, () -> MmluDataset.load(dir));
        assertTrue(letter.getMessage().endsWith("bad_test.csv:2: the answer must be one of A, B, C, D but is \"E\""),
                letter.getMessage());
    }

    @Test
    void tooFewDevRowsMissingFolderAndBadLetterIdsAreClearErrors() throws IOException {
        writeFixture();
        MmluDataset data = MmluDataset.load(dir);
        EvalException shots = assertThrows(EvalException.class,
                () -> Mmlu.evaluate(MODEL, data, new Encoder(), LETTERS, new MmluSettings(5, 2048), Progress.NONE));
        assertEquals(dir.resolve("dev").resolve("beta_dev.csv") + " has 2 questions; 5-shot prompts need 5 "
                + "(ask for fewer shots)", shots.getMessage());
        assertThrows(EvalException.class, () -> MmluDataset.load(dir.resolve("nowhere")));
        assertThrows(EvalException.class, () -> Mmlu.evaluate(MODEL, data, new Encoder(), new int[]{4, 5, 6, 8},
                MmluSettings.DEFAULT, Progress.NONE));
        assertThrows(EvalException.class, () -> Mmlu.evaluate(MODEL, data, new Encoder(), new int[]{4, 4, 6, 7},
                MmluSettings.DEFAULT, Progress.NONE));
    }
}
