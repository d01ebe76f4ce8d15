package dev.nibble.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * An MMLU folder in the standard layout: {@code test/<subject>_test.csv} (the questions
 * scored) and {@code dev/<subject>_dev.csv} (the k-shot examples, in file order). Subjects
 * are the test files' names, sorted; a missing dev file means no examples for that
 * subject. Rows: question, A, B, C, D, answer letter; no header.
 */
public record MmluDataset(Path root, List<Subject> subjects) {
    /** One subject's examples ({@code dev}) and questions ({@code test}). */
    public record Subject(String name, List<MmluQuestion> dev, List<MmluQuestion> test) {
        public Subject {
            dev = List.copyOf(dev);
            test = List.copyOf(test);
        }
    }

    public MmluDataset {
        subjects = List.copyOf(subjects);
    }

    private static final String TEST_SUFFIX = "_test.csv";
    private static final String DEV_SUFFIX = "_dev.csv";

    /** Reads every subject of {@code root}; clear errors naming file and line for bad rows. */
    public static MmluDataset load(Path root) {
        Path testDir = root.resolve("test");
        if (!Files.isDirectory(testDir)) {
            throw new EvalException(root + ": not an MMLU folder (no test/ directory with <subject>_test.csv files)");
        }
        List<Path> testFiles;
        try (Stream<Path> files = Files.list(testDir)) {
            testFiles = files.filter(p -> p.getFileName().toString().endsWith(TEST_SUFFIX)).sorted().toList();
        } catch (IOException e) {
            throw new EvalException(testDir + ": cannot list (" + e.getMessage() + ")", e);
        }
        if (testFiles.isEmpty()) {
            throw new EvalException(testDir + ": no <subject>_test.csv files");
        }
        List<Subject> subjects = new ArrayList<>();
        for (Path testFile : testFiles) {
            String file = testFile.getFileName().toString();
            String name = file.substring(0, file.length() - TEST_SUFFIX.length());
            Path devFile = root.resolve("dev").resolve(name + DEV_SUFFIX);
            List<MmluQuestion> dev = Files.exists(devFile) ? read(devFile) : List.of();
            subjects.add(new Subject(name, dev, read(testFile)));
        }
        return new MmluDataset(root, subjects);
    }

    private static List<MmluQuestion> read(Path file) {
        return Csv.read(file).stream().map(row -> MmluQuestion.of(row, file.toString())).toList();
    }
}
