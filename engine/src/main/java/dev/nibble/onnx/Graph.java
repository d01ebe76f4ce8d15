package dev.nibble.onnx;

import dev.nibble.onnx.proto.Onnx.AttributeProto;
import dev.nibble.onnx.proto.Onnx.GraphProto;
import dev.nibble.onnx.proto.Onnx.NodeProto;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Queries over one graph's nodes: who produces a tensor, who consumes it, and which
 * MatMul/Gemm weights are quantizable. Built once from the protobuf; the top-level graph
 * only (weights inside If/Loop bodies are not quantized).
 */
public final class Graph {
    private final GraphProto proto;
    private final Set<String> initializers;
    private final Map<String, NodeProto> producers = new HashMap<>();
    private final Map<String, List<NodeProto>> consumers = new HashMap<>();
    private final Map<NodeProto, String> names = new java.util.IdentityHashMap<>(); // node -> its name, computed once
    private final Map<String, NodeProto> byName = new HashMap<>();

    public Graph(GraphProto proto, Set<String> initializers) {
        this.proto = proto;
        this.initializers = initializers;
        for (int i = 0; i < proto.getNodeCount(); i++) {
            NodeProto node = proto.getNode(i);
            String name = node.getName().isEmpty() ? node.getOpType() + "#" + i : node.getName();
            names.put(node, name);
            byName.putIfAbsent(name, node);
            for (String out : node.getOutputList()) if (!out.isEmpty()) producers.put(out, node);
            for (String in : node.getInputList())
                if (!in.isEmpty()) consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(node);
        }
    }

    public GraphProto proto() { return proto; }
    public List<NodeProto> nodes() { return proto.getNodeList(); }
    public boolean isInitializer(String tensor) { return initializers.contains(tensor); }

    /** The node whose output is {@code tensor}; empty for graph inputs and initializers. */
    public Optional<NodeProto> producer(String tensor) {
        return Optional.ofNullable(producers.get(tensor));
    }

    /** Nodes that read {@code tensor}, in graph order. */
    public List<NodeProto> consumers(String tensor) {
        return Collections.unmodifiableList(consumers.getOrDefault(tensor, List.of()));
    }

    /** A node's name, or "op#index" for the unnamed nodes some exporters write. */
    public String nameOf(NodeProto node) {
        String name = names.get(node);
        return name != null ? name : node.getName();
    }

    /** The node called {@code name} (as {@link #nameOf} names it); the first one if a file repeats a name. */
    public Optional<NodeProto> node(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Every quantizable weight in graph order; {@code tensors} are the model's initializers. */
    public List<QuantizableWeight> quantizableWeights(Map<String, Tensor> tensors) {
        List<QuantizableWeight> out = new ArrayList<>();
        for (NodeProto node : proto.getNodeList()) {
            boolean isGemm = node.getOpType().equals("Gemm");
            if (!(isGemm || node.getOpType().equals("MatMul")) || !isDefaultDomain(node) || node.getInputCount() < 2) continue;
            String x = node.getInput(0);
            if (initializers.contains(x)) continue; // both operands constant: nothing activation-side to quantize for
            boolean transposed = isGemm && intAttr(node, "transB", 0) == 1;
            if (isGemm && intAttr(node, "transA", 0) == 1) continue;
            List<String> via = new ArrayList<>();
            String w = node.getInput(1);
            // Walk back through at most two Cast/Transpose nodes an exporter may put before the weight.
            for (int hop = 0; hop < 2 && !initializers.contains(w); hop++) {
                NodeProto p = producers.get(w);
                if (p == null || !(p.getOpType().equals("Cast") || p.getOpType().equals("Transpose")) || p.getInputCount() < 1) break;
                if (p.getOpType().equals("Transpose")) transposed = !transposed;
                via.addFirst(p.getOpType());
                w = p.getInput(0);
            }
            Tensor t = tensors.get(w);
            if (t == null || t.rank() != 2 || !t.dtype().isReadableAsFloat()) continue;
            long k = transposed ? t.dim(1) : t.dim(0), n = transposed ? t.dim(0) : t.dim(1);
            out.add(new QuantizableWeight(nameOf(node), node.getOpType(), x, w, k, n, transposed, List.copyOf(via)));
        }
        return out;
    }

    static boolean isDefaultDomain(NodeProto node) {
        return node.getDomain().isEmpty() || node.getDomain().equals("ai.onnx");
    }

    public static long intAttr(NodeProto node, String name, long otherwise) {
        for (AttributeProto a : node.getAttributeList()) if (a.getName().equals(name)) return a.getI();
        return otherwise;
    }
}
