package dev.nibble.cli;

import dev.nibble.model.ModelFolderException;
import dev.nibble.onnx.ModelFormatException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The {@code nibble} command line, started by the {@code ./nibble} launcher. Each
 * subcommand is a small method; user errors print one line to stderr and exit 1, never
 * a stack trace (set NIBBLE_DEBUG=1 to see one).
 */
public final class Main {
    private static final String USAGE = """
            usage: nibble <command> [arguments]

            commands:
              demo                                  the seed benchmark's four tables on the shipped model
                                                    (examples/seed-benchmark.nib; writes out/demo/)
              inspect <model.onnx | model folder>   opsets, inputs/outputs, parameters, bytes by dtype,
                                                    quantizable weights, genai_config summary
              run <file.nib | -> [--results FILE.csv] [--charts DIR] [--keep-going]
                                                    run a nibble script (docs/dsl.md); print each result,
                                                    write the results table as CSV and charts as PNG
              jshell                                JShell with nibble loaded: nibble("eval ppl base"),
                                                    nibble.results()
              kernel install [--user | --prefix DIR] | kernel uninstall
                                                    the Jupyter kernel's kernelspec (notebooks/README.md)
              test [maven arguments]                run the tests (./nibble test -Plarge adds the >2 GB case)
              help                                  this text
            """;

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; returns the process exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            return switch (args[0]) {
                case "inspect" -> inspect(rest, out, err);
                case "run" -> RunCommand.run(rest, System.in, out, err, RunCommand.consoleProgress());
                case "demo" -> RunCommand.demo(rest, out, err, RunCommand.consoleProgress());
                case "jshell" -> JShellCommand.run(rest, err);
                default -> {
                    err.println("nibble: unknown command '" + args[0] + "'");
                    err.print(USAGE);
                    yield 2;
                }
            };
        } catch (ModelFormatException | ModelFolderException | IOException e) {
            err.println("nibble: " + e.getMessage());
            if (System.getenv("NIBBLE_DEBUG") != null) e.printStackTrace(err);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    private static int inspect(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 1) {
            err.println("usage: nibble inspect <model.onnx | model folder>");
            return 2;
        }
        out.print(Inspect.report(Path.of(args[0])));
        return 0;
    }
}
