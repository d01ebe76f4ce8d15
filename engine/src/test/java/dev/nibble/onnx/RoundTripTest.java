package dev.nibble.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nibble.onnx.proto.Onnx.ModelProto;
import dev.nibble.onnx.proto.Onnx.StringStringEntryProto;
import dev.nibble.onnx.proto.Onnx.TensorProto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoundTripTest {
    @TempDir Path dir;

    /** The bytes each initializer of the original holds, taken from the protobuf directly. */
    private static Map<String, byte[]> expectedBytes(ModelProto m) {
        Map<String, byte[]> out = new HashMap<>();
        for (TensorProto t : m.getGraph().getInitializerList()) {
            if (t.hasRawData()) out.put(t.getName(), t.getRawData().toByteArray());
        }
        // the typed fields, laid out little-endian by hand
        out.put("typed_i64", le64(-1, 1L << 40, 7));
        out.put("typed_f32", le32(Float.floatToRawIntBits(1.5f), Float.floatToRawIntBits(-0.25f)));
        return out;
    }

    static byte[] le64(long... v) {
        byte[] b = new byte[8 * v.length];
        for (int i = 0; i < v.length; i++) for (int j = 0; j < 8; j++) b[8 * i + j] = (byte) (v[i] >>> (8 * j));
        return b;
    }

    static byte[] le32(int... v) {
        byte[] b = new byte[4 * v.length];
        for (int i = 0; i < v.length; i++) for (int j = 0; j < 4; j++) b[4 * i + j] = (byte) (v[i] >>> (8 * j));
        return b;
    }

    @Test
    void readWriteReadKeepsEveryTensorBitIdentical() throws Exception {
        ModelProto original = TestModels.mlp(1);
        Map<String, byte[]> want = expectedBytes(original);
        Path src = TestModels.save(original, dir.resolve("orig.onnx"));

        Path first = dir.resolve("first.onnx"), second = dir.resolve("second.onnx");
        try (OnnxModel m = OnnxModel.load(src)) {
            assertEquals(want.keySet(), m.initializers().keySet());
            for (var e : want.entrySet()) assertArrayEquals(e.getValue(), m.initializers().get(e.getKey()).data().toArray(), e.getKey());
            m.write(first);
        }
        try (OnnxModel m = OnnxModel.load(first)) {
            for (var e : want.entrySet()) assertArrayEquals(e.getValue(), m.initializers().get(e.getKey()).data().toArray(), e.getKey());
            assertEquals(original.getGraph().getNodeList(), m.proto().getGraph().getNodeList());
            assertEquals(original.getGraph().getInputList(), m.proto().getGraph().getInputList());
            m.write(second);
        }
        try (OnnxModel m = OnnxModel.load(second)) {
            for (var e : want.entrySet()) assertArrayEquals(e.getValue(), m.initializers().get(e.getKey()).data().toArray(), e.getKey());
        }
        // nothing but the two models and their side files
        try (var files = Files.list(dir)) {
            assertEquals(5, files.count(), "orig.onnx, first.onnx(.data), second.onnx(.data)");
        }
    }

    @Test
    void largeTensorsGoExternalAtAlignedOffsetsSmallOnesStayInline() throws Exception {
        Path src = TestModels.save(TestModels.mlp(2), dir.resolve("orig.onnx"));
        Path out = dir.resolve("out.onnx");
        try (OnnxModel m = OnnxModel.load(src)) {
            m.write(out);
        }
        ModelProto written = ModelProto.parseFrom(Files.readAllBytes(out));
        long dataSize = Files.size(dir.resolve("out.onnx.data"));
        for (TensorProto t : written.getGraph().getInitializerList()) {
            long bytes = DType.fromCode(t.getDataType()).orElseThrow().byteSize(t.getDimsList().stream().reduce(1L, Math::multiplyExact));
            if (bytes > 1024) {
                assertEquals(TensorProto.DataLocation.EXTERNAL, t.getDataLocation(), t.getName());
                Map<String, String> ext = new HashMap<>();
                for (StringStringEntryProto e : t.getExternalDataList()) ext.put(e.getKey(), e.getValue());
                assertEquals("out.onnx.data", ext.get("location"));
                long offset = Long.parseLong(ext.get("offset"));
                assertEquals(0, offset % 4096, t.getName() + " offset " + offset);
                assertEquals(bytes, Long.parseLong(ext.get("length")));
                assertTrue(offset + bytes <= dataSize);
                assertFalse(t.hasRawData());
            } else {
                assertTrue(t.hasRawData(), t.getName() + " (" + bytes + " bytes) should be inline");
            }
        }
    }

    @Test
    void unknownFieldsSurviveARoundTrip() throws Exception {
        // field 20 of ModelProto (training_info) is not in nibble's schema; it must come back unchanged
        ModelProto base = TestModels.mlp(3);
        byte[] extra = {(byte) 0xa2, 0x01, 0x02, 0x0a, 0x00}; // tag (20 << 3 | 2), length 2, then an empty field 1
        byte[] withExtra = new byte[base.getSerializedSize() + extra.length];
        System.arraycopy(base.toByteArray(), 0, withExtra, 0, base.getSerializedSize());
        System.arraycopy(extra, 0, withExtra, base.getSerializedSize(), extra.length);
        Path src = dir.resolve("extra.onnx");
        Files.write(src, withExtra);
        Path out = dir.resolve("extra-out.onnx");
        try (OnnxModel m = OnnxModel.load(src)) {
            m.write(out);
        }
        ModelProto back = ModelProto.parseFrom(Files.readAllBytes(out));
        assertTrue(back.getUnknownFields().hasField(20), "training_info kept");
    }
}
