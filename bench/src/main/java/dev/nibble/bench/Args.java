package dev.nibble.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** {@code --key value} options after the subcommand; every option has a default. */
final class Args {
    private final Map<String, String> values = new HashMap<>();

    Args(String[] args, int from) {
        for (int i = from; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length)
                throw new IllegalArgumentException("expected --option value, got '" + args[i] + "'");
            values.put(args[i].substring(2), args[++i]);
        }
    }

    String get(String key, String def) { return values.getOrDefault(key, def); }
    int getInt(String key, int def) { return Integer.parseInt(get(key, Integer.toString(def))); }

    /** --model, else models/tiny-kjv under nibble.root, else the smoke copy in /tmp. */
    Path model() {
        if (values.containsKey("model")) return Path.of(values.get("model"));
        Path shipped = Path.of(System.getProperty("nibble.root", ".")).resolve("models/tiny-kjv");
        if (Files.isRegularFile(shipped.resolve("model.onnx"))) return shipped;
        System.out.println("(models/tiny-kjv/model.onnx not found: using the smoke copy /tmp/tiny-kjv-smoke; pass --model DIR)");
        return Path.of("/tmp/tiny-kjv-smoke");
    }

    /** Scratch folder for derived models and outputs (--tmp, default /tmp/nibble-bench). */
    Path scratch() {
        try {
            return Files.createDirectories(Path.of(get("tmp", "/tmp/nibble-bench")));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
