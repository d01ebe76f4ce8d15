package dev.nibble.quant;

import dev.nibble.onnx.Graph;
import dev.nibble.onnx.QuantizableWeight;
import dev.nibble.onnx.proto.Onnx.NodeProto;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the mixed-precision candidates from the graph's structure when node names say nothing
 * (SPEC.md section 3): the value projection is the weight whose output, through reshapes and
 * the KV cache concat, is the value operand of the MatMul that applies a Softmax's attention
 * probabilities; the down projection is the weight that reads the gated product of the MLP,
 * Mul(act(x·W_gate), x·W_up). Layers are numbered in graph order.
 *
 * <p>The result is a stand-in name per weight in the onnxruntime-genai convention
 * ({@code /model/layers.3/attn/v_proj/MatMul}), so the name-based rules apply unchanged.
 */
final class StructuralRoles {
    /** Ops that move or reshape values without changing what they are. */
    private static final Set<String> PASS = Set.of("Reshape", "Transpose", "Concat", "Expand", "Unsqueeze", "Squeeze",
            "Tile", "Cast", "Identity", "Slice", "Split");
    /** Ops an MLP activation is built from (SiLU = x·Sigmoid(x), GELU with Erf or Tanh, ...). */
    private static final Set<String> ACTIVATION = Set.of("Sigmoid", "Mul", "Silu", "Gelu", "Relu", "Tanh", "Erf", "Add",
            "Div", "Pow", "FastGelu", "QuickGelu", "Cast");
    private static final int MAX_HOPS = 12;

    private StructuralRoles() {}

    /** Stand-in names for the v and down projections found; empty when the structure shows neither. */
    static Map<String, String> names(Graph g, List<QuantizableWeight> weights) {
        Map<String, QuantizableWeight> byOutput = new HashMap<>();
        for (QuantizableWeight w : weights) outputOf(g, w).ifPresent(o -> byOutput.put(o, w));
        Map<String, String> out = new HashMap<>();
        int values = 0, downs = 0;
        for (QuantizableWeight w : weights) {
            if (isValueProjection(g, w)) out.put(w.node(), "/model/layers." + values++ + "/attn/v_proj/MatMul");
            else if (isDownProjection(g, w, byOutput)) out.put(w.node(), "/model/layers." + downs++ + "/mlp/down_proj/MatMul");
        }
        return out;
    }

    private static Optional<String> outputOf(Graph g, QuantizableWeight w) {
        return g.node(w.node()).map(n -> n.getOutput(0));
    }

    /** Its output reaches, through PASS ops, input 1 of a MatMul whose input 0 comes from a Softmax. */
    private static boolean isValueProjection(Graph g, QuantizableWeight w) {
        ArrayDeque<String> todo = new ArrayDeque<>();
        outputOf(g, w).ifPresent(todo::add);
        Set<String> seen = new HashSet<>();
        for (int hops = 0; !todo.isEmpty() && hops < MAX_HOPS * 4; hops++) {
            String t = todo.poll();
            if (!seen.add(t)) continue;
            for (NodeProto c : g.consumers(t)) {
                if (c.getOpType().equals("MatMul") && c.getInputCount() == 2 && c.getInput(1).equals(t)
                        && reachesBack(g, c.getInput(0), Set.of("Softmax"), PASS)) return true;
                if (PASS.contains(c.getOpType())) todo.addAll(c.getOutputList());
            }
        }
        return false;
    }

    /** It reads Mul(a, b) where a comes straight from one quantizable MatMul and b through an activation from another. */
    private static boolean isDownProjection(Graph g, QuantizableWeight w, Map<String, QuantizableWeight> byOutput) {
        Optional<NodeProto> mul = g.producer(w.activation());
        if (mul.isEmpty() || !mul.get().getOpType().equals("Mul") || mul.get().getInputCount() != 2) return false;
        String a = mul.get().getInput(0), b = mul.get().getInput(1);
        return gated(g, a, b, byOutput) || gated(g, b, a, byOutput);
    }

    private static boolean gated(Graph g, String up, String gate, Map<String, QuantizableWeight> byOutput) {
        QuantizableWeight u = byOutput.get(up);
        if (u == null) return false;
        // the gate side must pass through at least one activation op before reaching another projection
        Optional<NodeProto> act = g.producer(gate);
        if (act.isEmpty() || !ACTIVATION.contains(act.get().getOpType())) return false;
        for (String in : act.get().getInputList()) {
            QuantizableWeight gw = byOutput.get(in);
            if (gw != null && gw != u && gw.activation().equals(u.activation())) return true;
            if (reachesWeight(g, in, u, byOutput)) return true;
        }
        return false;
    }

    private static boolean reachesWeight(Graph g, String t, QuantizableWeight up, Map<String, QuantizableWeight> byOutput) {
        ArrayDeque<String> todo = new ArrayDeque<>(List.of(t));
        Set<String> seen = new HashSet<>();
        for (int hops = 0; !todo.isEmpty() && hops < MAX_HOPS; hops++) {
            String x = todo.poll();
            if (!seen.add(x)) continue;
            QuantizableWeight w = byOutput.get(x);
            if (w != null) return w != up && w.activation().equals(up.activation());
            g.producer(x).filter(p -> ACTIVATION.contains(p.getOpType())).ifPresent(p -> todo.addAll(p.getInputList()));
        }
        return false;
    }

    /** Whether walking back from {@code t} through {@code through} ops reaches one of {@code targets}. */
    private static boolean reachesBack(Graph g, String t, Set<String> targets, Set<String> through) {
        ArrayDeque<String> todo = new ArrayDeque<>(List.of(t));
        Set<String> seen = new HashSet<>();
        for (int hops = 0; !todo.isEmpty() && hops < MAX_HOPS; hops++) {
            String x = todo.poll();
            if (!seen.add(x)) continue;
            Optional<NodeProto> p = g.producer(x);
            if (p.isEmpty()) continue;
            if (targets.contains(p.get().getOpType())) return true;
            if (through.contains(p.get().getOpType())) todo.add(p.get().getInput(0));
        }
        return false;
    }
}
