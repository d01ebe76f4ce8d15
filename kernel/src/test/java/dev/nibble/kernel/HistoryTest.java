package dev.nibble.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryTest {
    @Test
    void tailRangeAndGlobSearch() {
        History h = new History();
        h.add(1, "int x = 1;", "");
        h.add(2, "x + 1", "2");
        h.add(3, "x + 1", "2");
        h.add(4, "load a = b", "");
        assertEquals(List.of(3, 4), h.tail(2).stream().map(History.Entry::line).toList());
        assertEquals(List.of(2, 3), h.range(0, 2, 4).stream().map(History.Entry::line).toList());
        assertEquals(2, h.search("x + *", 0, false).size());
        assertEquals(List.of(3), h.search("x + ?", 0, true).stream().map(History.Entry::line).toList());
        assertEquals(1, h.search("*", 1, false).size());
        assertEquals(0, h.search("x+1", 0, false).size());
    }
}
