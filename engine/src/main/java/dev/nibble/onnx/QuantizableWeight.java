package dev.nibble.onnx;

import java.util.List;

/**
 * One weight that weight-only quantization can rewrite (SPEC.md section 2): input 1 of a
 * MatMul or Gemm, a 2-D float initializer, possibly behind Cast/Transpose nodes the
 * exporter emitted, read by a node whose input 0 is an activation.
 *
 * @param node       name of the MatMul/Gemm node (e.g. "/model/layers.0/attn/q_proj/MatMul")
 * @param op         "MatMul" or "Gemm"
 * @param activation the tensor the node multiplies, x in y = x·W
 * @param weight     the initializer holding W
 * @param k          input channels (rows of W[K, N])
 * @param n          output channels
 * @param transposed true when the initializer is stored [N, K] (Gemm transB=1 or a Transpose)
 * @param via        op types between the initializer and the node, nearest the initializer first
 */
public record QuantizableWeight(String node, String op, String activation, String weight,
                                long k, long n, boolean transposed, List<String> via) {
}
