package dev.nibble.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one measurement in a fresh JVM (same flags and class path), so peak resident memory
 * belongs to that measurement alone and not to whatever this process touched before.
 * The child prints lines; the one starting with {@code RESULT\t} carries its tab-separated figures.
 */
final class Child {
    private Child() {}

    /** Runs {@code Main task args...} in a new JVM and returns the fields of its RESULT line. */
    static String[] run(String... taskAndArgs) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(taskAndArgs));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String[] result = null;
            List<String> other = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("RESULT\t")) result = line.substring(7).split("\t");
                    else other.add(line);
                }
            }
            int rc = p.waitFor();
            if (rc != 0 || result == null)
                throw new IllegalStateException("child '" + String.join(" ", taskAndArgs) + "' failed (exit " + rc + "):\n" + String.join("\n", other));
            return result;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Prints the RESULT line a parent reads. */
    static void result(Object... fields) {
        StringBuilder sb = new StringBuilder("RESULT");
        for (Object f : fields) sb.append('\t').append(f);
        System.out.println(sb);
    }
}
