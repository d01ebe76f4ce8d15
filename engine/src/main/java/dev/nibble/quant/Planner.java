package dev.nibble.quant;

import dev.nibble.onnx.DType;
import dev.nibble.onnx.OnnxModel;
import dev.nibble.onnx.QuantizableWeight;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Turns a recipe into one {@link WeightPlan} per quantizable weight of a model (SPEC.md section 2). */
public final class Planner {
    /** Node names of LM heads, left in float by default (as every peer tool does). */
    static final Pattern LM_HEAD = Pattern.compile("/lm_head|lm_head/|^lm_head");

    private Planner() {}

    /**
     * The mixed rule over the weights' names; where no name shows a layer and a v/down role
     * (rules mixed and mixed-kquant), over stand-in names found from the graph's structure.
     */
    private static MixedPrecision.Plan mixedPlan(OnnxModel model, Recipe recipe, List<QuantizableWeight> kept) {
        List<String> names = kept.stream().map(QuantizableWeight::node).toList();
        try {
            return MixedPrecision.plan(recipe.rule(), names);
        } catch (IllegalArgumentException byName) {
            if (recipe.rule().startsWith("mixed:")) throw new QuantException(byName.getMessage(), byName);
            java.util.Map<String, String> found = StructuralRoles.names(model.graph(), kept);
            if (found.isEmpty()) throw new QuantException(byName.getMessage(), byName);
            List<String> standIns = names.stream().map(n -> found.getOrDefault(n, "/other/" + n)).toList();
            MixedPrecision.Plan p;
            try {
                p = MixedPrecision.plan(recipe.rule(), standIns);
            } catch (IllegalArgumentException e) {
                throw new QuantException(e.getMessage() + " (roles found from the graph's structure)", e);
            }
            List<MixedPrecision.Choice> choices = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                MixedPrecision.Choice c = p.choices().get(i);
                String why = found.containsKey(names.get(i))
                        ? c.why() + " (role found from the graph's structure: " + names.get(i) + ")"
                        : names.get(i) + ": INT4 (not a v/qkv or down projection)";
                choices.add(new MixedPrecision.Choice(names.get(i), c.int8(), why));
            }
            return new MixedPrecision.Plan(p.rule(), List.copyOf(choices));
        }
    }

    /** @throws QuantException if the model has no quantizable MatMul, or the recipe's rule cannot apply */
    public static List<WeightPlan> plan(OnnxModel model, Recipe recipe) {
        List<QuantizableWeight> all = model.quantizableWeights();
        if (all.isEmpty())
            throw new QuantException(model.path().getFileName() + " has no quantizable MatMul or Gemm (a 2-D float initializer "
                    + "multiplied by an activation); there is nothing to quantize");
        Pattern exclude = recipe.exclude() == null ? null : Pattern.compile(recipe.exclude());
        List<QuantizableWeight> kept = new ArrayList<>();
        List<WeightPlan> plans = new ArrayList<>();
        for (QuantizableWeight w : all) {
            if (LM_HEAD.matcher(w.node()).find()) plans.add(new WeightPlan(w, null, "excluded: LM head (default)"));
            else if (exclude != null && exclude.matcher(w.node()).find()) plans.add(new WeightPlan(w, null, "excluded by pattern " + recipe.exclude()));
            else {
                kept.add(w);
                plans.add(null); // filled below, in order
            }
        }
        if (kept.isEmpty())
            throw new QuantException("every quantizable weight of " + model.path().getFileName() + " is excluded; nothing would be quantized");
        MixedPrecision.Plan mixed = null;
        if (recipe.mixed()) mixed = mixedPlan(model, recipe, kept);
        int next = 0;
        for (int i = 0; i < plans.size(); i++) {
            if (plans.get(i) != null) continue;
            QuantizableWeight w = kept.get(next++);
            // scales in the dtype the MatMul computes in: fp16 only for fp16 weights used as they are (no Cast to float)
            boolean fp16 = !w.via().contains("Cast") && model.initializer(w.weight()).map(t -> t.dtype() == DType.FLOAT16).orElse(false);
            DType scaleType = fp16 ? DType.FLOAT16 : DType.FLOAT;
            QuantSpec spec;
            String why;
            if (mixed != null) {
                MixedPrecision.Choice c = mixed.choice(w.node()).orElseThrow();
                spec = c.int8() ? recipe.int8Spec() : recipe.int4Spec();
                why = c.why();
            } else {
                spec = recipe.bits().equals("int8") ? recipe.int8Spec() : recipe.int4Spec();
                why = recipe.bits().toUpperCase(java.util.Locale.ROOT) + " " + recipe.method().label();
            }
            plans.set(i, new WeightPlan(w, spec.withScaleType(scaleType), why));
        }
        return plans;
    }
}
