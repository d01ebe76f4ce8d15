package dev.nibble.quant;

import dev.nibble.calib.ActivationStats;
import dev.nibble.onnx.DType;
import dev.nibble.onnx.Graph;
import dev.nibble.onnx.OnnxModel;
import dev.nibble.onnx.Tensor;
import dev.nibble.onnx.proto.Onnx.NodeProto;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * AWQ-lite's per-channel scales for a whole model (SPEC.md section 3, steps 3-5): a search per
 * weight, one shared s for the weights that read the same activation, and where 1/s goes.
 *
 * <p>Where 1/s goes, in order of preference: into the producing RMSNorm/LayerNorm's gamma
 * (a {@code Mul} by a [K] initializer), into the producing MatMul's weight columns, or — when
 * neither is possible or the activation has readers outside the group — a new
 * {@code Mul(x, 1/s)} with the (1, K) constant {@code <x>_pre_quant_scale} in front of the
 * group's MatMuls only. Folding is exact, so the scaled model computes what the original did.
 */
final class Scaling {
    /** Where a group's 1/s is applied. */
    sealed interface Fold {
        /** Divide the [K] gamma initializer of a norm's final Mul. */
        record Gamma(String initializer) implements Fold {}
        /** Divide columns of the producing MatMul's weight initializer (stored [K_prev, K]). */
        record ProducerWeight(String initializer) implements Fold {}
        /** Insert Mul(x, 1/s) in front of the group's nodes. */
        record PreQuantMul(String activation) implements Fold {}
    }

    /** One activation, its readers being scaled, the shared s and where 1/s goes. */
    record Group(String activation, List<WeightPlan> members, float[] scales, Fold fold) {}

    private Scaling() {}

    /** The weights (quantized, float W[K,N]) grouped by the activation they read, in graph order. */
    static Map<String, List<WeightPlan>> byActivation(List<WeightPlan> plans) {
        Map<String, List<WeightPlan>> groups = new LinkedHashMap<>();
        for (WeightPlan p : plans) if (p.quantized()) groups.computeIfAbsent(p.weight().activation(), k -> new ArrayList<>()).add(p);
        return groups;
    }

    /**
     * Searches s for every member, shares it per group and decides the fold.
     *
     * @param weights float W[K, N] by weight initializer name (read, not changed)
     */
    static List<Group> plan(OnnxModel model, Map<String, List<WeightPlan>> groups, Map<String, float[]> weights,
                            Map<String, ActivationStats> stats, Map<String, Double> alphaOut) {
        List<Group> out = new ArrayList<>();
        for (var e : groups.entrySet()) {
            ActivationStats x = stats.get(e.getKey());
            List<float[]> best = new ArrayList<>();
            for (WeightPlan p : e.getValue()) {
                int k = (int) p.weight().k(), n = (int) p.weight().n();
                AwqLite.Result r = AwqLite.search(weights.get(p.weight().weight()), k, n, x.sample(), x.sampleTokens(), x.meanAbs(), p.spec());
                best.add(r.scales());
                alphaOut.put(p.weight().node(), r.alpha());
            }
            float[] s = best.size() == 1 ? best.get(0) : AwqLite.sharedScales(best);
            out.add(new Group(e.getKey(), e.getValue(), s, fold(model, e.getKey(), e.getValue())));
        }
        return out;
    }

    private static Fold fold(OnnxModel model, String x, List<WeightPlan> members) {
        Graph g = model.graph();
        long readers = g.consumers(x).size();
        boolean onlyGroup = readers == members.size() && !isGraphOutput(model, x);
        Optional<NodeProto> producer = g.producer(x);
        if (onlyGroup && producer.isPresent()) {
            NodeProto p = producer.get();
            long k = members.get(0).weight().k();
            if (p.getOpType().equals("Mul") && p.getInputCount() == 2) {
                for (String in : p.getInputList()) {
                    Optional<Tensor> t = model.initializer(in);
                    if (t.isPresent() && t.get().numel() == k && t.get().dtype().isReadableAsFloat() && g.consumers(in).size() == 1)
                        return new Fold.Gamma(in);
                }
            }
            if (p.getOpType().equals("MatMul") && p.getInputCount() == 2) {
                Optional<Tensor> t = model.initializer(p.getInput(1));
                if (t.isPresent() && t.get().rank() == 2 && t.get().dim(1) == k && t.get().dtype() == DType.FLOAT
                        && g.consumers(p.getInput(1)).size() == 1)
                    return new Fold.ProducerWeight(p.getInput(1));
            }
        }
        return new Fold.PreQuantMul(x);
    }

    private static boolean isGraphOutput(OnnxModel model, String x) {
        return model.proto().getGraph().getOutputList().stream().anyMatch(v -> v.getName().equals(x));
    }

    /** gamma / s, or W_prev[:, k] / s[k] for W_prev [K_prev, K]: the fold applied to a float copy. */
    static float[] divideLastAxis(float[] values, float[] s) {
        float[] out = values.clone();
        int k = s.length;
        for (int i = 0; i < out.length; i++) out[i] = (float) (out[i] / (double) s[i % k]);
        return out;
    }
}
