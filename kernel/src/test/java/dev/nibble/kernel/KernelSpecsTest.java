package dev.nibble.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelSpecsTest {
    @TempDir
    Path prefix;

    @Test
    void installWritesAKernelJsonThatRunsThisJdkAndUninstallRemovesIt() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        assertEquals(0, KernelMain.run(new String[] {"kernel", "install", "--prefix", prefix.toString()}, ps, ps));

        Path json = prefix.resolve("share/jupyter/kernels/nibble/kernel.json");
        JsonObject spec = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        List<String> argv = spec.getAsJsonArray("argv").asList().stream().map(e -> e.getAsString()).toList();
        assertEquals(Path.of(System.getProperty("java.home"), "bin", "java").toString(), argv.get(0));
        assertTrue(argv.contains("-Djava.awt.headless=true"));
        assertEquals("jdk.incubator.vector", argv.get(argv.indexOf("--add-modules") + 1));
        assertEquals(System.getProperty("java.class.path"), argv.get(argv.indexOf("-cp") + 1));
        assertEquals(List.of("dev.nibble.kernel.KernelMain", "run", "{connection_file}"), argv.subList(argv.size() - 3, argv.size()));
        assertEquals("message", spec.get("interrupt_mode").getAsString());
        assertEquals("java", spec.get("language").getAsString());

        assertEquals(0, KernelMain.run(new String[] {"uninstall", "--prefix", prefix.toString()}, ps, ps));
        assertFalse(Files.exists(json.getParent()));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("removed"));
    }

    @Test
    void badArgumentsPrintUsage() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(2, KernelMain.run(new String[] {"kernel", "install", "--prefix"}, ps, ps));
        assertEquals(2, KernelMain.run(new String[] {"frobnicate"}, ps, ps));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage: nibble kernel install"));
    }
}
