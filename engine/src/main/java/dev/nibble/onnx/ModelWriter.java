package dev.nibble.onnx;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import dev.nibble.onnx.proto.Onnx.GraphProto;
import dev.nibble.onnx.proto.Onnx.ModelProto;
import dev.nibble.onnx.proto.Onnx.StringStringEntryProto;
import dev.nibble.onnx.proto.Onnx.TensorProto;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Writes a model as {@code <name>.onnx} plus one side file {@code <name>.onnx.data}
 * holding every initializer larger than {@link #EXTERNAL_THRESHOLD} bytes.
 *
 * <p>Why always external: the protobuf file format stops at 2 GB, and a graph without
 * its weights parses in milliseconds. Offsets in the side file are multiples of
 * {@link #ALIGNMENT} (the page size), so onnxruntime and nibble can map tensors directly.
 *
 * <p>Atomic: both files are written under temporary names in the target folder, flushed,
 * then renamed into place (data first, then the model that points at it). On any failure
 * the temporary files are removed and the previous model, if any, is left untouched.
 */
public final class ModelWriter {
    /** Initializers larger than this many bytes go to the side file. */
    public static final long EXTERNAL_THRESHOLD = 1024;
    /** Offsets of tensors in the side file are multiples of this. */
    public static final long ALIGNMENT = 4096;

    private ModelWriter() {}

    /**
     * Writes {@code model}'s graph with {@code initializers} replacing the graph's own
     * initializer list (order kept as given).
     *
     * @throws ModelFormatException if the folder is missing or read-only, or writing fails;
     *     no partial file is left behind
     */
    public static void write(ModelProto model, Collection<Tensor> initializers, Path out) {
        Path target = out.toAbsolutePath().normalize();
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir))
            throw new ModelFormatException("cannot write " + target + ": the folder " + dir + " does not exist; create it first");
        if (!Files.isWritable(dir))
            throw new ModelFormatException("cannot write " + target + ": the folder " + dir + " is read-only");
        if (Files.isDirectory(target))
            throw new ModelFormatException("cannot write " + target + ": a folder of that name is in the way");
        String dataName = target.getFileName() + ".data";
        Path modelTmp = null, dataTmp = null;
        try {
            modelTmp = TempPaths.track(Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp"));
            dataTmp = TempPaths.track(Files.createTempFile(dir, "." + dataName + ".", ".tmp"));
            List<TensorProto> protos = writeData(initializers, dataTmp, dataName);
            GraphProto graph = model.getGraph().toBuilder().clearInitializer().addAllInitializer(protos).build();
            ModelProto full = model.toBuilder().setGraph(graph).build();
            writeProto(full, modelTmp);
            boolean anyExternal = protos.stream().anyMatch(ModelReader::isExternal);
            Path dataFinal = dir.resolve(dataName);
            if (anyExternal) move(dataTmp, dataFinal);
            else Files.delete(dataTmp);
            TempPaths.release(dataTmp);
            dataTmp = null;
            move(modelTmp, target);
            TempPaths.release(modelTmp);
            modelTmp = null;
            if (!anyExternal) Files.deleteIfExists(dataFinal); // an old side file nothing points at any more
        } catch (IOException e) {
            throw new ModelFormatException("cannot write " + target + ": " + describe(e), e);
        } finally {
            TempPaths.delete(modelTmp);
            TempPaths.delete(dataTmp);
        }
    }

    /** Writes the large tensors into {@code dataFile}; returns every initializer's proto. */
    private static List<TensorProto> writeData(Collection<Tensor> tensors, Path dataFile, String location) throws IOException {
        List<TensorProto> protos = new ArrayList<>(tensors.size());
        try (FileChannel ch = FileChannel.open(dataFile, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            long pos = 0;
            for (Tensor t : tensors) {
                TensorProto.Builder b = TensorProto.newBuilder().setName(t.name()).setDataType(t.dtype().code);
                for (long d : t.shape()) b.addDims(d);
                if (t.byteSize() <= EXTERNAL_THRESHOLD) {
                    b.setRawData(ByteString.copyFrom(t.data().toArray()));
                } else {
                    pos = (pos + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
                    t.data().writeTo(ch, pos);
                    b.setDataLocation(TensorProto.DataLocation.EXTERNAL)
                            .addExternalData(entry("location", location))
                            .addExternalData(entry("offset", Long.toString(pos)))
                            .addExternalData(entry("length", Long.toString(t.byteSize())));
                    pos += t.byteSize();
                }
                protos.add(b.build());
            }
            ch.force(true);
        }
        return protos;
    }

    private static void writeProto(ModelProto model, Path file) throws IOException {
        long size = model.getSerializedSize();
        if (size < 0 || size > Integer.MAX_VALUE)
            throw new IOException("the graph alone is over 2 GB, more than protobuf can hold");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
             OutputStream os = Channels.newOutputStream(ch)) {
            CodedOutputStream coded = CodedOutputStream.newInstance(os, 1 << 16);
            model.writeTo(coded);
            coded.flush();
            ch.force(true);
        }
    }

    private static StringStringEntryProto entry(String k, String v) {
        return StringStringEntryProto.newBuilder().setKey(k).setValue(v).build();
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied (" + m + ")";
        if (m != null && m.contains("No space left")) return "the disk is full";
        if (m != null && m.contains("Read-only file system")) return "the file system is read-only";
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
