package dev.nibble.bench;

import dev.nibble.onnx.DType;
import dev.nibble.onnx.ModelWriter;
import dev.nibble.onnx.OnnxModel;
import dev.nibble.onnx.Tensor;
import dev.nibble.onnx.proto.Onnx.GraphProto;
import dev.nibble.onnx.proto.Onnx.ModelProto;
import dev.nibble.onnx.proto.Onnx.NodeProto;
import dev.nibble.onnx.proto.Onnx.OperatorSetIdProto;
import dev.nibble.onnx.proto.Onnx.TensorShapeProto;
import dev.nibble.onnx.proto.Onnx.TypeProto;
import dev.nibble.onnx.proto.Onnx.ValueInfoProto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractCollection;
import java.util.Iterator;

/**
 * A chain of {@code layers} MatMuls with fp32 weights [k, n], written once with external data
 * (ModelWriter) and reused by later runs. Values are deterministic: a xorshift stream per
 * weight, roughly N(0, 0.02)-sized, with one outlier row in 64 scaled by 8 (so blocks differ).
 */
final class SyntheticModel {
    private SyntheticModel() {}

    static Path ensure(Path scratch, int layers, int k, int n) {
        Path dir = scratch.resolve("synthetic-" + layers + "x" + k + "x" + n);
        Path file = dir.resolve("model.onnx");
        long want = (long) layers * k * n * 4;
        try {
            Path data = dir.resolve("model.onnx.data");
            if (Files.isRegularFile(file) && Files.isRegularFile(data) && Files.size(data) >= want) return file;
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.printf("writing the synthetic model (%d weights %dx%d, %.2f GB fp32) to %s ...%n", layers, k, n, want / 1e9, dir);
        GraphProto.Builder g = GraphProto.newBuilder().setName("synthetic").addInput(value("x0", k));
        for (int i = 0; i < layers; i++)
            g.addNode(NodeProto.newBuilder().setOpType("MatMul").setName("/layers." + i + "/MatMul")
                    .addInput("x" + i).addInput("w" + i).addOutput("x" + (i + 1)));
        g.addOutput(value("x" + layers, n));
        ModelProto proto = ModelProto.newBuilder().setIrVersion(10).setProducerName("nibble-bench")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(21)).setGraph(g).build();
        ModelWriter.write(proto, lazyWeights(layers, k, n), file);
        return file;
    }

    /** The weights, each made only when the writer reaches it (never all on the heap at once). */
    private static AbstractCollection<Tensor> lazyWeights(int layers, int k, int n) {
        return new AbstractCollection<>() {
            @Override
            public Iterator<Tensor> iterator() {
                return new Iterator<>() {
                    int i;
                    @Override public boolean hasNext() { return i < layers; }
                    @Override public Tensor next() { return weight(i++, k, n); }
                };
            }

            @Override
            public int size() { return layers; }
        };
    }

    static Tensor weight(int index, int k, int n) {
        byte[] raw = new byte[k * n * 4];
        var fb = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        long x = 0x9E3779B97F4A7C15L * (index + 1);
        for (int r = 0; r < k; r++) {
            float rowScale = r % 64 == 7 ? 8f : 1f;
            for (int c = 0; c < n; c++) {
                x ^= x << 13;
                x ^= x >>> 7;
                x ^= x << 17;
                // sum of two uniforms: a triangular, bell-ish distribution in (-0.04, 0.04)
                float u = ((x >>> 40) - (1L << 23)) / (float) (1L << 23), v = (((x >>> 16) & 0xffffff) - (1L << 23)) / (float) (1L << 23);
                fb.put(0.02f * rowScale * (u + v));
            }
        }
        return Tensor.ofBytes("w" + index, DType.FLOAT, new long[] {k, n}, raw);
    }

    private static ValueInfoProto value(String name, int dim) {
        TensorShapeProto shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(1))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(dim)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(DType.FLOAT.code).setShape(shape))).build();
    }

    /** Opens the model (weights mapped, not read). */
    static OnnxModel open(Path file) {
        return OnnxModel.load(file);
    }
}
