package dev.nibble.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs src/test/python/test_kernel.py (jupyter_kernel_test's suite and more) against a
 * kernel process installed into a temporary prefix and running over {@link FakeDsl}.
 * Debian's Python is required, not skipped for: CI installs it, and a kernel test that
 * silently does not run proves nothing.
 */
class JupyterProtocolTest {
    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final String APT = "apt-get install -y python3-jupyter-kernel-test python3-nbclient python3-jupyter-client"
            + " jupyter-client jupyter-nbconvert";

    @TempDir
    Path tmp;

    @Test
    void jupyterKernelTestSuitePasses() throws Exception {
        requirePythonWith("jupyter_kernel_test", "jupyter_client", "zmq");
        KernelSpecs.install(KernelSpecs.prefixKernels(tmp), Path.of(System.getProperty("java.home")),
                System.getProperty("java.class.path"), List.of("-D" + DslEngines.PROPERTY + "=" + FakeDsl.class.getName()));
        Result r = python(Path.of("src/test/python"), 300, "-m", "unittest", "-v", "test_kernel");
        if (r.code != 0) fail("test_kernel.py failed (exit " + r.code + "):\n" + r.output);
        assertTrue(r.output.contains("OK"), r.output);
    }

    /** Fails, naming the apt-get line, unless /usr/bin/python3 imports every module given. */
    static void requirePythonWith(String... modules) throws Exception {
        if (!Files.isExecutable(PYTHON)) fail(PYTHON + " is missing; the Jupyter tests need Debian's Python: " + APT);
        Result r = new JupyterProtocolTest().python(Path.of("."), 60, "-c", "import " + String.join(", ", modules));
        assertEquals(0, r.code, () -> "Debian's Python lacks " + String.join("/", modules) + "; run: " + APT + "\n" + r.output);
    }

    record Result(int code, String output) {}

    /** Runs Debian's Python with Jupyter's paths confined to the temporary folder. */
    Result python(Path dir, int timeoutSeconds, String... args) throws IOException, InterruptedException {
        Path tmpDir = tmp == null ? Files.createTempDirectory("nibble-jupyter") : tmp;
        ProcessBuilder pb = new ProcessBuilder();
        pb.command().add(PYTHON.toString());
        pb.command().addAll(List.of(args));
        pb.directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("JUPYTER_PATH", tmpDir.resolve("share/jupyter").toString());
        pb.environment().put("JUPYTER_RUNTIME_DIR", tmpDir.resolve("runtime").toString());
        pb.environment().put("JUPYTER_PLATFORM_DIRS", "1");
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Path log = tmpDir.resolve("python.log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            return new Result(-1, "timed out after " + timeoutSeconds + " s\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
