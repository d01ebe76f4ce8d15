package dev.nibble.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.nibble.onnx.proto.Onnx.ModelProto;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bad input fails with a message naming the file and the problem, and leaves nothing behind. */
class BadInputTest {
    @TempDir Path dir;

    private static String fails(Path model) {
        return assertThrows(ModelFormatException.class, () -> OnnxModel.load(model)).getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String p : parts) assertTrue(message.contains(p), "expected '" + p + "' in: " + message);
    }

    private Path writtenByNibble(String name) throws IOException {
        Path src = TestModels.save(TestModels.mlp(5), dir.resolve("src-" + name));
        Path out = dir.resolve(name);
        try (OnnxModel m = OnnxModel.load(src)) {
            m.write(out);
        }
        return out;
    }

    @Test
    void missingFile() {
        assertMentions(fails(dir.resolve("nope.onnx")), "nope.onnx", "does not exist");
    }

    @Test
    void fileThatIsNotProtobuf() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.onnx"), "this is a text file, not a model\n");
        assertMentions(fails(text), "notes.onnx", "not");
        Path png = Files.write(dir.resolve("picture.onnx"), new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13});
        assertMentions(fails(png), "picture.onnx", "not");
    }

    @Test
    void truncatedModel() throws IOException {
        byte[] whole = TestModels.mlp(5).toByteArray();
        Path cut = dir.resolve("cut.onnx");
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length * 3 / 5));
        assertMentions(fails(cut), "cut.onnx", "truncated");
    }

    @Test
    void missingExternalDataFile() throws IOException {
        Path m = writtenByNibble("m.onnx");
        Files.delete(dir.resolve("m.onnx.data"));
        assertMentions(fails(m), "m.onnx.data", "missing");
    }

    @Test
    void externalDataShorterThanOffsetPlusLength() throws IOException {
        Path m = writtenByNibble("short.onnx");
        Path data = dir.resolve("short.onnx.data");
        try (FileChannel ch = FileChannel.open(data, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 100);
        }
        assertMentions(fails(m), "short.onnx.data", "truncated", "needs bytes");
    }

    @Test
    void unknownDataType() throws IOException {
        ModelProto m = TestModels.mlp(5);
        var g = m.getGraph().toBuilder();
        g.setInitializer(2, g.getInitializer(2).toBuilder().setDataType(99));
        Path bad = TestModels.save(m.toBuilder().setGraph(g).build(), dir.resolve("dtype.onnx"));
        assertMentions(fails(bad), "dtype.onnx", "'b'", "data type 99");
    }

    @Test
    void externalDataOutsideTheModelFolderIsRefused() throws IOException {
        Path m = writtenByNibble("esc.onnx");
        ModelProto p = ModelProto.parseFrom(Files.readAllBytes(m));
        var g = p.getGraph().toBuilder();
        for (int i = 0; i < g.getInitializerCount(); i++) {
            var t = g.getInitializer(i);
            if (t.getExternalDataCount() > 0)
                g.setInitializer(i, t.toBuilder().setExternalData(0, t.getExternalData(0).toBuilder().setValue("../../etc/passwd")));
        }
        Files.write(m, p.toBuilder().setGraph(g).build().toByteArray());
        assertMentions(fails(m), "outside");
    }

    @Test
    void writeIntoMissingFolderFailsAndCreatesNothing() throws IOException {
        Path src = TestModels.save(TestModels.mlp(5), dir.resolve("src.onnx"));
        Path target = dir.resolve("no/such/folder/out.onnx");
        try (OnnxModel m = OnnxModel.load(src)) {
            String msg = assertThrows(ModelFormatException.class, () -> m.write(target)).getMessage();
            assertMentions(msg, "does not exist", "folder");
        }
        assertFalse(Files.exists(dir.resolve("no")));
    }

    @Test
    void writeIntoReadOnlyFolderFailsAndLeavesNothing() throws Exception {
        Path src = TestModels.save(TestModels.mlp(5), dir.resolve("src.onnx"));
        Path ro = Files.createDirectory(dir.resolve("ro"));
        makeReadOnly(ro);
        try (OnnxModel m = OnnxModel.load(src)) {
            String msg = assertThrows(ModelFormatException.class, () -> m.write(ro.resolve("out.onnx"))).getMessage();
            assertMentions(msg, "read-only");
        } finally {
            makeWritable(ro);
        }
        try (Stream<Path> files = Files.list(ro)) {
            assertEquals(List.of(), files.toList());
        }
    }

    @Test
    void failedOverwriteKeepsThePreviousModel() throws Exception {
        // the target name is taken by a folder: the write must fail before touching anything
        Path src = TestModels.save(TestModels.mlp(5), dir.resolve("src.onnx"));
        Path blocked = Files.createDirectory(dir.resolve("blocked.onnx"));
        try (OnnxModel m = OnnxModel.load(src)) {
            assertMentions(assertThrows(ModelFormatException.class, () -> m.write(blocked)).getMessage(), "in the way");
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(2, files.count(), "only src.onnx and the folder");
        }
    }

    /** Read-only for everyone, root included: root ignores permission bits, so use the immutable flag. */
    static void makeReadOnly(Path d) throws Exception {
        d.toFile().setWritable(false, false);
        if (Files.isWritable(d)) new ProcessBuilder("chattr", "+i", d.toString()).inheritIO().start().waitFor();
        assumeFalse(Files.isWritable(d), "cannot make a folder read-only here (root without chattr)");
    }

    static void makeWritable(Path d) throws Exception {
        if (!d.toFile().setWritable(true, false) || !Files.isWritable(d))
            new ProcessBuilder("chattr", "-i", d.toString()).inheritIO().start().waitFor();
        d.toFile().setWritable(true, false);
    }
}
