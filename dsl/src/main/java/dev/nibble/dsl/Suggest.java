package dev.nibble.dsl;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "did you mean ...?" for misspelt keywords, options and model names. */
final class Suggest {
    private Suggest() {}

    /**
     * The candidate closest to {@code typed} by edit distance with transpositions
     * ("evla" is one step from "eval"), if it is close enough to be a likely typo: at most
     * one edit for words up to 4 letters, two for longer ones. Case is ignored. First
     * candidate wins a tie, so callers list the common words first.
     */
    static Optional<String> closest(String typed, Collection<String> candidates) {
        String t = typed.toLowerCase(Locale.ROOT);
        int limit = t.length() <= 4 ? 1 : 2;
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(t, c.toLowerCase(Locale.ROOT));
            if (d < bestD) {
                best = c;
                bestD = d;
            }
        }
        return best != null && bestD <= limit ? Optional.of(best) : Optional.empty();
    }

    /** "; did you mean 'x'?" or "". */
    static String hint(String typed, Collection<String> candidates) {
        return closest(typed, candidates).map(c -> "; did you mean '" + c + "'?").orElse("");
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int x = 0; x <= a.length(); x++) d[x][0] = x;
        for (int y = 0; y <= b.length(); y++) d[0][y] = y;
        for (int x = 1; x <= a.length(); x++) {
            for (int y = 1; y <= b.length(); y++) {
                int cost = a.charAt(x - 1) == b.charAt(y - 1) ? 0 : 1;
                d[x][y] = Math.min(Math.min(d[x - 1][y] + 1, d[x][y - 1] + 1), d[x - 1][y - 1] + cost);
                if (x > 1 && y > 1 && a.charAt(x - 1) == b.charAt(y - 2) && a.charAt(x - 2) == b.charAt(y - 1))
                    d[x][y] = Math.min(d[x][y], d[x - 2][y - 2] + 1);
            }
        }
        return d[a.length()][b.length()];
    }
}
