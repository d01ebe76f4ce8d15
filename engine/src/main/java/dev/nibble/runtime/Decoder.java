package dev.nibble.runtime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.nibble.eval.LogitsModel;
import dev.nibble.model.GenAiConfig;
import dev.nibble.model.ModelFolder;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A decoder-only language model in onnxruntime, batch 1, with its KV cache.
 *
 * <p>{@link #append} runs the tokens after those already cached and returns their logits;
 * {@link #logits} is one pass from position 0 with an empty cache, and {@link #forward}
 * the same as rows, for the metrics ({@link LogitsModel}). The cache is never
 * copied: the {@code present.*} outputs of step t are passed as the {@code past_key_values.*}
 * inputs of step t+1 and closed after it (onnxruntime's Java API has no IO binding, so this
 * is the zero-copy path). Input and output names come from genai_config.json.
 *
 * <p>Shapes: input_ids [1, S] int64; attention_mask [1, P+S] int64 (all ones);
 * position_ids [1, S] = P..P+S-1; past [1, kv_heads, P, head_size]; logits [1, S, V].
 */
public final class Decoder implements LogitsModel, AutoCloseable {
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final GenAiConfig cfg;
    private final OrtSession session;
    private final String name;
    private final int vocab;
    private final OnnxJavaType kvType;
    private OrtSession.Result cache; // holds the present.* tensors of the last step
    private int cached;

    public Decoder(ModelFolder folder, OrtOptions options) {
        this.cfg = folder.config();
        this.name = folder.dir().getFileName().toString();
        try (OrtSession.SessionOptions o = options.toSessionOptions()) {
            this.session = env.createSession(folder.modelFile().toString(), o);
            Map<String, NodeInfo> outs = session.getOutputInfo();
            NodeInfo logits = outs.get(cfg.logits());
            if (logits == null) throw new IllegalStateException("no output '" + cfg.logits() + "'");
            long[] shape = ((TensorInfo) logits.getInfo()).getShape();
            this.vocab = shape[shape.length - 1] > 0 ? (int) shape[shape.length - 1] : cfg.vocabSize();
            NodeInfo past = session.getInputInfo().get(cfg.pastKeyName(0));
            this.kvType = past == null ? OnnxJavaType.FLOAT : ((TensorInfo) past.getInfo()).type;
        } catch (OrtException | RuntimeException e) {
            throw new OrtFailure("onnxruntime cannot load " + folder.modelFile() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public int vocabSize() { return vocab; }
    /** Tokens now in the KV cache. */
    public int cached() { return cached; }

    /** Logits [S][V] of one pass from position 0 with an empty cache (the metrics' view). */
    @Override
    public float[][] forward(int[] ids) {
        float[] flat = logits(ids);
        float[][] rows = new float[ids.length][];
        for (int t = 0; t < ids.length; t++) rows[t] = java.util.Arrays.copyOfRange(flat, t * vocab, (t + 1) * vocab);
        return rows;
    }

    /** Logits [S * V] of one pass over {@code ids} from position 0 with an empty cache. */
    public float[] logits(int[] ids) {
        reset();
        try {
            return append(ids);
        } finally {
            reset();
        }
    }

    /** Runs {@code ids} after the cached tokens; returns their logits [S * V], row-major. */
    public float[] append(int[] ids) {
        int s = ids.length, p = cached;
        List<OnnxTensor> made = new ArrayList<>();
        try {
            Map<String, OnnxTensor> in = new HashMap<>();
            in.put(cfg.inputIds(), track(made, OnnxTensor.createTensor(env, LongBuffer.wrap(range(ids, 0)), new long[] {1, s})));
            in.put(cfg.attentionMask(), track(made, OnnxTensor.createTensor(env, LongBuffer.wrap(ones(p + s)), new long[] {1, p + s})));
            if (cfg.positionIds() != null)
                in.put(cfg.positionIds(), track(made, OnnxTensor.createTensor(env, LongBuffer.wrap(positions(p, s)), new long[] {1, s})));
            for (int l = 0; l < cfg.numLayers(); l++) {
                in.put(cfg.pastKeyName(l), past(cfg.presentKeyName(l), made));
                in.put(cfg.pastValueName(l), past(cfg.presentValueName(l), made));
            }
            OrtSession.Result result = session.run(in);
            float[] logits = read(result.get(cfg.logits()).orElseThrow());
            if (cache != null) cache.close(); // the old present.* were this step's inputs: done with them
            cache = result;
            cached = p + s;
            return logits;
        } catch (OrtException e) {
            throw new OrtFailure("onnxruntime failed running " + name + " on " + s + " tokens after " + p + ": " + e.getMessage(), e);
        } finally {
            made.forEach(OnnxTensor::close);
        }
    }

    /** Drops the KV cache. */
    public void reset() {
        if (cache != null) cache.close();
        cache = null;
        cached = 0;
    }

    private OnnxTensor past(String presentName, List<OnnxTensor> made) throws OrtException {
        if (cache != null) return (OnnxTensor) cache.get(presentName).orElseThrow(
                () -> new IllegalStateException("the model has no output '" + presentName + "' named in genai_config.json"));
        long[] empty = {1, cfg.numKeyValueHeads(), 0, cfg.headSize()};
        return track(made, OnnxTensor.createTensor(env, ByteBuffer.allocateDirect(0), empty, kvType));
    }

    private static OnnxTensor track(List<OnnxTensor> made, OnnxTensor t) {
        made.add(t);
        return t;
    }

    private static float[] read(OnnxValue v) {
        FloatBuffer fb = ((OnnxTensor) v).getFloatBuffer(); // fp16 logits come back widened to float
        float[] out = new float[fb.remaining()];
        fb.get(out);
        return out;
    }

    private static long[] range(int[] ids, int from) {
        long[] out = new long[ids.length - from];
        for (int i = from; i < ids.length; i++) out[i - from] = ids[i];
        return out;
    }

    private static long[] ones(int n) {
        long[] out = new long[n];
        java.util.Arrays.fill(out, 1L);
        return out;
    }

    private static long[] positions(int from, int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) out[i] = from + i;
        return out;
    }

    @Override
    public void close() {
        reset();
        try {
            session.close();
        } catch (OrtException e) {
            throw new OrtFailure("onnxruntime failed closing " + name, e);
        }
    }
}
