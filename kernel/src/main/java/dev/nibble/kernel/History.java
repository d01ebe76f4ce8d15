package dev.nibble.kernel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The cells this kernel ran, for Jupyter's history requests (tail, range, glob search).
 * In memory only: one session per kernel process, numbered {@link #SESSION}.
 */
public final class History {
    public static final int SESSION = 1;

    /** One executed cell; {@code output} is its result's plain text, or "" without one. */
    public record Entry(int session, int line, String input, String output) {}

    private final List<Entry> entries = new ArrayList<>();

    public synchronized void add(int line, String input, String output) {
        entries.add(new Entry(SESSION, line, input, output == null ? "" : output));
    }

    /** The last {@code n} entries (all of them for n <= 0). */
    public synchronized List<Entry> tail(int n) {
        return List.copyOf(n <= 0 || n >= entries.size() ? entries : entries.subList(entries.size() - n, entries.size()));
    }

    /** Lines start <= line < stop of a session (0 means this one; stop <= 0 means to the end). */
    public synchronized List<Entry> range(int session, int start, int stop) {
        if (session != 0 && session != SESSION) return List.of();
        return entries.stream().filter(e -> e.line() >= start && (stop <= 0 || e.line() < stop)).toList();
    }

    /**
     * Entries whose input matches a glob ({@code *}, {@code ?}), the last {@code n} of them
     * (all for n <= 0); with {@code unique}, each input once, at its latest position.
     */
    public synchronized List<Entry> search(String glob, int n, boolean unique) {
        Pattern p = Pattern.compile(globToRegex(glob), Pattern.DOTALL);
        List<Entry> hits = entries.stream().filter(e -> p.matcher(e.input()).matches()).toList();
        if (unique) {
            Map<String, Entry> latest = new LinkedHashMap<>();
            for (Entry e : hits) {
                latest.remove(e.input());
                latest.put(e.input(), e);
            }
            hits = List.copyOf(latest.values());
        }
        return n <= 0 || n >= hits.size() ? hits : hits.subList(hits.size() - n, hits.size());
    }

    static String globToRegex(String glob) {
        StringBuilder b = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> b.append(".*");
                case '?' -> b.append('.');
                default -> b.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return b.toString();
    }
}
