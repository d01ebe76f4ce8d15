package dev.nibble.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nibble.model.ShippedModel;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping nibble in the middle of a quantization (SIGTERM, or SIGINT from Ctrl-C: both run
 * the JVM's shutdown hooks) leaves no partial model folder and no temporary files behind.
 */
class InterruptTest {
    @TempDir Path dir;

    /** The runtime class path: this JVM's without Surefire's and JUnit's jars. */
    static String runtimeClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.contains("/org/apache/maven/surefire/") && !e.contains("/org/junit/")
                        && !e.contains("/org/opentest4j/") && !e.contains("/org/apiguardian/"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    @Test
    void aStoppedQuantizationLeavesNothingHalfWritten() throws Exception {
        Path work = Files.createDirectory(dir.resolve("work"));
        Path script = Files.writeString(dir.resolve("q.nib"), """
                set workdir %s
                load base = %s
                quantize base as a4 int4 awq
                """.formatted(work, ShippedModel.dir()));
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        Process p = new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "--add-modules", "jdk.incubator.vector",
                "-Djava.io.tmpdir=" + tmp, "-cp", runtimeClassPath(), "dev.nibble.cli.Main", "run", script.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
        // wait until the quantization is under way (its activation-capture folder exists), then stop it
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && p.isAlive() && !anyCapture(tmp)) Thread.sleep(20);
        assertTrue(anyCapture(tmp) && p.isAlive(), "never caught nibble mid-quantization:\n" + Files.readString(dir.resolve("out.txt")));
        Thread.sleep(300);
        p.destroy(); // SIGTERM: the JVM runs its shutdown hooks, as on Ctrl-C
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "nibble did not stop");
        assertEquals(List.of(), list(work), "no model folder, finished or partial, in the work folder");
        assertTrue(!anyCapture(tmp), "no activation-capture folder left in " + tmp + ": " + list(tmp));
    }

    private static boolean anyCapture(Path tmp) throws Exception {
        return list(tmp).stream().anyMatch(n -> n.startsWith("nibble-capture-"));
    }

    private static List<String> list(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(x -> x.getFileName().toString()).sorted().toList();
        }
    }
}
