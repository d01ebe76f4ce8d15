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
 * The kernel as Jupyter sees it: Debian's Python drives a kernel process installed into a
 * temporary prefix, through src/test/python (jupyter_kernel_test's suite and more; notebooks
 * run headless with nbclient). Debian's Python is required, not skipped for: CI installs
 * it, and a kernel test that silently does not run proves nothing.
 */
class JupyterTest {
    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final String APT = "apt-get install -y python3-jupyter-kernel-test python3-nbclient python3-jupyter-client"
            + " jupyter-client jupyter-nbconvert";

    @TempDir
    Path tmp;

    static final Path PYTHON_TESTS = Path.of("src/test/python");

    @Test
    void jupyterKernelTestSuitePasses() throws Exception {
        requirePythonWith("jupyter_kernel_test", "jupyter_client", "zmq");
        installOverFakeDsl();
        Result r = python(PYTHON_TESTS, 300, "-m", "unittest", "-v", "test_kernel");
        if (r.code != 0) fail("test_kernel.py failed (exit " + r.code + "):\n" + r.output);
        assertTrue(r.output.contains("OK"), r.output);
    }

    /** The nbclient path CI uses for the shipped notebooks, on a notebook the fake DSL understands. */
    @Test
    void aNotebookRunsHeadlessWithTablesAndCharts() throws Exception {
        requirePythonWith("nbclient", "nbformat");
        installOverFakeDsl();
        Path nb = tmp.resolve("fake.ipynb");
        Files.writeString(nb, FAKE_NOTEBOOK);
        Result r = python(PYTHON_TESTS, 120, "run_notebooks.py", nb.toString());
        assertEquals(0, r.code, r.output);
    }

    /** The notebooks of notebooks/ on the real DSL and the shipped model. */
    @Test
    void theShippedNotebooksRunHeadless() throws Exception {
        requirePythonWith("nbclient", "nbformat");
        KernelSpecs.install(KernelSpecs.prefixKernels(tmp), Path.of(System.getProperty("java.home")),
                kernelClassPath(), List.of());
        Path notebooks = Path.of(System.getProperty("nibble.root", ".."), "notebooks").toAbsolutePath();
        Result r = python(PYTHON_TESTS, 3600, "run_notebooks.py",
                notebooks.resolve("quickstart.ipynb").toString(), notebooks.resolve("seed-benchmark.ipynb").toString());
        assertEquals(0, r.code, r.output);
    }

    private void installOverFakeDsl() throws IOException {
        KernelSpecs.install(KernelSpecs.prefixKernels(tmp), Path.of(System.getProperty("java.home")),
                kernelClassPath(), List.of("-D" + DslEngines.PROPERTY + "=" + FakeDsl.class.getName()));
    }

    private static final String FAKE_NOTEBOOK = """
            {"nbformat": 4, "nbformat_minor": 5,
             "metadata": {"kernelspec": {"name": "nibble", "display_name": "nibble", "language": "java"}},
             "cells": [
              {"cell_type": "code", "id": "a", "metadata": {}, "outputs": [], "execution_count": null, "source": "load base = models/x"},
              {"cell_type": "code", "id": "b", "metadata": {}, "outputs": [], "execution_count": null, "source": "eval quick"},
              {"cell_type": "code", "id": "c", "metadata": {}, "outputs": [], "execution_count": null, "source": "table"},
              {"cell_type": "code", "id": "d", "metadata": {}, "outputs": [], "execution_count": null, "source": "plot"},
              {"cell_type": "code", "id": "e", "metadata": {}, "outputs": [], "execution_count": null, "source": "%%java\\nnibble.results()"}
             ]}
            """;

    /**
     * This JVM's class path without Surefire's and JUnit's jars: what the kernel runs with
     * outside the tests. (With Surefire's jars on its class path, a kernel that loads
     * onnxruntime after the tokenizer library dies with SIGSEGV — seen with Surefire 3.5.4
     * on JDK 25; the same class path minus those jars runs.)
     */
    static String kernelClassPath() {
        return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(e -> !e.contains("/org/apache/maven/surefire/") && !e.contains("/org/junit/")
                        && !e.contains("/org/opentest4j/") && !e.contains("/org/apiguardian/"))
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    /** Fails, naming the apt-get line, unless /usr/bin/python3 imports every module given. */
    static void requirePythonWith(String... modules) throws Exception {
        if (!Files.isExecutable(PYTHON)) fail(PYTHON + " is missing; the Jupyter tests need Debian's Python: " + APT);
        Result r = new JupyterTest().python(Path.of("."), 60, "-c", "import " + String.join(", ", modules));
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
