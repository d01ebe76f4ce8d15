package dev.nibble.quant;

import dev.nibble.onnx.QuantizableWeight;

/**
 * The decision for one quantizable weight: its spec, or none (left in float), and why —
 * e.g. "layer 0 v_proj: INT8 by rule mixed (first n//8)" or "excluded: LM head".
 */
public record WeightPlan(QuantizableWeight weight, QuantSpec spec, String why) {
    public boolean quantized() { return spec != null; }
}
