package dev.nibble.bench;

import java.util.ArrayList;
import java.util.List;

/** A small table printed as GitHub markdown with padded columns, so it reads in a terminal and pastes into docs. */
final class Table {
    private final String title;
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    Table(String title, String... header) {
        this.title = title;
        this.header = List.of(header);
    }

    Table row(Object... cells) {
        if (cells.length != header.size()) throw new IllegalArgumentException("row has " + cells.length + " cells, header " + header.size());
        List<String> r = new ArrayList<>();
        for (Object c : cells) r.add(String.valueOf(c));
        rows.add(r);
        return this;
    }

    void print() {
        int[] w = new int[header.size()];
        for (int i = 0; i < w.length; i++) w[i] = Math.max(3, header.get(i).length());
        for (List<String> r : rows) for (int i = 0; i < w.length; i++) w[i] = Math.max(w[i], r.get(i).length());
        StringBuilder sb = new StringBuilder("\n### ").append(title).append("\n\n");
        line(sb, header, w);
        sb.append('|');
        for (int x : w) sb.append(' ').append("-".repeat(x)).append(" |");
        sb.append('\n');
        for (List<String> r : rows) line(sb, r, w);
        System.out.print(sb);
        System.out.flush();
    }

    private static void line(StringBuilder sb, List<String> cells, int[] w) {
        sb.append('|');
        for (int i = 0; i < w.length; i++) sb.append(' ').append(pad(cells.get(i), w[i], i > 0)).append(" |");
        sb.append('\n');
    }

    /** Text left-aligned in the first column, right-aligned (numbers) elsewhere. */
    private static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(width - s.length());
        return right ? fill + s : s + fill;
    }

    // ---- number formats shared by every benchmark ----

    static String f(double v, int decimals) {
        return String.format(java.util.Locale.ROOT, "%." + decimals + "f", v);
    }

    static String ratio(double v) {
        return f(v, 2) + "x";
    }

    static String pct(double v) {
        return (v >= 0 ? "+" : "") + f(v, 1) + " %";
    }

    static String mb(long bytes) {
        return bytes < 0 ? "n/a" : f(bytes / 1e6, 1);
    }
}
