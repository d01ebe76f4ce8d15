package dev.nibble.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code nibble jshell}: JShell from the JDK running nibble, with nibble's class path and
 * a startup script that opens a session, so {@code nibble("eval ppl base")} works at the
 * first prompt and {@code nibble.results()} is a typed Tablesaw table. JShell runs user
 * code in a second JVM, so that JVM gets nibble's flags (Vector API, headless AWT, native
 * access for onnxruntime) through {@code -R}.
 */
final class JShellCommand {
    /** Imports, the session {@code nibble} and the helper {@code nibble(String)}. */
    static final String STARTUP = """
            import dev.nibble.dsl.*;
            import tech.tablesaw.api.*;
            var nibble = Nibble.session();
            /** Runs nibble statements and prints their results (errors too). */
            void nibble(String statements) { nibble.print(statements); }
            System.out.println("nibble: nibble(\\"load base = models/tiny-kjv\\"), nibble(\\"eval ppl base\\"), nibble.results(), nibble.table(\\"ppl\\")");
            """;

    private JShellCommand() {}

    static int run(String[] args, PrintStream err) throws IOException, InterruptedException {
        Path jshell = Path.of(System.getProperty("java.home"), "bin", "jshell");
        if (!Files.isExecutable(jshell)) {
            err.println("nibble: " + jshell + " does not exist; nibble jshell needs a full JDK (not a JRE)");
            return 1;
        }
        Path startup = Files.createTempFile("nibble-jshell-", ".jsh");
        try {
            Files.writeString(startup, STARTUP);
            List<String> cmd = command(jshell, System.getProperty("java.class.path"), startup, Runtime.version().feature());
            cmd.addAll(List.of(args));
            return new ProcessBuilder(cmd).inheritIO().start().waitFor();
        } finally {
            Files.deleteIfExists(startup);
        }
    }

    /** The jshell command line (without user arguments). */
    static List<String> command(Path jshell, String classPath, Path startup, int javaFeature) {
        List<String> cmd = new ArrayList<>(List.of(jshell.toString(), "--class-path", classPath,
                "--add-modules", "jdk.incubator.vector",
                "-R--add-modules=jdk.incubator.vector", "-R-Djava.awt.headless=true", "-R--enable-native-access=ALL-UNNAMED"));
        if (javaFeature >= 24) cmd.add("-R--sun-misc-unsafe-memory-access=allow"); // protobuf still uses Unsafe
        String root = System.getProperty("nibble.root");
        if (root != null) cmd.add("-R-Dnibble.root=" + root);
        cmd.addAll(List.of("--startup", "DEFAULT", "--startup", startup.toString()));
        return cmd;
    }
}
