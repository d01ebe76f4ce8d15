package dev.nibble.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Temporary files and folders that writers create before renaming into place. Each is
 * registered while it exists, so that a process stopped half-way (Ctrl-C, SIGTERM) removes
 * them in a shutdown hook and leaves no partial output behind.
 */
public final class TempPaths {
    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(TempPaths::delete), "nibble-temp-cleanup"));
    }

    private TempPaths() {}

    /** Remembers {@code p} until {@link #release}; returns it. */
    public static Path track(Path p) {
        LIVE.add(p);
        return p;
    }

    /** {@code p} was renamed into place or deleted: forget it. */
    public static void release(Path p) {
        if (p != null) LIVE.remove(p);
    }

    /** Deletes {@code p} (a file or a whole folder) and forgets it; quiet. */
    public static void delete(Path p) {
        if (p == null) return;
        LIVE.remove(p);
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> files = Files.walk(p)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // best effort: the error that matters was reported already
        }
    }
}
