package dev.nibble.dsl;

import dev.nibble.runtime.OrtOptions;
import java.nio.file.Path;

/**
 * What {@code set} changes. {@code threads} 0 = onnxruntime's default (one per core);
 * {@code seed} seeds calibration sampling; {@code workdir} is where quantize and convert
 * write the models they make (a fresh temporary folder per session unless set).
 */
public record Settings(int threads, long seed, Backend backend, Path workdir) {
    public enum Backend {
        /** the real quantized graph in onnxruntime */
        ORT,
        /** fake quantization: weights quantized and dequantized back into float initializers */
        SIMULATED;

        public String id() { return name().toLowerCase(java.util.Locale.ROOT); }
    }

    public static Settings defaults(Path workdir) {
        return new Settings(0, 0, Backend.ORT, workdir);
    }

    public OrtOptions ortOptions() {
        return OrtOptions.DEFAULT.withThreads(threads);
    }

    public Settings with(String key, String value) {
        return switch (key) {
            case "threads" -> new Settings(Integer.parseInt(value), seed, backend, workdir);
            case "seed" -> new Settings(threads, Long.parseLong(value), backend, workdir);
            case "backend" -> new Settings(threads, seed, Backend.valueOf(value.toUpperCase(java.util.Locale.ROOT)), workdir);
            case "workdir" -> new Settings(threads, seed, backend, Path.of(value));
            default -> throw new IllegalArgumentException("no setting '" + key + "'");
        };
    }

    /** One line, for the results table's settings column and {@code show settings}. */
    public String describe() {
        return "threads=" + (threads == 0 ? "auto" : threads) + " seed=" + seed + " backend=" + backend.id() + " workdir=" + (workdir == null ? "(a temporary folder, made when first needed)" : workdir);
    }
}
