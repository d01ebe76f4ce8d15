package dev.nibble.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.nibble.onnx.proto.Onnx.GraphProto;
import dev.nibble.onnx.proto.Onnx.StringStringEntryProto;
import dev.nibble.onnx.proto.Onnx.TensorProto;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model whose external data (2.4 GB) and single weight (2.4 GB) exceed 2 GB loads and
 * round-trips byte for byte while the heap stays small. Run with {@code ./nibble test -Plarge}
 * (the profile also caps the test heap at 512 MB, so a copy could not even fit).
 */
@EnabledIfSystemProperty(named = "nibble.large", matches = "true")
class LargeModelTest {
    @TempDir Path dir;

    static final long ROWS = 4, COLS = 150_000_000L;   // big: fp32 [4, 150M] = 2.4 GB
    static final long BIG = ROWS * COLS * 4;

    /** The value at flat index i, computed the same way when writing and checking. */
    static float pattern(long i) {
        return (float) ((i * 2654435761L) % 1_000_003L) - 500_000f;
    }

    @Test
    void loadsAndRoundTripsBeyondTwoGigabytes() throws Exception {
        Path data = dir.resolve("big.onnx.data");
        try (FileChannel ch = FileChannel.open(data, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.allocateDirect(1 << 24).order(ByteOrder.LITTLE_ENDIAN);
            for (long i = 0; i < ROWS * COLS; ) {
                buf.clear();
                while (buf.remaining() >= 4 && i < ROWS * COLS) buf.putFloat(pattern(i++));
                buf.flip();
                while (buf.hasRemaining()) ch.write(buf);
            }
            // a small tensor after the big one: its offset is beyond 2^31
            ByteBuffer tail = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putFloat(1).putFloat(2).putFloat(3).putFloat(4).flip();
            ch.write(tail, BIG);
        }
        GraphProto.Builder g = GraphProto.newBuilder()
                .addInput(TestModels.value("x", DType.FLOAT, 1, ROWS))
                .addOutput(TestModels.value("y", DType.FLOAT, 1, COLS))
                .addNode(TestModels.node("MatMul", "/big/MatMul", new String[] {"x", "big"}, "y"))
                .addInitializer(external("big", BIG, 0, ROWS, COLS))
                .addInitializer(external("tail", 16, BIG, 4))
                .addInitializer(TensorProto.newBuilder().setName("inline").setDataType(1).addDims(1).setRawData(ByteString.copyFrom(new byte[4])));
        Path model = TestModels.save(TestModels.model(g), dir.resolve("big.onnx"));

        resetPeaks();
        long before = heapUsed();
        Path outDir = Files.createDirectory(dir.resolve("out"));
        try (OnnxModel m = OnnxModel.load(model)) {
            Tensor big = m.initializer("big").orElseThrow();
            assertEquals(BIG, big.byteSize());
            Random r = new Random(3);
            long chunkEdge = (1L << 30) / 4; // first element of the second 1 GiB mapping
            for (long i : new long[] {0, chunkEdge - 1, chunkEdge, 2 * chunkEdge, ROWS * COLS - 1}) assertEquals(pattern(i), big.getFloat(i), "element " + i);
            for (int k = 0; k < 1000; k++) {
                long i = (long) (r.nextDouble() * ROWS * COLS);
                assertEquals(pattern(i), big.getFloat(i), "element " + i);
            }
            assertEquals(3f, m.initializer("tail").orElseThrow().getFloat(2));
            m.write(outDir.resolve("big.onnx"));
            try (OnnxModel back = OnnxModel.load(outDir.resolve("big.onnx"))) {
                for (String name : m.initializers().keySet())
                    assertTrue(m.initializers().get(name).data().contentEquals(back.initializers().get(name).data()), name);
            }
        }
        long peak = peakHeap();
        System.out.printf("large model: %.2f GB of weights; heap before %d MB, peak during load+write+reload+compare %d MB%n",
                (BIG + 16) / 1e9, before >> 20, peak >> 20);
        assertTrue(peak - before < 128L << 20, "heap grew by " + ((peak - before) >> 20) + " MB for a 2.4 GB model");
    }

    private static TensorProto external(String name, long length, long offset, long... dims) {
        TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(DType.FLOAT.code)
                .setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue("big.onnx.data"))
                .addExternalData(StringStringEntryProto.newBuilder().setKey("offset").setValue(Long.toString(offset)))
                .addExternalData(StringStringEntryProto.newBuilder().setKey("length").setValue(Long.toString(length)));
        for (long d : dims) b.addDims(d);
        return b.build();
    }

    private static long heapUsed() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) if (p.getType() == MemoryType.HEAP) p.resetPeakUsage();
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) if (p.getType() == MemoryType.HEAP) sum += p.getPeakUsage().getUsed();
        return sum;
    }
}
