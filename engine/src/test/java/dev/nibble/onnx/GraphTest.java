package dev.nibble.onnx;

import static dev.nibble.onnx.TestModels.intAttr;
import static dev.nibble.onnx.TestModels.intsAttr;
import static dev.nibble.onnx.TestModels.node;
import static dev.nibble.onnx.TestModels.raw;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nibble.onnx.proto.Onnx.GraphProto;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphTest {
    @TempDir Path dir;

    private static byte[] zeros(int n) {
        return new byte[n];
    }

    @Test
    void findsQuantizableWeightsAsSpecSection2Says() throws Exception {
        GraphProto.Builder g = GraphProto.newBuilder()
                .addInput(TestModels.value("x", DType.FLOAT, 1, 16))
                // plain MatMul: W[K=16, N=8]
                .addNode(node("MatMul", "plain", new String[] {"x", "w_plain"}, "a"))
                // behind a Transpose: stored [N=8, K=16]
                .addNode(node("Transpose", "t", new String[] {"w_t"}, "w_t_T", intsAttr("perm", 1, 0)))
                .addNode(node("MatMul", "via_transpose", new String[] {"x", "w_t_T"}, "b"))
                // behind a Cast from fp16
                .addNode(node("Cast", "c", new String[] {"w_h"}, "w_h_f", intAttr("to", 1)))
                .addNode(node("MatMul", "via_cast", new String[] {"x", "w_h_f"}, "c_out"))
                // Gemm with transB: stored [N=4, K=16]
                .addNode(node("Gemm", "gemm", new String[] {"x", "w_g"}, "d", intAttr("transB", 1)))
                // not quantizable: both inputs initializers, a 3-D weight, an int8 weight, an activation weight
                .addNode(node("MatMul", "const_const", new String[] {"w_plain2", "w_plain"}, "e"))
                .addNode(node("MatMul", "three_d", new String[] {"x", "w3"}, "f"))
                .addNode(node("MatMul", "int8", new String[] {"x", "w_i8"}, "g"))
                .addNode(node("MatMul", "act_act", new String[] {"x", "a"}, "h"))
                .addInitializer(raw("w_plain", DType.FLOAT, zeros(16 * 8 * 4), 16, 8))
                .addInitializer(raw("w_plain2", DType.FLOAT, zeros(16 * 16 * 4), 16, 16))
                .addInitializer(raw("w_t", DType.FLOAT, zeros(8 * 16 * 4), 8, 16))
                .addInitializer(raw("w_h", DType.FLOAT16, zeros(16 * 6 * 2), 16, 6))
                .addInitializer(raw("w_g", DType.FLOAT, zeros(4 * 16 * 4), 4, 16))
                .addInitializer(raw("w3", DType.FLOAT, zeros(2 * 16 * 8 * 4), 2, 16, 8))
                .addInitializer(raw("w_i8", DType.INT8, zeros(16 * 8), 16, 8));
        Path file = TestModels.save(TestModels.model(g), dir.resolve("g.onnx"));
        try (OnnxModel m = OnnxModel.load(file)) {
            assertEquals(List.of(
                    new QuantizableWeight("plain", "MatMul", "x", "w_plain", 16, 8, false, List.of()),
                    new QuantizableWeight("via_transpose", "MatMul", "x", "w_t", 16, 8, true, List.of("Transpose")),
                    new QuantizableWeight("via_cast", "MatMul", "x", "w_h", 16, 6, false, List.of("Cast")),
                    new QuantizableWeight("gemm", "Gemm", "x", "w_g", 16, 4, true, List.of())),
                    m.quantizableWeights());
            Graph graph = m.graph();
            assertEquals("plain", graph.producer("a").orElseThrow().getName());
            assertEquals(List.of("plain", "via_transpose", "via_cast", "gemm", "three_d", "int8", "act_act"),
                    graph.consumers("x").stream().map(n -> n.getName()).toList());
            assertEquals(2, graph.consumers("w_plain").size());
        }
    }
}
