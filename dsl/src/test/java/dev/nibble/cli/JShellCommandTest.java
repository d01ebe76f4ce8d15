package dev.nibble.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nibble jshell}: the command line it builds, and a real JShell that runs the startup script and a statement. */
class JShellCommandTest {
    @TempDir Path dir;

    @Test
    void commandCarriesTheClassPathAndTheRemoteVmFlags() {
        List<String> cmd = JShellCommand.command(Path.of("/jdk/bin/jshell"), "a.jar:b.jar", Path.of("/tmp/s.jsh"), 25);
        assertEquals(List.of("/jdk/bin/jshell", "--class-path", "a.jar:b.jar", "--add-modules", "jdk.incubator.vector"), cmd.subList(0, 5));
        assertTrue(cmd.contains("-R--add-modules=jdk.incubator.vector"), cmd.toString());
        assertTrue(cmd.contains("-R-Djava.awt.headless=true"), cmd.toString());
        assertTrue(cmd.contains("-R--sun-misc-unsafe-memory-access=allow"), cmd.toString());
        assertEquals(List.of("--startup", "DEFAULT", "--startup", "/tmp/s.jsh"), cmd.subList(cmd.size() - 4, cmd.size()));
        assertTrue(!JShellCommand.command(Path.of("j"), "cp", Path.of("s"), 21).contains("-R--sun-misc-unsafe-memory-access=allow"));
    }

    @Test
    void jshellStartsWithASessionAndRunsStatements() throws Exception {
        Path jshell = Path.of(System.getProperty("java.home"), "bin", "jshell");
        // Surefire runs tests through a manifest-only jar; the real class path is in this property
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path startup = Files.writeString(dir.resolve("s.jsh"), JShellCommand.STARTUP);
        List<String> cmd = JShellCommand.command(jshell, cp, startup, Runtime.version().feature());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().write("""
                nibble("set threads 1")
                nibble("show settings")
                System.out.println("rows=" + nibble.results().rowCount())
                nibble("evla ppl base")
                /exit
                """.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), out);
        assertTrue(out.contains("set threads 1"), out);
        assertTrue(out.contains("threads=1 seed=0 backend=ort"), out);
        assertTrue(out.contains("rows=0"), out);
        assertTrue(out.contains("<input>:1:1: expected a statement"), out);
    }
}
