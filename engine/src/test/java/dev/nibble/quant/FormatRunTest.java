package dev.nibble.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.google.protobuf.ByteString;
import dev.nibble.onnx.DType;
import dev.nibble.onnx.ModelWriter;
import dev.nibble.onnx.OnnxModel;
import dev.nibble.onnx.Rewrite;
import dev.nibble.onnx.Tensor;
import dev.nibble.onnx.proto.Onnx.GraphProto;
import dev.nibble.onnx.proto.Onnx.ModelProto;
import dev.nibble.onnx.proto.Onnx.NodeProto;
import dev.nibble.onnx.proto.Onnx.OperatorSetIdProto;
import dev.nibble.onnx.proto.Onnx.TensorProto;
import dev.nibble.onnx.proto.Onnx.TensorShapeProto;
import dev.nibble.onnx.proto.Onnx.TypeProto;
import dev.nibble.onnx.proto.Onnx.ValueInfoProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both output formats' bytes decode right: onnxruntime (accuracy level 0) running the
 * rewritten graph equals x · W_dq, where W_dq is unpacked here by hand, in float64, from
 * the bytes that were written.
 */
class FormatRunTest {
    @TempDir Path dir;
    static final int K = 200, N = 48, T = 3; // K not a multiple of the block: padding is exercised

    /** y = x · W with W [K, N] fp32. */
    private Path singleMatMul(Random r) throws Exception {
        ByteBuffer w = ByteBuffer.allocate(4 * K * N).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < K * N; i++) w.putFloat((float) (r.nextGaussian() * (i % 7 == 0 ? 3 : 1)));
        GraphProto.Builder g = GraphProto.newBuilder()
                .addInput(value("x", T, K)).addOutput(value("y", T, N))
                .addNode(NodeProto.newBuilder().setOpType("MatMul").setName("/model/layers.0/mlp/down_proj/MatMul").addInput("x").addInput("w").addOutput("y"))
                .addInitializer(TensorProto.newBuilder().setName("w").setDataType(1).addDims(K).addDims(N).setRawData(ByteString.copyFrom(w.array())));
        ModelProto m = ModelProto.newBuilder().setIrVersion(10).addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(21)).setGraph(g).build();
        Path p = dir.resolve("orig.onnx");
        Files.write(p, m.toByteArray());
        return p;
    }

    private static ValueInfoProto value(String name, long... dims) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (long d : dims) s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(1).setShape(s))).build();
    }

    private static float[] run(Path model, float[] x, boolean accuracy0) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setSessionLogLevel(ai.onnxruntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            if (accuracy0) o.addConfigEntry("session.qdq_matmulnbits_accuracy_level", "0");
            try (OrtSession s = env.createSession(model.toString(), o);
                 OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {T, K});
                 OrtSession.Result r = s.run(Map.of("x", in))) {
                FloatBuffer fb = ((OnnxTensor) r.get(0)).getFloatBuffer();
                float[] y = new float[fb.remaining()];
                fb.get(y);
                return y;
            }
        }
    }

    /** Writes the graph rewritten to {@code format}; returns the written model. */
    private Path rewrite(Path orig, QuantSpec spec, Recipe.Format format, String name) {
        try (OnnxModel m = OnnxModel.load(orig)) {
            var w = m.quantizableWeights().get(0);
            QuantizedWeight q = Rtn.quantize(m.initializer("w").orElseThrow().toFloatArray(), K, N, spec);
            GraphRewriter rw = new GraphRewriter(m);
            if (format == Recipe.Format.QDQ) rw.qdq(w, q);
            else rw.matMulNBits(w, q, 0);
            Rewrite r = rw.build(format == Recipe.Format.QDQ);
            Path out = dir.resolve(name);
            ModelWriter.write(r.proto(), r.initializers(), out);
            return out;
        }
    }

    /** W_dq[k][n] from the written QDQ tensors, unpacked here (two codes a byte, even index low nibble). */
    private static double[] dequantQdq(OnnxModel m, boolean blocked, int bs) {
        Tensor codes = m.initializer("w_quantized").orElseThrow(), scale = m.initializer("w_scale").orElseThrow();
        Tensor zp = m.initializer("w_zero_point").orElse(null);
        boolean four = codes.dtype() == DType.INT4 || codes.dtype() == DType.UINT4;
        boolean signed = codes.dtype() == DType.INT4 || codes.dtype() == DType.INT8;
        double[] w = new double[K * N];
        for (int k = 0; k < K; k++)
            for (int n = 0; n < N; n++) {
                int i = k * N + n;
                int q = code(codes, i, four, signed);
                int si = blocked ? (k / bs) * N + n : n;
                int z = zp == null ? 0 : code(zp, si, four, signed);
                w[i] = (q - z) * (double) scale.getFloat(si);
            }
        return w;
    }

    private static int code(Tensor t, int i, boolean four, boolean signed) {
        if (!four) {
            byte b = t.data().get(i);
            return signed ? b : b & 0xff;
        }
        int nib = (t.data().get(i / 2) >> (4 * (i % 2))) & 0xf;
        return signed && nib >= 8 ? nib - 16 : nib;
    }

    /** W_dq from MatMulNBits B [N, nb, bs/2] (4-bit), scales [N·nb], zero points default 8. */
    private static double[] dequantNBits(OnnxModel m, int bs) {
        Tensor b = m.initializer("w_Q4").orElseThrow(), scales = m.initializer("w_scales").orElseThrow();
        int nb = (K + bs - 1) / bs;
        double[] w = new double[K * N];
        for (int n = 0; n < N; n++)
            for (int k = 0; k < K; k++) {
                int blk = k / bs, within = k % bs;
                int byteAt = (n * nb + blk) * (bs / 2) + within / 2;
                int q = (b.data().get(byteAt) >> (4 * (within % 2))) & 0xf;
                w[k * N + n] = (q - 8) * (double) scales.getFloat(n * nb + blk);
            }
        return w;
    }

    /**
     * Within 1e-5 of the float64 product, scaled by the sum of |terms| (onnxruntime adds K fp32
     * products; their rounding grows with the magnitudes summed, not with the result).
     */
    private static double assertMatches(double[] wdq, float[] x, float[] y, String what) {
        double worst = 0;
        for (int t = 0; t < T; t++)
            for (int n = 0; n < N; n++) {
                double want = 0, mag = 0;
                for (int k = 0; k < K; k++) {
                    want += x[t * K + k] * wdq[k * N + n];
                    mag += Math.abs(x[t * K + k] * wdq[k * N + n]);
                }
                worst = Math.max(worst, Math.abs(want - y[t * N + n]) / Math.max(1, mag));
                assertEquals(want, y[t * N + n], 1e-5 * Math.max(1, mag), what + ": y[" + t + "," + n + "]");
            }
        return worst;
    }

    @Test
    void qdqAndMatMulNBitsDecodeToXTimesTheDequantizedWeight() throws Exception {
        Random r = new Random(5);
        Path orig = singleMatMul(r);
        float[] x = new float[T * K];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        record Case(QuantSpec spec, Recipe.Format format) {}
        for (Case c : List.of(
                new Case(QuantSpec.symmetric(4, 32), Recipe.Format.QDQ),
                new Case(QuantSpec.asymmetric(4, 64), Recipe.Format.QDQ),
                new Case(QuantSpec.symmetric(8, QuantSpec.PER_CHANNEL), Recipe.Format.QDQ),
                new Case(QuantSpec.symmetric(4, 32), Recipe.Format.MATMULNBITS))) {
            Path q = rewrite(orig, c.spec(), c.format(), "q.onnx");
            float[] y = run(q, x, true);
            try (OnnxModel m = OnnxModel.load(q)) {
                double[] wdq = c.format() == Recipe.Format.QDQ ? dequantQdq(m, !c.spec().perChannel(), c.spec().blockSize())
                        : dequantNBits(m, c.spec().blockSize());
                double worst = assertMatches(wdq, x, y, c.toString());
                System.out.printf("%s: max |y - x·W_dq| / sum|x·w| = %.2e%n", c, worst);
            }
        }
    }
}
