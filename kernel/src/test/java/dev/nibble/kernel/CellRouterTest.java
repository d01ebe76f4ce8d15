package dev.nibble.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nibble.kernel.CellRouter.Kind;
import org.junit.jupiter.api.Test;

class CellRouterTest {
    private final DslEngine dsl = new NibbleDsl();

    private Kind kind(String cell) {
        return CellRouter.route(cell, dsl).kind();
    }

    @Test
    void aLeadingDslKeywordMakesADslCell() {
        assertEquals(Kind.DSL, kind("load base = models/tiny-kjv"));
        assertEquals(Kind.DSL, kind("\n# compare\n\neval ppl base, q4\ntable ppl"));
        assertEquals(Kind.DSL, kind("show"));
    }

    @Test
    void javaThatUsesAKeywordAsANameStaysJava() {
        assertEquals(Kind.JAVA, kind("table.print()"));
        assertEquals(Kind.JAVA, kind("set = new HashSet<>();"));
        assertEquals(Kind.JAVA, kind("plot (1);"));
        assertEquals(Kind.JAVA, kind("int load = 3;"));
        assertEquals(Kind.JAVA, kind("// a comment\nSystem.out.println(1);"));
        assertEquals(Kind.JAVA, kind(""));
    }

    @Test
    void magicsForceTheLanguageAndKeepOffsets() {
        CellRouter.Cell dslCell = CellRouter.route("%%nibble\nfoo bar", dsl);
        assertEquals(Kind.DSL, dslCell.kind());
        assertEquals("        \nfoo bar", dslCell.code());
        assertEquals(Kind.JAVA, kind("  %%java\nload x = y"));
    }
}
