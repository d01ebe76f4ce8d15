package dev.nibble.runtime;

import dev.nibble.eval.Progress;
import dev.nibble.model.ModelFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The seed page's speed and memory table (SPEC.md section 6): batch 1, a prompt of P tokens,
 * G tokens generated greedily, warm-up runs then timed repetitions.
 *
 * <ul>
 *   <li>prefill tokens/s = P / time of the prompt pass (which also yields token 1);</li>
 *   <li>decode tokens/s = (G − 1) / time of the G − 1 single-token steps after it (the first
 *       generated token comes from the prefill and is excluded);</li>
 *   <li>peak resident memory of the phase: VmHWM reset before the session is created, read
 *       after the last repetition — so it covers loading the weights and running, in this
 *       process (the JVM's own few hundred MB included, the same for every model);</li>
 *   <li>model bytes on disk: the .onnx file and its side files.</li>
 * </ul>
 * Times are the median over repetitions. Ratios against a baseline belong to the caller, who
 * measures the baseline in the same run.
 */
public final class GenerationBench {
    public record Settings(int promptTokens, int genTokens, int warmup, int reps) {
        public static final Settings DEFAULT = new Settings(128, 256, 1, 3);

        public Settings {
            if (promptTokens < 1 || genTokens < 2 || warmup < 0 || reps < 1)
                throw new IllegalArgumentException("bench needs prompt >= 1, gen >= 2, reps >= 1 (got prompt " + promptTokens
                        + ", gen " + genTokens + ", reps " + reps + ")");
        }
    }

    /** Figures of one model; tokens/s are medians over repetitions, bytes are bytes. */
    public record Result(String model, Settings settings, double prefillTokS, double decodeTokS, long peakRssBytes,
                         long modelBytes, int[] generated) {}

    private GenerationBench() {}

    /**
     * @param prompt at least {@code settings.promptTokens()} token ids; the first P are used
     */
    public static Result run(ModelFolder folder, int[] prompt, Settings settings, OrtOptions options, Progress progress) {
        if (prompt.length < settings.promptTokens())
            throw new IllegalArgumentException("the prompt text has " + prompt.length + " tokens; bench needs " + settings.promptTokens());
        int[] ids = java.util.Arrays.copyOf(prompt, settings.promptTokens());
        int total = settings.warmup() + settings.reps();
        double[] prefill = new double[settings.reps()], decode = new double[settings.reps()];
        int[] generated = null;
        Memory.resetPeak();
        try (Decoder d = new Decoder(folder, options)) {
            for (int r = 0; r < total; r++) {
                d.reset();
                long t0 = System.nanoTime();
                float[] logits = d.append(ids);
                int next = argmaxLast(logits, d.vocabSize());
                long t1 = System.nanoTime();
                int[] out = new int[settings.genTokens()];
                out[0] = next;
                for (int g = 1; g < settings.genTokens(); g++) {
                    next = argmaxLast(d.append(new int[] {next}), d.vocabSize());
                    out[g] = next;
                }
                long t2 = System.nanoTime();
                if (r >= settings.warmup()) {
                    prefill[r - settings.warmup()] = settings.promptTokens() / ((t1 - t0) / 1e9);
                    decode[r - settings.warmup()] = (settings.genTokens() - 1) / ((t2 - t1) / 1e9);
                }
                generated = out;
                progress.update("bench " + folder.dir().getFileName(), r + 1, total);
            }
        }
        return new Result(folder.dir().getFileName().toString(), settings, median(prefill), median(decode),
                Memory.peakResident(), diskBytes(folder.modelFile()), generated);
    }

    /** Greedy choice: the argmax of the last row of [S, V] logits (first index on ties). */
    static int argmaxLast(float[] logits, int vocab) {
        int base = logits.length - vocab, best = 0;
        for (int j = 1; j < vocab; j++) if (logits[base + j] > logits[base + best]) best = j;
        return best;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** The model file plus every file beside it whose name starts with the model's name (its .data files). */
    public static long diskBytes(Path modelFile) {
        String name = modelFile.getFileName().toString();
        try (Stream<Path> files = Files.list(modelFile.getParent())) {
            return files.filter(p -> p.getFileName().toString().startsWith(name)).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            return -1;
        }
    }
}
