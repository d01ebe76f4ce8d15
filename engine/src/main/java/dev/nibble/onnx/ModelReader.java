package dev.nibble.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.nibble.onnx.proto.Onnx.ModelProto;
import dev.nibble.onnx.proto.Onnx.StringStringEntryProto;
import dev.nibble.onnx.proto.Onnx.TensorProto;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads an ONNX file and gives every initializer as a {@link Tensor} view.
 *
 * <p>External data is memory-mapped, tensor by tensor, read-only: nothing proportional to
 * the weights is copied to the heap, and files and tensors beyond 2 GB work ({@link Bytes}
 * spans several mappings). A mapping lives until the garbage collector drops it, so
 * {@link OnnxModel#close()} only forgets the views. The .onnx file itself holds the graph
 * and small inline tensors, so it is parsed from a stream.
 */
final class ModelReader {
    private ModelReader() {}

    static OnnxModel read(Path file) {
        Path path = file.toAbsolutePath().normalize();
        if (Files.isDirectory(path))
            throw new ModelFormatException(path + " is a folder; give the .onnx file inside it (or load the folder as a model folder)");
        if (!Files.isRegularFile(path))
            throw new ModelFormatException("model file " + path + " does not exist");
        ModelProto proto = parse(path);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<Path, FileChannel> open = new HashMap<>();
        try {
            for (TensorProto t : proto.getGraph().getInitializerList()) {
                Tensor tensor = toTensor(t, path, open);
                if (tensors.put(t.getName(), tensor) != null)
                    throw new ModelFormatException(path.getFileName() + ": two initializers are named '" + t.getName() + "'");
            }
        } finally {
            for (FileChannel ch : open.values()) closeQuietly(ch);
        }
        return new OnnxModel(path, proto, tensors);
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // mappings stay valid after the channel closes
        }
    }

    private static ModelProto parse(Path path) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            CodedInputStream coded = CodedInputStream.newInstance(in);
            coded.setSizeLimit(Integer.MAX_VALUE);
            coded.setRecursionLimit(1000); // nested subgraphs (If/Loop bodies) go deeper than the default 100
            ModelProto proto = ModelProto.parseFrom(coded);
            if (!proto.hasGraph() || proto.getIrVersion() <= 0)
                throw new ModelFormatException(path + " is not an ONNX model: it parses as protobuf but has no "
                        + (proto.hasGraph() ? "ir_version" : "graph") + ". Check that this is the .onnx file, not its .data file or another format.");
            return proto;
        } catch (InvalidProtocolBufferException e) {
            throw new ModelFormatException(path + " is not a readable ONNX model (" + e.getMessage()
                    + "). The file is truncated or not ONNX; re-export or re-download it.", e);
        } catch (IOException e) {
            throw new ModelFormatException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    private static Tensor toTensor(TensorProto t, Path model, Map<Path, FileChannel> open) {
        String name = t.getName();
        DType dtype = DType.fromCode(t.getDataType()).orElseThrow(() -> new ModelFormatException(
                model.getFileName() + ": tensor '" + name + "' has data type " + t.getDataType()
                        + ", which is not an ONNX IR 10 type (1-24). The file is corrupt or from a newer ONNX version."));
        if (dtype == DType.STRING)
            throw new ModelFormatException(model.getFileName() + ": tensor '" + name + "' holds strings; nibble reads numeric initializers only");
        long[] shape = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        for (long d : shape)
            if (d < 0) throw new ModelFormatException(model.getFileName() + ": tensor '" + name + "' has a negative dimension");
        long need = dtype.byteSize(Tensor.numel(shape));
        Bytes data = isExternal(t) ? external(t, need, model, open) : inline(t, dtype, need, model);
        return new Tensor(name, dtype, shape, data);
    }

    static boolean isExternal(TensorProto t) {
        return t.getDataLocation() == TensorProto.DataLocation.EXTERNAL || t.getExternalDataCount() > 0;
    }

    private static Bytes external(TensorProto t, long need, Path model, Map<Path, FileChannel> open) {
        String location = null;
        long offset = 0, length = -1;
        for (StringStringEntryProto e : t.getExternalDataList()) {
            try {
                switch (e.getKey()) {
                    case "location" -> location = e.getValue();
                    case "offset" -> offset = Long.parseLong(e.getValue());
                    case "length" -> length = Long.parseLong(e.getValue());
                    default -> { } // "checksum" and future keys: not needed to read
                }
            } catch (NumberFormatException ex) {
                throw new ModelFormatException(model.getFileName() + ": tensor '" + t.getName() + "' has external_data "
                        + e.getKey() + "='" + e.getValue() + "', which is not a number");
            }
        }
        if (location == null || location.isEmpty())
            throw new ModelFormatException(model.getFileName() + ": tensor '" + t.getName() + "' is external but names no location");
        Path dir = model.getParent();
        Path file = dir.resolve(location).normalize();
        if (Path.of(location).isAbsolute() || !file.startsWith(dir))
            throw new ModelFormatException(model.getFileName() + ": tensor '" + t.getName() + "' points outside the model's folder ("
                    + location + "); ONNX external data must sit beside the model");
        if (length < 0) length = need;
        if (length != need)
            throw new ModelFormatException(model.getFileName() + ": tensor '" + t.getName() + "' claims " + length
                    + " bytes of external data but its type and shape need " + need);
        FileChannel ch = open.computeIfAbsent(file, f -> openData(f, model, t.getName()));
        try {
            long fileSize = ch.size();
            if (offset < 0 || offset + length > fileSize)
                throw new ModelFormatException(file.getFileName() + " is " + Sizes.human(fileSize) + " (" + fileSize
                        + " bytes) but tensor '" + t.getName() + "' needs bytes " + offset + "-" + (offset + length)
                        + "; the file is truncated. Copy the model again, with its .data file whole.");
            return Bytes.map(ch, offset, length);
        } catch (IOException e) {
            throw new ModelFormatException("cannot map " + file + ": " + e.getMessage(), e);
        }
    }

    private static FileChannel openData(Path file, Path model, String tensor) {
        if (!Files.isRegularFile(file))
            throw new ModelFormatException(model.getFileName() + " keeps tensor '" + tensor + "' in " + file.getFileName()
                    + ", which is missing from " + file.getParent() + ". Copy the .data file beside the model.");
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new ModelFormatException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    /** Inline data: raw_data as is, or a typed field converted to raw layout. */
    private static Bytes inline(TensorProto t, DType dtype, long need, Path model) {
        if (t.hasRawData()) {
            if (t.getRawData().size() != need)
                throw new ModelFormatException(model.getFileName() + ": tensor '" + t.getName() + "' has " + t.getRawData().size()
                        + " bytes of raw_data but its type and shape need " + need);
            return Bytes.of(t.getRawData().asReadOnlyByteBuffer());
        }
        Bytes out = Bytes.allocate(need);
        int n = switch (dtype) {
            case FLOAT -> fill(t.getFloatDataCount(), i -> out.putFloat(4L * i, t.getFloatData(i)));
            case DOUBLE -> fill(t.getDoubleDataCount(), i -> out.putDouble(8L * i, t.getDoubleData(i)));
            case INT64 -> fill(t.getInt64DataCount(), i -> out.putLong(8L * i, t.getInt64Data(i)));
            case UINT64 -> fill(t.getUint64DataCount(), i -> out.putLong(8L * i, t.getUint64Data(i)));
            case UINT32 -> fill(t.getUint64DataCount(), i -> out.putInt(4L * i, (int) t.getUint64Data(i)));
            case INT32 -> fill(t.getInt32DataCount(), i -> out.putInt(4L * i, t.getInt32Data(i)));
            case INT16, UINT16, FLOAT16, BFLOAT16 -> fill(t.getInt32DataCount(), i -> out.putShort(2L * i, (short) t.getInt32Data(i)));
            // 8-bit types one element per int32; 4-bit types one packed byte (two elements) per int32
            default -> fill(t.getInt32DataCount(), i -> out.put(i, (byte) t.getInt32Data(i)));
        };
        long unit = dtype.bits < 8 ? 1 : dtype.bits / 8;
        if (n * unit != need)
            throw new ModelFormatException(model.getFileName() + ": tensor '" + t.getName() + "' has " + n
                    + " stored values but its shape " + t.getDimsList() + " needs " + (need / unit));
        return out;
    }

    /** Runs {@code put} for each stored value; returns how many there were (checked by the caller). */
    private static int fill(int count, java.util.function.IntConsumer put) {
        try {
            for (int i = 0; i < count; i++) put.accept(i);
        } catch (IndexOutOfBoundsException e) {
            // more values than the shape holds: the caller's count check reports it
        }
        return count;
    }
}
