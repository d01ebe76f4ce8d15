package dev.nibble.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.nibble.onnx.proto.Onnx.GraphProto;
import dev.nibble.onnx.proto.Onnx.ModelProto;
import dev.nibble.onnx.proto.Onnx.NodeProto;
import dev.nibble.onnx.proto.Onnx.OperatorSetIdProto;
import dev.nibble.onnx.proto.Onnx.TensorProto;
import dev.nibble.onnx.proto.Onnx.TensorShapeProto;
import dev.nibble.onnx.proto.Onnx.TypeProto;
import dev.nibble.onnx.proto.Onnx.ValueInfoProto;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectTest {
    @TempDir Path dir;

    record Run(int code, String out, String err) {}

    static Run nibble(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** x[batch, 32] · W[32, 16] with W fp16 (1 KiB) and a bias fp32 [16]. */
    static void writeFolder(Path folder) throws Exception {
        ValueInfoProto x = ValueInfoProto.newBuilder().setName("input_ids").setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(1).setShape(TensorShapeProto.newBuilder()
                        .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
                        .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(32))))).build();
        ModelProto m = ModelProto.newBuilder().setIrVersion(10)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(21))
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("com.microsoft").setVersion(1))
                .setGraph(GraphProto.newBuilder()
                        .addInput(x)
                        .addOutput(ValueInfoProto.newBuilder().setName("logits"))
                        .addNode(NodeProto.newBuilder().setOpType("Cast").setName("c").addInput("w").addOutput("wf"))
                        .addNode(NodeProto.newBuilder().setOpType("MatMul").setName("/model/layers.0/mlp/down_proj/MatMul")
                                .addInput("input_ids").addInput("wf").addOutput("logits"))
                        .addInitializer(TensorProto.newBuilder().setName("w").setDataType(10).addDims(32).addDims(16)
                                .setRawData(ByteString.copyFrom(new byte[32 * 16 * 2])))
                        .addInitializer(TensorProto.newBuilder().setName("bias").setDataType(1).addDims(16)
                                .setRawData(ByteString.copyFrom(new byte[64]))))
                .build();
        Files.createDirectories(folder);
        Files.write(folder.resolve("model.onnx"), m.toByteArray());
        Files.writeString(folder.resolve("genai_config.json"), """
                {"model": {"type": "llama", "vocab_size": 4096, "context_length": 1024, "bos_token_id": 0,
                  "eos_token_id": [0, 2], "pad_token_id": 0,
                  "decoder": {"filename": "model.onnx", "head_size": 64, "hidden_size": 256,
                    "num_attention_heads": 4, "num_key_value_heads": 2, "num_hidden_layers": 8,
                    "inputs": {"input_ids": "input_ids"}, "outputs": {"logits": "logits"}}}}
                """);
    }

    @Test
    void inspectsAGenaiFolder() throws Exception {
        writeFolder(dir.resolve("m"));
        Run r = nibble("inspect", dir.resolve("m").toString());
        assertEquals(0, r.code(), r.err());
        for (String want : new String[] {"type             llama", "layers           8", "4 query, 2 key/value, head size 64",
                "context length   1024", "ai.onnx 21, com.microsoft 1", "input_ids: float32[batch, 32]", "parameters       528 ",
                "float16", "1.0 KB", "/model/layers.0/mlp/down_proj/MatMul", "K=32", "N=16", "bos / eos / pad  0 / [0, 2] / 0"})
            assertTrue(r.out().contains(want), "missing '" + want + "' in\n" + r.out());
    }

    @Test
    void reportsUserErrorsInOneLine() throws Exception {
        Run missing = nibble("inspect", dir.resolve("nothing-here").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().startsWith("nibble: model file ") && missing.err().contains("does not exist"), missing.err());
        assertEquals(1, missing.err().strip().lines().count(), missing.err());

        Files.createDirectories(dir.resolve("empty"));
        Run empty = nibble("inspect", dir.resolve("empty").toString());
        assertEquals(1, empty.code());
        assertTrue(empty.err().contains("has no model.onnx"), empty.err());

        Run unknown = nibble("frobnicate");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("unknown command 'frobnicate'"), unknown.err());
    }
}
