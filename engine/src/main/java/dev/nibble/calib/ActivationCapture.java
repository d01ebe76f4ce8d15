package dev.nibble.calib;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.nibble.eval.Progress;
import dev.nibble.model.GenAiConfig;
import dev.nibble.model.ModelFolder;
import dev.nibble.onnx.DType;
import dev.nibble.onnx.OnnxModel;
import dev.nibble.onnx.TempPaths;
import dev.nibble.onnx.proto.Onnx.GraphProto;
import dev.nibble.onnx.proto.Onnx.StringStringEntryProto;
import dev.nibble.onnx.proto.Onnx.TensorProto;
import dev.nibble.onnx.proto.Onnx.TypeProto;
import dev.nibble.onnx.proto.Onnx.ValueInfoProto;
import dev.nibble.runtime.OrtOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Captures the inputs of quantizable MatMuls on calibration samples (SPEC.md section 5).
 *
 * <p>How: the graph gets each wanted activation as an extra output, is written to a temporary
 * folder with hard links to the original weight files (nothing is copied), and runs in onnxruntime
 * with graph optimisation off — so the added outputs are the tensors as the graph names
 * them — and an empty KV cache. Per activation only {@link ActivationStats} is kept: the
 * per-channel mean |x| over all tokens and at most {@code maxSample} evenly spaced token rows.
 */
public final class ActivationCapture {
    /** Token rows kept per activation for the AWQ searches (all tokens feed the means). */
    public static final int DEFAULT_MAX_SAMPLE = 512;

    private ActivationCapture() {}

    public static Map<String, ActivationStats> run(ModelFolder folder, List<String> activations, CalibrationSet calib,
                                                   int maxSample, OrtOptions options, Progress progress) {
        if (activations.isEmpty()) return Map.of();
        Path tmp = null;
        try {
            tmp = TempPaths.track(Files.createTempDirectory("nibble-capture-"));
            Path model = writeCaptureModel(folder, activations, tmp);
            return capture(model, folder.config(), activations, calib, maxSample, options, progress);
        } catch (IOException e) {
            throw new CalibrationException("cannot prepare activation capture: " + e.getMessage(), e);
        } finally {
            TempPaths.delete(tmp);
        }
    }

    /**
     * The source graph plus each activation as a graph output, written to {@code dir}. The
     * initializers keep their external_data entries and each side file they name is
     * hard-linked into {@code dir}, so no weight is copied.
     */
    private static Path writeCaptureModel(ModelFolder folder, List<String> activations, Path dir) throws IOException {
        try (OnnxModel m = folder.loadModel()) {
            GraphProto.Builder g = m.proto().getGraph().toBuilder();
            int floatType = m.quantizableWeights().stream().findFirst()
                    .flatMap(w -> m.initializer(w.weight())).map(t -> t.dtype().code).orElse(DType.FLOAT.code);
            for (String a : activations)
                g.addOutput(ValueInfoProto.newBuilder().setName(a).setType(TypeProto.newBuilder()
                        .setTensorType(TypeProto.Tensor.newBuilder().setElemType(floatType))));
            Path src = folder.modelFile().getParent();
            for (TensorProto t : g.getInitializerList())
                for (StringStringEntryProto e : t.getExternalDataList()) {
                    if (!e.getKey().equals("location")) continue;
                    Path link = dir.resolve(e.getValue());
                    if (Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) continue;
                    Files.createDirectories(link.getParent());
                    linkOrCopy(src.resolve(e.getValue()).toRealPath(), link);
                }
            Path out = dir.resolve("capture.onnx");
            Files.write(out, m.proto().toBuilder().setGraph(g).build().toByteArray());
            return out;
        }
    }

    /**
     * A hard link (onnxruntime refuses symbolic links that lead out of the model's folder);
     * a copy only where the temporary folder is on another file system.
     */
    private static void linkOrCopy(Path existing, Path link) throws IOException {
        try {
            Files.createLink(link, existing);
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(existing, link);
        }
    }

    private static Map<String, ActivationStats> capture(Path model, GenAiConfig cfg, List<String> activations, CalibrationSet calib,
                                                        int maxSample, OrtOptions options, Progress progress) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        int n = calib.samples().length, len = calib.length();
        long total = (long) n * len;
        int step = (int) Math.max(1, (total + maxSample - 1) / maxSample); // keep token rows t with t % step == 0
        Map<String, Accumulator> acc = new LinkedHashMap<>();
        try (OrtSession.SessionOptions o = options.withOptimize(false).toSessionOptions();
             OrtSession session = env.createSession(model.toString(), o)) {
            var kvType = ((ai.onnxruntime.TensorInfo) session.getInputInfo().get(cfg.pastKeyName(0)).getInfo()).type;
            for (int i = 0; i < n; i++) {
                Map<String, OnnxTensor> in = new HashMap<>();
                try {
                    long[] ids = Arrays.stream(calib.samples()[i]).asLongStream().toArray();
                    long[] ones = new long[len];
                    Arrays.fill(ones, 1);
                    long[] pos = new long[len];
                    for (int t = 0; t < len; t++) pos[t] = t;
                    in.put(cfg.inputIds(), OnnxTensor.createTensor(env, LongBuffer.wrap(ids), new long[] {1, len}));
                    in.put(cfg.attentionMask(), OnnxTensor.createTensor(env, LongBuffer.wrap(ones), new long[] {1, len}));
                    if (cfg.positionIds() != null)
                        in.put(cfg.positionIds(), OnnxTensor.createTensor(env, LongBuffer.wrap(pos), new long[] {1, len}));
                    long[] empty = {1, cfg.numKeyValueHeads(), 0, cfg.headSize()};
                    for (int l = 0; l < cfg.numLayers(); l++) {
                        in.put(cfg.pastKeyName(l), OnnxTensor.createTensor(env, ByteBuffer.allocateDirect(0), empty, kvType));
                        in.put(cfg.pastValueName(l), OnnxTensor.createTensor(env, ByteBuffer.allocateDirect(0), empty, kvType));
                    }
                    try (OrtSession.Result r = session.run(in, new java.util.LinkedHashSet<>(activations))) {
                        for (String a : activations) {
                            OnnxTensor t = (OnnxTensor) r.get(a).orElseThrow();
                            long[] shape = t.getInfo().getShape();
                            int k = (int) shape[shape.length - 1];
                            FloatBuffer fb = t.getFloatBuffer();
                            acc.computeIfAbsent(a, name -> new Accumulator(name, k, (int) Math.min(maxSample, (total + step - 1) / step)))
                                    .add(fb, (long) i * len, step);
                        }
                    }
                } finally {
                    in.values().forEach(OnnxTensor::close);
                }
                progress.update("calibration", i + 1, n);
            }
        } catch (OrtException e) {
            throw new CalibrationException("onnxruntime failed capturing activations: " + e.getMessage(), e);
        }
        Map<String, ActivationStats> out = new LinkedHashMap<>();
        acc.forEach((name, a) -> out.put(name, a.finish()));
        return out;
    }

    /** Running per-channel sums of |x| and the kept token rows of one activation. */
    private static final class Accumulator {
        final String name;
        final int k;
        final double[] sumAbs;
        final float[] sample;
        int kept;
        long seen;

        Accumulator(String name, int k, int maxRows) {
            this.name = name;
            this.k = k;
            this.sumAbs = new double[k];
            this.sample = new float[maxRows * k];
        }

        /** x: [rows, K] of one sample whose first token has global index {@code first}. */
        void add(FloatBuffer x, long first, int step) {
            int rows = x.remaining() / k;
            float[] row = new float[k];
            for (int t = 0; t < rows; t++) {
                x.get(row);
                for (int c = 0; c < k; c++) sumAbs[c] += Math.abs(row[c]);
                if ((first + t) % step == 0 && kept * k < sample.length) System.arraycopy(row, 0, sample, k * kept++, k);
            }
            seen += rows;
        }

        ActivationStats finish() {
            float[] mean = new float[k];
            for (int c = 0; c < k; c++) mean[c] = (float) (sumAbs[c] / seen);
            return new ActivationStats(name, k, mean, Arrays.copyOf(sample, kept * k), kept, seen);
        }
    }
}
