package dev.nibble.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.awt.image.BufferedImage;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

class DisplaysTest {
    @Test
    void aTableIsEscapedHtmlWithNumbersRightAlignedAndText() {
        Map<String, Object> b = Displays.of(FakeDsl.results(), "ignored");
        String html = (String) b.get("text/html");
        assertTrue(html.startsWith("<table class=\"nibble-table\">\n<caption>results</caption>"), html);
        assertTrue(html.contains("<td>q4 &lt;int4&gt;</td><td style=\"text-align:right\">13.25</td>"), html);
        assertTrue(((String) b.get("text/plain")).contains("q4 <int4>"));
    }

    @Test
    void longTablesAreCutForReading() {
        Table t = Table.create("n", IntColumn.indexColumn("i", Displays.MAX_ROWS + 5, 0));
        String html = Displays.html(t);
        assertEquals(Displays.MAX_ROWS, html.split("<tr>", -1).length - 2);
        assertTrue(html.contains("5 more rows of 205"));
    }

    @Test
    void aChartIsAPngOfItsSize() throws Exception {
        Map<String, Object> b = Displays.of(FakeDsl.chart(), "ignored");
        byte[] png = Base64.getDecoder().decode((String) b.get("image/png"));
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(320, img.getWidth());
        assertEquals("[ppl]", b.get("text/plain"));
    }

    @Test
    void aResultWithTableAndChartIsTwoDisplays() {
        List<Map<String, Object>> b = Displays.of(new Rendered("both", FakeDsl.results(), FakeDsl.chart()));
        assertEquals(2, b.size());
        assertTrue(((String) b.get(0).get("text/html")).startsWith("<pre>both</pre>"));
        assertTrue(b.get(1).containsKey("image/png"));
        assertEquals(Map.of("text/plain", "plain"), Displays.of(Rendered.text("plain")).get(0));
    }

    @Test
    void otherValuesAreTheirText() {
        assertEquals(Map.of("text/plain", "\"s\""), Displays.of("s", "\"s\""));
    }
}
