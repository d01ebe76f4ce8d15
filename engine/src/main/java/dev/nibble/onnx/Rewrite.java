package dev.nibble.onnx;

import dev.nibble.onnx.proto.Onnx.ModelProto;
import java.util.List;

/**
 * A rewritten model ready to write: the protobuf (graph, opsets, metadata) and the
 * initializers that replace the graph's own list ({@link ModelWriter#write}).
 */
public record Rewrite(ModelProto proto, List<Tensor> initializers) {
}
