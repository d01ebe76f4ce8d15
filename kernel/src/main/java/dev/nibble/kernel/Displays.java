package dev.nibble.kernel;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.NumberColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Turns values into Jupyter MIME bundles: a Tablesaw table becomes HTML (and aligned
 * text for consoles), an XChart chart or an image becomes a PNG, anything else its text.
 * Every bundle has text/plain, which the protocol expects as the fallback.
 */
final class Displays {
    static final String TEXT = "text/plain";
    static final String HTML = "text/html";
    static final String PNG = "image/png";
    /** Rows beyond this are elided: a notebook is for reading, the table object keeps them all. */
    static final int MAX_ROWS = 200;

    private Displays() {}

    /** The bundle of a Java value; {@code text} is JShell's own rendering of it. */
    static Map<String, Object> of(Object value, String text) {
        if (value instanceof Table t) return table(t, null);
        if (value instanceof Chart<?, ?> c) return chart(c, null);
        if (value instanceof BufferedImage img) return bundle(TEXT, text, PNG, base64(pngBytes(img)));
        if (value instanceof Rendered r) return of(r).get(0);
        return bundle(TEXT, text);
    }

    /**
     * The bundles of a DSL result. A table and a chart are two displays, because a
     * frontend shows only the richest type of each bundle and HTML outranks PNG.
     */
    static List<Map<String, Object>> of(Rendered r) {
        List<Map<String, Object>> out = new ArrayList<>(2);
        if (r.table() != null) out.add(table(r.table(), r.text()));
        if (r.chart() != null) out.add(chart(r.chart(), out.isEmpty() ? r.text() : null));
        if (out.isEmpty()) out.add(bundle(TEXT, r.text() == null ? "" : r.text()));
        return out;
    }

    static Map<String, Object> table(Table t, String caption) {
        String plain = t.rowCount() <= MAX_ROWS ? t.printAll() : t.print(MAX_ROWS);
        String html = html(t);
        if (caption != null && !caption.isBlank()) {
            plain = caption + "\n" + plain;
            html = "<pre>" + escape(caption) + "</pre>\n" + html;
        }
        return bundle(TEXT, plain, HTML, html);
    }

    static Map<String, Object> chart(Chart<?, ?> chart, String caption) {
        byte[] png;
        try {
            png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String title = chart.getTitle() == null || chart.getTitle().isBlank() ? "chart" : chart.getTitle();
        String plain = caption == null || caption.isBlank() ? "[" + title + "]" : caption;
        return bundle(TEXT, plain, PNG, base64(png));
    }

    /** An HTML table: header row, numbers right-aligned, at most {@link #MAX_ROWS} rows. */
    static String html(Table t) {
        StringBuilder b = new StringBuilder("<table class=\"nibble-table\">\n");
        if (t.name() != null && !t.name().isBlank()) {
            b.append("<caption>").append(escape(t.name())).append("</caption>\n");
        }
        b.append("<thead><tr>");
        for (Column<?> c : t.columns()) b.append("<th>").append(escape(c.name())).append("</th>");
        b.append("</tr></thead>\n<tbody>\n");
        int rows = Math.min(t.rowCount(), MAX_ROWS);
        for (int r = 0; r < rows; r++) {
            b.append("<tr>");
            for (Column<?> c : t.columns()) {
                b.append(c instanceof NumberColumn<?, ?> ? "<td style=\"text-align:right\">" : "<td>")
                        .append(c.isMissing(r) ? "" : escape(c.getString(r)))
                        .append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</tbody>\n</table>\n");
        if (t.rowCount() > rows) {
            b.append("<p>").append(t.rowCount() - rows).append(" more rows of ").append(t.rowCount()).append("</p>\n");
        }
        return b.toString();
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }

    static Map<String, Object> bundle(String... mimeAndData) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < mimeAndData.length; i += 2) m.put(mimeAndData[i], mimeAndData[i + 1]);
        return m;
    }

    private static byte[] pngBytes(BufferedImage img) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
