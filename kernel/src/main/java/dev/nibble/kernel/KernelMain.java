package dev.nibble.kernel;

import dev.nibble.kernel.wire.JupyterAdapter;
import dev.nibble.kernel.wire.Wire;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;

/**
 * {@code nibble kernel install|uninstall|run}: installs the kernelspec, or runs the kernel
 * on a connection file (what Jupyter does through kernel.json). The launcher routes
 * {@code nibble kernel ...} here, with or without the leading "kernel".
 */
public final class KernelMain {
    static final String USAGE = """
            usage: nibble kernel install [--user | --prefix DIR]   register the Jupyter kernel (default --user)
                   nibble kernel uninstall [--user | --prefix DIR] remove it
                   nibble kernel run <connection_file>             run it (Jupyter does this)
            """;

    private KernelMain() {}

    public static void main(String[] args) throws Exception {
        int code = run(args, System.out, System.err);
        if (code >= 0) System.exit(code);
    }

    /** Returns the exit code, or -1 when a kernel ran (and already asked the JVM to exit). */
    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        List<String> a = new ArrayList<>(Arrays.asList(args));
        if (!a.isEmpty() && a.get(0).equals("kernel")) a.remove(0);
        if (a.isEmpty()) {
            err.print(USAGE);
            return 2;
        }
        String command = a.remove(0);
        switch (command) {
            case "run" -> {
                if (a.size() != 1) break;
                serve(Path.of(a.get(0)));
                return -1;
            }
            case "install", "uninstall" -> {
                Path kernels = location(a, err);
                if (kernels == null) return 2;
                if (command.equals("install")) {
                    Path javaHome = Path.of(System.getProperty("java.home"));
                    Path dir = KernelSpecs.install(kernels, javaHome, System.getProperty("java.class.path"), rootOption());
                    out.println("installed the nibble kernel in " + dir + " (Java " + Runtime.version().feature() + " at " + javaHome + ")");
                } else if (KernelSpecs.uninstall(kernels)) {
                    out.println("removed " + kernels.resolve(KernelSpecs.NAME));
                } else {
                    out.println("no nibble kernel installed in " + kernels);
                }
                return 0;
            }
            case "help", "--help", "-h" -> {
                out.print(USAGE);
                return 0;
            }
            default -> { }
        }
        err.print(USAGE);
        return 2;
    }

    /** --user (default) or --prefix DIR; null (after a message) for anything else. */
    private static Path location(List<String> a, PrintStream err) {
        if (a.isEmpty() || a.equals(List.of("--user"))) return KernelSpecs.userKernels();
        if (a.size() == 2 && a.get(0).equals("--prefix")) return KernelSpecs.prefixKernels(Path.of(a.get(1)).toAbsolutePath());
        err.print(USAGE);
        return null;
    }

    /** The launcher tells the CLI where the project is; the kernel keeps that for the DSL. */
    private static List<String> rootOption() {
        String root = System.getProperty("nibble.root");
        return root == null ? List.of() : List.of("-Dnibble.root=" + root);
    }

    private static void serve(Path connectionFile) throws Exception {
        KernelConnectionProperties props = KernelConnectionProperties.parse(Files.readString(connectionFile));
        Notebook notebook = new Notebook(DslEngines.create(), System.getProperty("java.class.path"));
        Wire wire = new Wire(props);
        new JupyterAdapter(notebook, version()).attach(wire);
        wire.bind();
        wire.awaitClose();
        notebook.close();
        // a cell left running (an abandoned DSL statement) must not keep the process alive
        System.exit(0);
    }

    private static String version() {
        String v = KernelMain.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v; // no manifest when run from target/classes
    }
}
