package dev.nibble.quant;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class MixedPrecisionTest {

    /** onnxruntime-genai names: q, k, v, o, gate, up, down per layer, plus the LM head. */
    static List<String> genai(int layers) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            for (String p : new String[] {"q", "k", "v", "o"}) names.add("/model/layers." + i + "/attn/" + p + "_proj/MatMul");
            for (String p : new String[] {"gate", "up", "down"}) names.add("/model/layers." + i + "/mlp/" + p + "_proj/MatMul");
        }
        names.add("/lm_head/MatMul");
        return names;
    }

    static Set<Integer> int8Layers(MixedPrecision.Plan plan, String role) {
        Set<Integer> layers = new TreeSet<>();
        for (String node : plan.int8Nodes()) {
            MixedPrecision.NodeRole r = MixedPrecision.parse(node).orElseThrow();
            if (node.contains(role)) layers.add(r.layer());
        }
        return layers;
    }

    static void assertPicks(String rule, int layers, Set<Integer> want) {
        List<String> names = genai(layers);
        Collections.shuffle(names, new Random(layers)); // the order given must not matter
        MixedPrecision.Plan plan = MixedPrecision.plan(rule, names);
        assertEquals(want, int8Layers(plan, "v_proj"), rule + " n=" + layers + " v");
        assertEquals(want, int8Layers(plan, "down_proj"), rule + " n=" + layers + " down");
        assertEquals(2 * want.size(), plan.int8Nodes().size(), "only v and down projections are promoted");
    }

    // Expected lists derived by hand from the rule texts.
    // mixed: e = n//8; first e, last e, and e, e+3, e+6, ... below n-e.
    @Test
    void mixedPicksModelOptLayers() {
        assertPicks("mixed", 8, Set.of(0, 1, 4, 7));
        assertPicks("mixed", 24, Set.of(0, 1, 2, 3, 6, 9, 12, 15, 18, 21, 22, 23));
        assertPicks("mixed", 32, Set.of(0, 1, 2, 3, 4, 7, 10, 13, 16, 19, 22, 25, 28, 29, 30, 31));
    }

    // mixed-kquant: i < n/8, i >= 7n/8, (i - n/8) % 3 == 2.
    @Test
    void mixedKquantPicksLlamaCppLayers() {
        assertPicks("mixed-kquant", 8, Set.of(0, 3, 6, 7));
        assertPicks("mixed-kquant", 24, Set.of(0, 1, 2, 5, 8, 11, 14, 17, 20, 21, 22, 23));
        assertPicks("mixed-kquant", 32, Set.of(0, 1, 2, 3, 6, 9, 12, 15, 18, 21, 24, 27, 28, 29, 30, 31));
    }

    @Test
    void optimumGpt2AndFusedNamesAreRecognised() {
        List<String> optimum = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            optimum.add("/model/layers." + i + "/self_attn/v_proj/MatMul");
            optimum.add("/model/layers." + i + "/self_attn/o_proj/MatMul");
            optimum.add("/model/layers." + i + "/mlp/down_proj/MatMul");
        }
        MixedPrecision.Plan p = MixedPrecision.plan("mixed", optimum);
        assertEquals(Set.of(0, 1, 4, 7), int8Layers(p, "v_proj"));
        assertEquals(Set.of(0, 1, 4, 7), int8Layers(p, "down_proj"));

        List<String> gpt2 = new ArrayList<>();
        for (int i = 0; i < 8; i++)
            for (String s : new String[] {"attn/c_attn", "attn/c_proj", "mlp/c_fc", "mlp/c_proj"})
                gpt2.add("/transformer/h." + i + "/" + s + "/MatMul");
        MixedPrecision.Plan g = MixedPrecision.plan("mixed-kquant", gpt2);
        assertEquals(Set.of(0, 3, 6, 7), int8Layers(g, "attn/c_attn"));
        assertEquals(Set.of(0, 3, 6, 7), int8Layers(g, "mlp/c_proj"));
        assertEquals(Set.of(), int8Layers(g, "attn/c_proj"));
        assertEquals(MixedPrecision.Role.DOWN, MixedPrecision.parse("/transformer/h.2/mlp/c_proj/MatMul").orElseThrow().role());
        assertEquals(MixedPrecision.Role.OTHER, MixedPrecision.parse("/transformer/h.2/attn/c_proj/MatMul").orElseThrow().role());

        var qkv = MixedPrecision.parse("/model/layers.5/attn/qkv_proj/MatMul").orElseThrow();
        assertEquals(5, qkv.layer());
        assertEquals(MixedPrecision.Role.QKV, qkv.role());
        var blocks = MixedPrecision.parse("/blocks.12/attn/v/MatMul_1").orElseThrow();
        assertEquals(12, blocks.layer());
        assertEquals(MixedPrecision.Role.VALUE, blocks.role());
        assertEquals(MixedPrecision.Role.DOWN, MixedPrecision.parse("model.layers.3.mlp.down_proj.weight").orElseThrow().role());
        assertTrue(MixedPrecision.parse("/lm_head/MatMul").isEmpty());
    }

    @Test
    void reasonsNameLayerRoleAndRule() {
        MixedPrecision.Plan p = MixedPrecision.plan("mixed", genai(8));
        assertEquals("layer 0 v_proj: INT8 by rule mixed (first n//8 = 1 of 8 v/qkv projections)",
                p.choice("/model/layers.0/attn/v_proj/MatMul").orElseThrow().why());
        assertTrue(p.choice("/model/layers.4/mlp/down_proj/MatMul").orElseThrow().why().startsWith("layer 4 down_proj: INT8 by rule mixed (every third"));
        assertTrue(p.choice("/model/layers.2/mlp/down_proj/MatMul").orElseThrow().why().startsWith("layer 2 down_proj: INT4 by rule mixed"));
        assertTrue(p.choice("/model/layers.0/attn/q_proj/MatMul").orElseThrow().why().contains("INT4 (not a v/qkv or down projection)"));
        MixedPrecision.Plan k = MixedPrecision.plan("mixed-kquant", genai(8));
        assertEquals("layer 3 v_proj: INT8 by rule mixed-kquant ((i - n/8) % 3 == 2, n = 8 layers)",
                k.choice("/model/layers.3/attn/v_proj/MatMul").orElseThrow().why());
    }

    @Test
    void regexRulePromotesMatchingNames() {
        MixedPrecision.Plan p = MixedPrecision.plan("mixed:layers\\.(0|5)/mlp/down", genai(8));
        assertEquals(Set.of("/model/layers.0/mlp/down_proj/MatMul", "/model/layers.5/mlp/down_proj/MatMul"), p.int8Nodes());
        assertEquals(57, p.choices().size());
    }

    @Test
    void rulesThatFindNothingAreErrors() {
        var e = assertThrows(IllegalArgumentException.class, () -> MixedPrecision.plan("mixed", List.of("/model/foo/MatMul", "/bar/MatMul_1")));
        assertTrue(e.getMessage().contains("rule mixed found no candidate among 2 weights"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MixedPrecision.plan("mixed-kquant", List.of("/model/layers.0/attn/q_proj/MatMul")));
        assertTrue(e.getMessage().contains("found no candidate"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MixedPrecision.plan("mixed:nothing_here", genai(2)));
        assertTrue(e.getMessage().contains("matches none of the 15 quantizable weights"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MixedPrecision.plan("mixed:(", genai(2)));
        assertTrue(e.getMessage().contains("not a valid regular expression"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MixedPrecision.plan("mixed-auto", genai(2)));
        assertTrue(e.getMessage().contains("unknown mixed-precision rule 'mixed-auto'"), e.getMessage());
    }
}
