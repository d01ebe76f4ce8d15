package dev.nibble.quant;

import dev.nibble.onnx.DType;
import dev.nibble.onnx.Graph;
import dev.nibble.onnx.OnnxModel;
import dev.nibble.onnx.QuantizableWeight;
import dev.nibble.onnx.Rewrite;
import dev.nibble.onnx.Tensor;
import dev.nibble.onnx.proto.Onnx.AttributeProto;
import dev.nibble.onnx.proto.Onnx.GraphProto;
import dev.nibble.onnx.proto.Onnx.ModelProto;
import dev.nibble.onnx.proto.Onnx.NodeProto;
import dev.nibble.onnx.proto.Onnx.OperatorSetIdProto;
import dev.nibble.onnx.proto.Onnx.StringStringEntryProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Edits a model's graph and initializers as quantization decided: replaced weights, AWQ folds,
 * pre-quant Muls, and the output format (SPEC.md section 4). Collects the edits, then builds the
 * new protobuf in one pass so node order stays topological (new nodes go right before the node
 * that reads them).
 */
final class GraphRewriter {
    private final OnnxModel model;
    private final Graph graph;
    private final Map<String, Tensor> tensors;                       // initializers, in order
    private final Map<String, NodeProto> replaced = new HashMap<>();   // node name -> its new form
    private final Map<String, List<NodeProto>> before = new HashMap<>(); // node name -> nodes to insert before it
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private final Set<String> dropped = new HashSet<>();                 // node names removed
    private boolean usesContribOps;

    GraphRewriter(OnnxModel model) {
        this.model = model;
        this.graph = model.graph();
        this.tensors = new LinkedHashMap<>(model.initializers());
    }

    /** Replaces an initializer's values (same name, dtype and shape) — folds and simulated weights. */
    void setValues(String initializer, float[] values) {
        Tensor old = tensors.get(initializer);
        Tensor t = Tensor.allocate(initializer, old.dtype(), old.shape());
        for (int i = 0; i < values.length; i++) t.setFloat(i, values[i]);
        tensors.put(initializer, t);
    }

    /** Sets W[K, N] back into a weight's initializer in its stored layout ([N, K] when transposed). */
    void setWeight(QuantizableWeight w, float[] kn) {
        setValues(w.weight(), w.transposed() ? transpose(kn, (int) w.k(), (int) w.n()) : kn);
    }

    /** Mul(x, 1/s) in front of {@code readers}, which then read its output. */
    void preQuantMul(String x, float[] s, List<WeightPlan> readers) {
        String constant = x + "_pre_quant_scale", out = x + "_pre_quant_scaled";
        float[] inv = new float[s.length];
        for (int i = 0; i < s.length; i++) inv[i] = (float) (1.0 / s[i]);
        DType type = activationType(readers.get(0).weight());
        Tensor c = type == DType.FLOAT16 ? Tensor.fp16(constant, new long[] {1, s.length}, inv) : Tensor.fp32(constant, new long[] {1, s.length}, inv);
        tensors.put(constant, c);
        NodeProto mul = NodeProto.newBuilder().setOpType("Mul").setName(x + "/PreQuantScale").addInput(x).addInput(constant).addOutput(out).build();
        before.computeIfAbsent(readers.get(0).weight().node(), k -> new ArrayList<>()).add(mul);
        for (WeightPlan r : readers) {
            NodeProto node = current(r.weight().node());
            replaced.put(r.weight().node(), node.toBuilder().setInput(0, out).build());
        }
    }

    /** The weight becomes DequantizeLinear(codes, scale[, zero point]) feeding the node. */
    void qdq(QuantizableWeight w, QuantizedWeight q) {
        Packing.QdqWeight p = Packing.qdq(q);
        String base = w.weight();
        Tensor codes = p.weight(base + "_quantized"), scale = p.scale(base + "_scale"), zp = p.zeroPoint(base + "_zero_point");
        for (Tensor t : new Tensor[] {codes, scale, zp}) if (t != null) tensors.put(t.name(), t);
        NodeProto.Builder dq = NodeProto.newBuilder().setOpType("DequantizeLinear").setName(base + "_DequantizeLinear")
                .addInput(codes.name()).addInput(scale.name()).addOutput(base + "_dequantized")
                .addAttribute(intAttr("axis", p.axis()));
        if (zp != null) dq.addInput(zp.name());
        if (p.blockSize() > 0) dq.addAttribute(intAttr("block_size", p.blockSize()));
        before.computeIfAbsent(w.node(), k -> new ArrayList<>()).add(dq.build());
        NodeProto.Builder node = current(w.node()).toBuilder().setInput(1, base + "_dequantized");
        if (w.op().equals("Gemm")) setIntAttr(node, "transB", 0); // the dequantized weight is [K, N]
        replaced.put(w.node(), node.build());
        dropIfUnused(w);
    }

    /** The node becomes com.microsoft MatMulNBits(A, B, scales[, zero_points]). */
    void matMulNBits(QuantizableWeight w, QuantizedWeight q, int accuracyLevel) {
        NodeProto node = current(w.node());
        if (w.op().equals("Gemm") && (node.getInputCount() > 2 || Graph.intAttr(node, "transA", 0) != 0))
            throw new QuantException(w.node() + " is a Gemm with a bias; write it as qdq instead of matmulnbits");
        Packing.MatMulNBitsWeight p = Packing.matMulNBits(q);
        String base = w.weight();
        Tensor b = p.bTensor(base + "_Q" + p.bits()), scales = p.scalesTensor(base + "_scales"), zp = p.zeroPointsTensor(base + "_zero_points");
        for (Tensor t : new Tensor[] {b, scales, zp}) if (t != null) tensors.put(t.name(), t);
        NodeProto.Builder nb = NodeProto.newBuilder().setOpType("MatMulNBits").setDomain("com.microsoft")
                .setName(w.node() + "_Q" + p.bits()).addInput(node.getInput(0)).addInput(b.name()).addInput(scales.name())
                .addAllOutput(node.getOutputList())
                .addAttribute(intAttr("K", p.k())).addAttribute(intAttr("N", p.n())).addAttribute(intAttr("bits", p.bits()))
                .addAttribute(intAttr("block_size", p.blockSize())).addAttribute(intAttr("accuracy_level", accuracyLevel));
        if (zp != null) nb.addInput(zp.name());
        replaced.put(w.node(), nb.build());
        usesContribOps = true;
        dropIfUnused(w);
    }

    void metadata(String key, String value) {
        metadata.put(key, value);
    }

    /** The rewritten model; QDQ needs opset 21 (blocked DequantizeLinear, INT4 types). */
    Rewrite build(boolean needsOpset21) {
        ModelProto src = model.proto();
        GraphProto.Builder g = src.getGraph().toBuilder().clearNode();
        Set<String> inserted = new HashSet<>();
        for (NodeProto n : src.getGraph().getNodeList()) {
            String name = graph.nameOf(n);
            if (dropped.contains(name)) continue;
            for (NodeProto extra : before.getOrDefault(name, List.of()))
                if (inserted.add(extra.getName())) g.addNode(extra);
            g.addNode(replaced.getOrDefault(name, n));
        }
        ModelProto.Builder m = src.toBuilder().setGraph(g);
        if (needsOpset21) {
            long opset = model.opset("").orElse(0L);
            if (opset < 21)
                throw new QuantException(model.path().getFileName() + " uses ONNX opset " + opset + "; QDQ INT4 needs opset 21 "
                        + "(blocked DequantizeLinear). Use 'format matmulnbits', or re-export the model at opset 21.");
            m.setIrVersion(Math.max(src.getIrVersion(), 10));
        }
        if (usesContribOps && model.opset("com.microsoft").isEmpty())
            m.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("com.microsoft").setVersion(1));
        List<StringStringEntryProto> props = new ArrayList<>(src.getMetadataPropsList());
        props.removeIf(e -> metadata.containsKey(e.getKey())); // a re-quantized model records its latest recipe
        metadata.forEach((k, v) -> props.add(StringStringEntryProto.newBuilder().setKey(k).setValue(v).build()));
        m.clearMetadataProps().addAllMetadataProps(props);
        Set<String> used = new HashSet<>();
        g.getNodeList().forEach(n -> used.addAll(n.getInputList()));
        g.getOutputList().forEach(v -> used.add(v.getName()));
        List<Tensor> kept = tensors.values().stream().filter(t -> used.contains(t.name())).toList();
        return new Rewrite(m.build(), kept);
    }

    /** The Cast/Transpose nodes between a replaced weight and its node go when nothing else reads them. */
    private void dropIfUnused(QuantizableWeight w) {
        NodeProto p = graph.producer(original(w.node()).getInput(1)).orElse(null);
        while (p != null && graph.consumers(p.getOutput(0)).size() == 1
                && (p.getOpType().equals("Cast") || p.getOpType().equals("Transpose"))) {
            dropped.add(graph.nameOf(p));
            p = graph.producer(p.getInput(0)).orElse(null);
        }
    }

    private NodeProto original(String node) {
        return graph.node(node).orElseThrow(() -> new IllegalStateException("no node " + node));
    }

    private NodeProto current(String node) {
        NodeProto n = replaced.get(node);
        return n != null ? n : original(node);
    }

    private DType activationType(QuantizableWeight w) {
        Tensor t = tensors.get(w.weight());
        return t != null && t.dtype() == DType.FLOAT16 && !w.via().contains("Cast") ? DType.FLOAT16 : DType.FLOAT;
    }

    static float[] transpose(float[] a, int rows, int cols) {
        float[] out = new float[a.length];
        for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) out[c * rows + r] = a[r * cols + c];
        return out;
    }

    private static AttributeProto intAttr(String name, long v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(v).build();
    }

    private static void setIntAttr(NodeProto.Builder node, String name, long v) {
        for (int i = 0; i < node.getAttributeCount(); i++)
            if (node.getAttribute(i).getName().equals(name)) {
                node.setAttribute(i, intAttr(name, v));
                return;
            }
        node.addAttribute(intAttr(name, v));
    }
}
