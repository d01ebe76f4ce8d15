package dev.nibble.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowsTest {
    private static List<Integer> targets(List<Window> windows) {
        List<Integer> out = new ArrayList<>();
        for (Window w : windows) {
            for (int t = w.firstTarget(); t < w.end(); t++) {
                out.add(t);
            }
        }
        return out;
    }

    private static List<Window> plan(int n, PplMode mode, int w, int s) {
        return Windows.plan(n, new PerplexitySettings(mode, w, s));
    }

    @Test
    void hfOnElevenTokensWindowFourStrideTwo() {
        // windows start at 0,2,4,6,8; the one starting at 8 is cut at 11 and is the last.
        // first window scores 1,2,3; each later one the targets past the previous end.
        List<Window> windows = plan(11, PplMode.HF, 4, 2);
        assertEquals(List.of(new Window(0, 4, 1), new Window(2, 6, 4), new Window(4, 8, 6),
                new Window(6, 10, 8), new Window(8, 11, 10)), windows);
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), targets(windows));
    }

    @Test
    void chunkedOnElevenTokensWindowFourStrideTwo() {
        // same windows; only predictions inside the last chunk of 2 count: [0,4) -> 3,
        // [2,6) -> 5, [4,8) -> 7, [6,10) -> 9; [8,11) has a last chunk of 1 token
        // (end 11 - previous end 10) and scores nothing, so it is not run.
        List<Window> windows = plan(11, PplMode.CHUNKED, 4, 2);
        assertEquals(List.of(new Window(0, 4, 3), new Window(2, 6, 5), new Window(4, 8, 7),
                new Window(6, 10, 9)), windows);
        assertEquals(List.of(3, 5, 7, 9), targets(windows));
    }

    @Test
    void llamacppOnElevenTokensWindowFour() {
        // floor(11/4) = 2 windows [0,4), [4,8); first = 4/2 = 2, so each scores the
        // predictions from rows 2..2, i.e. targets start+3: 3 and 7. Tokens 8..10 dropped.
        List<Window> windows = plan(11, PplMode.LLAMACPP, 4, 999);
        assertEquals(List.of(new Window(0, 4, 3), new Window(4, 8, 7)), windows);
        assertEquals(List.of(3, 7), targets(windows));
    }

    @Test
    void llamacppScoresWMinusOneMinusHalfW() {
        // W = 1024 -> 511 per window, as llama.cpp's "n_ctx - first - 1"
        List<Window> windows = plan(3000, PplMode.LLAMACPP, 1024, 512);
        assertEquals(2, windows.size());
        assertEquals(List.of(1024 + 513, 2048), List.of(windows.get(1).firstTarget(), windows.get(1).end()));
        assertEquals(511, windows.get(0).scored());
        assertEquals(1024, new PerplexitySettings(PplMode.LLAMACPP, 1024, 512).stride());
    }

    @Test
    void hfScoresEveryTokenOnceForManyShapes() {
        int[][] cases = {{2, 4, 2}, {3, 1024, 512}, {11, 4, 2}, {11, 4, 3}, {11, 5, 1}, {12, 4, 2}, {100, 16, 5},
                {17, 16, 15}, {1024, 1024, 512}, {1025, 1024, 512}, {3000, 1024, 512}, {50, 7, 6}};
        for (int[] c : cases) {
            int n = c[0];
            List<Window> windows = plan(n, PplMode.HF, c[1], c[2]);
            List<Integer> expected = new ArrayList<>();
            for (int t = 1; t < n; t++) {
                expected.add(t);
            }
            assertEquals(expected, targets(windows), "N=" + n + " W=" + c[1] + " S=" + c[2]);
            for (Window w : windows) {
                assertTrue(w.length() <= c[1] && w.start() % c[2] == 0, w.toString());
            }
            assertEquals(n, windows.get(windows.size() - 1).end());
        }
    }

    @Test
    void hfWithStrideEqualToWindowSkipsEachLaterWindowsFirstToken() {
        // as Hugging Face's loop does: token 4 and 8 have no context inside their window
        assertEquals(List.of(1, 2, 3, 5, 6, 7, 9, 10), targets(plan(11, PplMode.HF, 4, 4)));
    }

    @Test
    void shortTextIsOneShortWindow() {
        assertEquals(List.of(new Window(0, 5, 1)), plan(5, PplMode.HF, 1024, 512));
        // chunked: last chunk = min(5, 512) = all 5 tokens -> targets 1..4
        assertEquals(List.of(new Window(0, 5, 1)), plan(5, PplMode.CHUNKED, 1024, 512));
        assertEquals(List.of(new Window(0, 2, 1)), plan(2, PplMode.HF, 1024, 512));
    }

    @Test
    void klLayoutIsNonOverlappingWindowsScoringAllTheirTargets() {
        assertEquals(List.of(new Window(0, 4, 1), new Window(4, 8, 5), new Window(8, 11, 9)),
                Windows.nonOverlapping(11, 4));
        // a last window of one token would score nothing: dropped
        assertEquals(List.of(new Window(0, 4, 1), new Window(4, 8, 5)), Windows.nonOverlapping(9, 4));
    }

    @Test
    void tooShortTextsAreClearErrors() {
        EvalException one = assertThrows(EvalException.class, () -> plan(1, PplMode.HF, 1024, 512));
        assertEquals("text has 1 token; perplexity needs at least 2 (one token to predict from, one to predict)",
                one.getMessage());
        assertThrows(EvalException.class, () -> plan(0, PplMode.CHUNKED, 1024, 512));
        assertThrows(EvalException.class, () -> Windows.nonOverlapping(1, 1024));
        EvalException llama = assertThrows(EvalException.class, () -> plan(812, PplMode.LLAMACPP, 1024, 512));
        assertEquals("text has 812 tokens; llamacpp mode needs at least one full window of 1024", llama.getMessage());
    }

    @Test
    void badSettingsAreClearErrors() {
        assertThrows(EvalException.class, () -> new PerplexitySettings(PplMode.HF, 4, 5));
        assertThrows(EvalException.class, () -> new PerplexitySettings(PplMode.HF, 4, 0));
        assertThrows(EvalException.class, () -> new PerplexitySettings(PplMode.HF, 1, 1));
        assertThrows(EvalException.class, () -> new PerplexitySettings(PplMode.CHUNKED, 4, 1));
        assertThrows(EvalException.class, () -> new PerplexitySettings(PplMode.LLAMACPP, 2, 2));
        assertEquals(PplMode.LLAMACPP, PplMode.parse(" LlamaCpp"));
        EvalException e = assertThrows(EvalException.class, () -> PplMode.parse("hugging"));
        assertEquals("unknown perplexity mode 'hugging'; expected one of hf, chunked, llamacpp", e.getMessage());
    }
}
