package dev.nibble.onnx;

import dev.nibble.onnx.proto.Onnx.AttributeProto;
import dev.nibble.onnx.proto.Onnx.GraphProto;
import dev.nibble.onnx.proto.Onnx.NodeProto;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Stores a model's float weights in FP16, or brings FP16-stored weights back to FP32.
 *
 * <p>FP16 here means FP16 <em>storage</em>: each fp32 initializer of 16 or more elements becomes
 * an fp16 initializer followed by {@code Cast(to=float)}, and the graph keeps computing in fp32.
 * Why: onnxruntime's CPU provider lacks fp16 kernels for many ops a decoder uses, so a graph
 * computing in fp16 would not run everywhere; what FP16 does to the weights (rounding to 11
 * significant bits) is kept exactly, and the model on disk halves. onnxruntime folds the
 * casts at load, so in memory the weights are fp32 again — measure memory with that in mind.
 * Scalars and tiny constants (under 16 elements: eps, shapes) stay as they are.
 */
public final class WeightPrecision {
    static final int MIN_ELEMENTS = 16;

    private WeightPrecision() {}

    public static Rewrite toFp16(OnnxModel model) {
        GraphProto.Builder g = model.proto().getGraph().toBuilder().clearNode();
        List<Tensor> out = new ArrayList<>();
        List<NodeProto> casts = new ArrayList<>();
        for (Tensor t : model.initializers().values()) {
            if (t.dtype() != DType.FLOAT || t.numel() < MIN_ELEMENTS) {
                out.add(t);
                continue;
            }
            Tensor half = Tensor.allocate(t.name() + "_fp16", DType.FLOAT16, t.shape());
            for (long i = 0; i < t.numel(); i++) half.setFloat(i, t.getFloat(i));
            out.add(half);
            casts.add(NodeProto.newBuilder().setOpType("Cast").setName(t.name() + "/CastToFloat")
                    .addInput(half.name()).addOutput(t.name())
                    .addAttribute(AttributeProto.newBuilder().setName("to").setType(AttributeProto.AttributeType.INT).setI(DType.FLOAT.code))
                    .build());
        }
        g.addAllNode(casts).addAllNode(model.proto().getGraph().getNodeList()); // casts first: graph order stays topological
        return new Rewrite(model.proto().toBuilder().setGraph(g).build(), out);
    }

    /**
     * FP16/BF16 initializers read only through {@code Cast(to=float)} become fp32 initializers
     * named as the cast's output, and the casts go.
     *
     * @throws ModelFormatException if some fp16 weight feeds the graph directly (the model
     *     computes in fp16; converting its arithmetic is not supported)
     */
    public static Rewrite toFp32(OnnxModel model) {
        Graph graph = model.graph();
        Set<NodeProto> dropped = new HashSet<>();
        List<Tensor> out = new ArrayList<>();
        for (Tensor t : model.initializers().values()) {
            if (t.dtype() != DType.FLOAT16 && t.dtype() != DType.BFLOAT16) {
                out.add(t);
                continue;
            }
            List<NodeProto> users = graph.consumers(t.name());
            boolean allCasts = !users.isEmpty() && users.stream().allMatch(n -> n.getOpType().equals("Cast")
                    && Graph.intAttr(n, "to", -1) == DType.FLOAT.code);
            if (!allCasts)
                throw new ModelFormatException(model.path().getFileName() + ": fp16 weight '" + t.name()
                        + "' is used in fp16 arithmetic, not just cast to float; converting a model that computes in fp16 is not supported");
            for (NodeProto cast : users) {
                Tensor full = Tensor.allocate(cast.getOutput(0), DType.FLOAT, t.shape());
                for (long i = 0; i < t.numel(); i++) full.setFloat(i, t.getFloat(i));
                out.add(full);
                dropped.add(cast);
            }
        }
        GraphProto.Builder g = model.proto().getGraph().toBuilder().clearNode();
        for (NodeProto n : model.proto().getGraph().getNodeList()) if (!dropped.contains(n)) g.addNode(n);
        return new Rewrite(model.proto().toBuilder().setGraph(g).build(), out);
    }
}
