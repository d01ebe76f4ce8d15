package dev.nibble.onnx;

import com.google.protobuf.ByteString;
import dev.nibble.onnx.proto.Onnx.AttributeProto;
import dev.nibble.onnx.proto.Onnx.GraphProto;
import dev.nibble.onnx.proto.Onnx.ModelProto;
import dev.nibble.onnx.proto.Onnx.NodeProto;
import dev.nibble.onnx.proto.Onnx.OperatorSetIdProto;
import dev.nibble.onnx.proto.Onnx.TensorProto;
import dev.nibble.onnx.proto.Onnx.TensorShapeProto;
import dev.nibble.onnx.proto.Onnx.TypeProto;
import dev.nibble.onnx.proto.Onnx.ValueInfoProto;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Small ONNX models built directly with the protobuf classes (not with ModelWriter), so
 * tests can compare what nibble writes against an independently made original.
 */
final class TestModels {
    private TestModels() {}

    static final int K = 48, H = 40, N = 24;

    /**
     * y = Relu(x·W1)·W2 + b with x float32[batch, 48], every weight inline as raw_data,
     * plus unused initializers of other dtypes (fp16, bf16, int4, int8, typed int64 and
     * float fields) that a round trip must keep byte for byte.
     */
    static ModelProto mlp(long seed) {
        Random r = new Random(seed);
        GraphProto.Builder g = GraphProto.newBuilder().setName("mlp")
                .addInput(value("x", DType.FLOAT, "batch", K))
                .addOutput(value("y", DType.FLOAT, "batch", N))
                .addNode(node("MatMul", "/layers.0/fc1/MatMul", new String[] {"x", "w1"}, "h"))
                .addNode(node("Relu", "/layers.0/act/Relu", new String[] {"h"}, "a"))
                .addNode(node("MatMul", "/layers.0/fc2/MatMul", new String[] {"a", "w2"}, "z"))
                .addNode(node("Add", "/layers.0/bias/Add", new String[] {"z", "b"}, "y"))
                .addInitializer(raw("w1", DType.FLOAT, floats(r, K * H), K, H))
                .addInitializer(raw("w2", DType.FLOAT, floats(r, H * N), H, N))
                .addInitializer(raw("b", DType.FLOAT, floats(r, N), N))
                .addInitializer(raw("half", DType.FLOAT16, bytes(r, 2 * 700), 700))
                .addInitializer(raw("brain", DType.BFLOAT16, bytes(r, 2 * 3), 3))
                .addInitializer(raw("nibbles", DType.INT4, bytes(r, 1500), 3000))
                .addInitializer(raw("odd_nibbles", DType.UINT4, bytes(r, 4), 7))
                .addInitializer(raw("codes", DType.INT8, bytes(r, 2000), 40, 50))
                .addInitializer(TensorProto.newBuilder().setName("typed_i64").setDataType(DType.INT64.code)
                        .addDims(3).addInt64Data(-1).addInt64Data(1L << 40).addInt64Data(7))
                .addInitializer(TensorProto.newBuilder().setName("typed_f32").setDataType(DType.FLOAT.code)
                        .addDims(2).addFloatData(1.5f).addFloatData(-0.25f));
        return model(g);
    }

    static ModelProto model(GraphProto.Builder g) {
        return ModelProto.newBuilder().setIrVersion(10).setProducerName("nibble-tests")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(21))
                .setGraph(g).build();
    }

    static NodeProto node(String op, String name, String[] inputs, String output, AttributeProto... attrs) {
        NodeProto.Builder b = NodeProto.newBuilder().setOpType(op).setName(name).addOutput(output);
        for (String in : inputs) b.addInput(in);
        for (AttributeProto a : attrs) b.addAttribute(a);
        return b.build();
    }

    static AttributeProto intAttr(String name, long v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(v).build();
    }

    static AttributeProto intsAttr(String name, long... v) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long x : v) b.addInts(x);
        return b.build();
    }

    static ValueInfoProto value(String name, DType type, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            if (d instanceof String s) shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(s));
            else shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(((Number) d).longValue()));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(type.code).setShape(shape))).build();
    }

    static TensorProto raw(String name, DType type, byte[] data, long... dims) {
        TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(type.code).setRawData(ByteString.copyFrom(data));
        for (long d : dims) b.addDims(d);
        return b.build();
    }

    static byte[] floats(Random r, int n) {
        ByteBuffer b = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) b.putFloat((float) r.nextGaussian());
        return b.array();
    }

    static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    /** Writes the protobuf as it is (inline data), as any ONNX tool would. */
    static Path save(ModelProto m, Path file) throws IOException {
        Files.write(file, m.toByteArray());
        return file;
    }
}
