package dev.nibble.kernel;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The Jupyter kernelspec: a folder {@code nibble/} holding kernel.json, in the places
 * {@code jupyter kernelspec install} uses. kernel.json pins the JDK and the class path
 * of the installing process, so the kernel runs on a JDK >= 21 whatever {@code java} is
 * on the PATH of the Jupyter server (often 17).
 */
public final class KernelSpecs {
    public static final String NAME = "nibble";
    static final String MAIN_CLASS = "dev.nibble.kernel.KernelMain";

    private KernelSpecs() {}

    /** Where {@code --user} installs: Jupyter's per-user data directory, as jupyter_core computes it. */
    public static Path userKernels() {
        String dataDir = System.getenv("JUPYTER_DATA_DIR");
        if (dataDir != null && !dataDir.isBlank()) return Path.of(dataDir, "kernels");
        Path home = Path.of(System.getProperty("user.home"));
        String os = System.getProperty("os.name").toLowerCase();
        if (os.contains("mac")) return home.resolve("Library/Jupyter/kernels");
        if (os.contains("win")) return Path.of(System.getenv("APPDATA"), "jupyter", "kernels");
        String xdg = System.getenv("XDG_DATA_HOME");
        Path data = xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".local/share");
        return data.resolve("jupyter/kernels");
    }

    /** Where {@code --prefix DIR} installs (Jupyter looks there when DIR is its sys.prefix or in JUPYTER_PATH). */
    public static Path prefixKernels(Path prefix) {
        return prefix.resolve("share/jupyter/kernels");
    }

    /** Writes {@code kernels/nibble/kernel.json}, replacing an older one; returns the folder. */
    public static Path install(Path kernels, Path javaHome, String classPath, List<String> extraJvmOptions) throws IOException {
        Path dir = kernels.resolve(NAME);
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "kernel", ".json.tmp");
        Files.writeString(tmp, kernelJson(javaHome, classPath, extraJvmOptions));
        Files.move(tmp, dir.resolve("kernel.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return dir;
    }

    /** Removes {@code kernels/nibble}; false when it was not there. */
    public static boolean uninstall(Path kernels) throws IOException {
        Path dir = kernels.resolve(NAME);
        if (!Files.isDirectory(dir)) return false;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
        return true;
    }

    static String kernelJson(Path javaHome, String classPath, List<String> extraJvmOptions) {
        List<String> argv = new ArrayList<>();
        argv.add(javaHome.resolve("bin").resolve("java").toString());
        argv.add("-Djava.awt.headless=true"); // charts render to PNG; a kernel has no display
        argv.add("--add-modules");
        argv.add("jdk.incubator.vector"); // the engine's quantization kernels use the Vector API
        argv.add("--enable-native-access=ALL-UNNAMED"); // onnxruntime loads native code
        if (Runtime.version().feature() >= 24) argv.add("--sun-misc-unsafe-memory-access=allow");
        argv.addAll(extraJvmOptions);
        argv.add("-cp");
        argv.add(classPath);
        argv.add(MAIN_CLASS);
        argv.add("run");
        argv.add("{connection_file}");
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("argv", argv);
        spec.put("display_name", "nibble (Java + DSL)");
        spec.put("language", "java");
        // interrupts come as messages: a SIGINT would end the JVM instead of the cell
        spec.put("interrupt_mode", "message");
        spec.put("metadata", Map.of("debugger", false));
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(spec) + "\n";
    }
}
