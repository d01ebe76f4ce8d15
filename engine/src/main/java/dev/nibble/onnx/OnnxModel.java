package dev.nibble.onnx;

import dev.nibble.onnx.proto.Onnx.ModelProto;
import dev.nibble.onnx.proto.Onnx.OperatorSetIdProto;
import dev.nibble.onnx.proto.Onnx.StringStringEntryProto;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A loaded ONNX model: its protobuf (graph, opsets, metadata) and its initializers as
 * {@link Tensor} views, in file order.
 *
 * <p>Initializers stored externally are memory-mapped views of the side files; the
 * protobuf's own initializer entries still carry their original {@code external_data}
 * references and should not be read for data — use {@link #initializer(String)}.
 */
public final class OnnxModel implements AutoCloseable {
    private final Path path;
    private final ModelProto proto;
    private final Map<String, Tensor> initializers;
    private Graph graph;

    OnnxModel(Path path, ModelProto proto, Map<String, Tensor> initializers) {
        this.path = path;
        this.proto = proto;
        this.initializers = Collections.unmodifiableMap(new LinkedHashMap<>(initializers));
    }

    /**
     * Reads {@code file} and maps its external data.
     *
     * @throws ModelFormatException with a message for the user when the file, or any side
     *     file it names, is missing, truncated or not ONNX
     */
    public static OnnxModel load(Path file) {
        return ModelReader.read(file);
    }

    public Path path() { return path; }
    public ModelProto proto() { return proto; }

    /** Initializers by name, in the order the file lists them. */
    public Map<String, Tensor> initializers() { return initializers; }

    public Optional<Tensor> initializer(String name) {
        return Optional.ofNullable(initializers.get(name));
    }

    /** Graph queries (producers, consumers, quantizable weights), built once. */
    public synchronized Graph graph() {
        if (graph == null) graph = new Graph(proto.getGraph(), initializers.keySet());
        return graph;
    }

    /** The MatMul/Gemm weights quantization can rewrite, in graph order (SPEC.md section 2). */
    public java.util.List<QuantizableWeight> quantizableWeights() {
        return graph().quantizableWeights(initializers);
    }

    /** Opset version imported for {@code domain} ("" = the default ONNX domain). */
    public Optional<Long> opset(String domain) {
        for (OperatorSetIdProto op : proto.getOpsetImportList())
            if (op.getDomain().equals(domain) || (domain.isEmpty() && op.getDomain().equals("ai.onnx")))
                return Optional.of(op.getVersion());
        return Optional.empty();
    }

    /** metadata_props as an ordered map. */
    public Map<String, String> metadata() {
        Map<String, String> m = new LinkedHashMap<>();
        for (StringStringEntryProto e : proto.getMetadataPropsList()) m.put(e.getKey(), e.getValue());
        return m;
    }

    /** Writes this model (graph and every initializer) to {@code out}; see {@link ModelWriter}. */
    public void write(Path out) {
        ModelWriter.write(proto, initializers.values(), out);
    }

    /**
     * Ends this model's use. Mappings are released by the garbage collector once no
     * tensor refers to them (Java 21 has no explicit unmap), so this is a marker for
     * try-with-resources and a hook for future native resources.
     */
    @Override
    public void close() {
        // nothing to release eagerly; see above
    }
}
