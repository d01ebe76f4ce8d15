package dev.nibble.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the figures were measured on: cores, CPU, load, JVM. */
final class Machine {
    private Machine() {}

    static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The 1-minute load average, or -1 where /proc is missing. */
    static double load() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static void describe(String what) {
        System.out.printf("# nibble bench %s — %d cores, %s, load %.2f, Java %s, %s%n", what,
                Runtime.getRuntime().availableProcessors(), cpuModel(), load(), System.getProperty("java.version"),
                java.time.LocalDateTime.now().withNano(0));
    }

    /** Prints the load at the end of a phase, so a reader sees how busy the machine was. */
    static void loadNote(String phase) {
        System.out.printf("(load average after %s: %.2f on %d cores)%n", phase, load(), Runtime.getRuntime().availableProcessors());
    }
}
