package dev.nibble.onnx;

import dev.nibble.onnx.proto.Onnx.OperatorSetIdProto;
import dev.nibble.onnx.proto.Onnx.TensorShapeProto;
import dev.nibble.onnx.proto.Onnx.TypeProto;
import dev.nibble.onnx.proto.Onnx.ValueInfoProto;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What {@code nibble inspect} reports about one ONNX file.
 *
 * @param opsets       "domain version" pairs, the default domain shown as "ai.onnx"
 * @param inputs       graph inputs with type and shape, e.g. "input_ids: int64[batch, sequence]"
 * @param outputs      graph outputs, same form
 * @param parameters   elements in all initializers
 * @param bytesByDtype initializer bytes per element type
 * @param weights      the quantizable MatMul/Gemm weights
 */
public record ModelSummary(long irVersion, String producer, List<String> opsets, List<String> inputs, List<String> outputs,
                           int nodes, int initializers, long parameters, Map<DType, Long> bytesByDtype,
                           List<QuantizableWeight> weights, Map<String, String> metadata) {

    public static ModelSummary of(OnnxModel model) {
        var p = model.proto();
        List<String> opsets = new ArrayList<>();
        for (OperatorSetIdProto o : p.getOpsetImportList())
            opsets.add((o.getDomain().isEmpty() ? "ai.onnx" : o.getDomain()) + " " + o.getVersion());
        Map<DType, Long> bytes = new EnumMap<>(DType.class);
        long params = 0;
        for (Tensor t : model.initializers().values()) {
            params += t.numel();
            bytes.merge(t.dtype(), t.byteSize(), Long::sum);
        }
        String producer = (p.getProducerName() + " " + p.getProducerVersion()).trim();
        return new ModelSummary(p.getIrVersion(), producer, opsets, describe(p.getGraph().getInputList(), model),
                describe(p.getGraph().getOutputList(), model), p.getGraph().getNodeCount(), model.initializers().size(),
                params, bytes, model.quantizableWeights(), model.metadata());
    }

    public long totalBytes() {
        return bytesByDtype.values().stream().mapToLong(Long::longValue).sum();
    }

    private static List<String> describe(List<ValueInfoProto> values, OnnxModel model) {
        return values.stream()
                .filter(v -> model.initializer(v.getName()).isEmpty()) // old exporters list initializers as inputs
                .map(v -> v.getName() + ": " + typeString(v.getType()))
                .collect(Collectors.toList());
    }

    /** "float32[batch, 4096]" for a tensor type; the kind of value otherwise. */
    public static String typeString(TypeProto type) {
        if (!type.hasTensorType()) return type.getValueCase().name().toLowerCase(java.util.Locale.ROOT);
        var tt = type.getTensorType();
        String dt = DType.fromCode(tt.getElemType()).map(d -> d == DType.FLOAT ? "float32" : d.label()).orElse("type" + tt.getElemType());
        if (!tt.hasShape()) return dt;
        return dt + tt.getShape().getDimList().stream().map(ModelSummary::dim).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String dim(TensorShapeProto.Dimension d) {
        return switch (d.getValueCase()) {
            case DIM_VALUE -> Long.toString(d.getDimValue());
            case DIM_PARAM -> d.getDimParam();
            default -> "?";
        };
    }
}
