package dev.nibble.model;

import dev.nibble.onnx.ModelWriter;
import dev.nibble.onnx.TempPaths;
import dev.nibble.onnx.Tensor;
import dev.nibble.onnx.proto.Onnx.ModelProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.List;

/**
 * Writes a derived model (quantized, converted) as a whole genai model folder: the new
 * {@code model.onnx} + {@code .data}, and the source's genai_config.json and tokenizer files.
 *
 * <p>Atomic at the folder level: everything is written into a hidden temporary folder beside
 * the target, which is renamed into place only when complete; on failure it is deleted. An
 * existing target is refused unless {@code overwrite}, and then replaced only after the new
 * folder is complete. The temporary folder is registered with {@link TempPaths}, so a
 * process stopped half-way removes it too.
 */
public final class FolderWriter {
    /** Files copied unchanged from the source folder when present. */
    static final List<String> COPIED = List.of(GenAiConfig.FILE, ModelFolder.TOKENIZER, "tokenizer_config.json",
            "special_tokens_map.json", "added_tokens.json");

    private FolderWriter() {}

    public static ModelFolder write(ModelFolder source, ModelProto model, Collection<Tensor> initializers, Path target, boolean overwrite) {
        Path dst = target.toAbsolutePath().normalize();
        Path parent = dst.getParent();
        if (Files.exists(dst) && !overwrite)
            throw new ModelFolderException("output folder " + dst + " already exists; choose another name or allow overwriting");
        if (parent == null || !Files.isDirectory(parent))
            throw new ModelFolderException("cannot write " + dst + ": the folder " + parent + " does not exist; create it first");
        if (!Files.isWritable(parent))
            throw new ModelFolderException("cannot write " + dst + ": the folder " + parent + " is read-only");
        Path tmp = null;
        try {
            tmp = TempPaths.track(Files.createTempDirectory(parent, "." + dst.getFileName() + ".tmp-"));
            ModelWriter.write(model, initializers, tmp.resolve(source.config().filename()));
            for (String name : COPIED) {
                Path f = source.dir().resolve(name);
                if (Files.isRegularFile(f)) Files.copy(f, tmp.resolve(name));
            }
            Path old = null;
            if (Files.exists(dst)) {
                old = parent.resolve("." + dst.getFileName() + ".old-" + System.nanoTime());
                Files.move(dst, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(tmp, dst, StandardCopyOption.ATOMIC_MOVE);
            TempPaths.release(tmp);
            tmp = null;
            TempPaths.delete(old);
            return ModelFolder.open(dst);
        } catch (IOException e) {
            throw new ModelFolderException("cannot write " + dst + ": " + e.getMessage(), e);
        } finally {
            TempPaths.delete(tmp);
        }
    }
}
