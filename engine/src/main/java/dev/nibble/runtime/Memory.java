package dev.nibble.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Peak resident memory of this process, from Linux's /proc: {@code VmHWM} is the high-water
 * mark of the resident set, and writing "5" to {@code /proc/self/clear_refs} resets it to
 * the current resident size, so a phase's peak is read as reset → run → read.
 * Elsewhere (no /proc) both calls report "unknown" as -1.
 */
public final class Memory {
    private static final Path STATUS = Path.of("/proc/self/status"), CLEAR = Path.of("/proc/self/clear_refs");

    private Memory() {}

    /** Resets the high-water mark; false where the kernel does not allow it. */
    public static boolean resetPeak() {
        try {
            Files.writeString(CLEAR, "5");
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /** Peak resident bytes since the last reset (or process start), or -1 if unknown. */
    public static long peakResident() {
        return field("VmHWM:");
    }

    /** Current resident bytes, or -1 if unknown. */
    public static long resident() {
        return field("VmRSS:");
    }

    private static long field(String name) {
        try {
            for (String line : Files.readAllLines(STATUS))
                if (line.startsWith(name)) return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]) * 1024;
        } catch (IOException | RuntimeException e) {
            // no /proc: unknown
        }
        return -1;
    }
}
