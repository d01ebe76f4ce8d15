package dev.nibble.dsl;

import dev.nibble.eval.PerplexitySettings;
import java.util.List;
import java.util.Locale;

/**
 * One parsed statement of the nibble language (SPEC §7), every option explicit with its
 * default filled in where the default does not depend on the session. Fields that do
 * depend on it (the text file of an eval: the first model's data folder) are null when
 * the script leaves them out. Model references are {@link Name}s so that "no model 'x'"
 * can point at the right column.
 */
public sealed interface Statement {
    /** Where the statement's first word is. */
    Pos pos();

    /** A model name as written, and where. */
    record Name(String text, Pos pos) {
        @Override
        public String toString() { return text; }
    }

    /** {@code load <name> = <path>}: an ONNX file or a genai model folder. */
    record Load(Pos pos, Name name, String path) implements Statement {}

    /** {@code calibrate <model> [on <file>] [samples N] [length L] [seed S]}; seed null: the session's. */
    record Calibrate(Pos pos, Name model, String on, int samples, int length, Long seed) implements Statement {
        public static final int DEFAULT_SAMPLES = 32;
        public static final int DEFAULT_LENGTH = 512;
    }

    /** {@code quantize <model> as <name> <bits> <method> [options]}. */
    record Quantize(Pos pos, Name source, Name target, Recipe recipe) implements Statement {}

    /**
     * {@code eval ppl <models> [on <file>] [window W] [stride S] [mode hf|chunked|llamacpp] [tokens N]};
     * {@code tokens} 0: the whole text, else only its first N tokens (quick looks).
     */
    record EvalPpl(Pos pos, List<Name> models, String on, PerplexitySettings settings, int tokens) implements Statement {
        public EvalPpl { models = List.copyOf(models); }
    }

    /** {@code eval kl <models> vs <base> [on <file>] [window W] [tokens N]}; tokens as for eval ppl. */
    record EvalKl(Pos pos, List<Name> models, Name base, String on, int window, int tokens) implements Statement {
        public EvalKl { models = List.copyOf(models); }
    }

    /** {@code eval mmlu <models> [on <dir>] [shots K] [limit N]}; limit 0: every question. */
    /** {@code scoring}: "letter" (standard MMLU) or "choice" (cloze: each choice's own text scored). */
    record EvalMmlu(Pos pos, List<Name> models, String on, int shots, int limit, String scoring) implements Statement {
        public EvalMmlu { models = List.copyOf(models); }
    }

    /** {@code bench <models> [prompt P] [gen G] [reps R] [warmup W]}. */
    record Bench(Pos pos, List<Name> models, int prompt, int gen, int reps, int warmup) implements Statement {
        public Bench { models = List.copyOf(models); }
    }

    /** {@code convert <model> as <name> fp16|fp32}. */
    record Convert(Pos pos, Name source, Name target, Precision precision) implements Statement {}

    /**
     * {@code sweep <model> bits <list> methods <list> [recipe options]}: quantize every
     * bits × method pair (with the shared options of {@code template}), then eval ppl and
     * kl against the model, a table and a size-versus-perplexity chart.
     */
    record Sweep(Pos pos, Name model, List<Recipe.Bits> bits, List<Recipe.Method> methods, Recipe template)
            implements Statement {
        public Sweep {
            bits = List.copyOf(bits);
            methods = List.copyOf(methods);
        }
    }

    /** {@code table ppl|kl|mmlu|bench|all}. */
    record MakeTable(Pos pos, TableKind kind) implements Statement {}

    /** {@code compare <models> [vs <base>]}: every result of the models side by side, with ratios to the base (default: the first). */
    record Compare(Pos pos, List<Name> models, Name base) implements Statement {
        public Compare { models = List.copyOf(models); }
    }

    /** {@code plot ppl|kl|size|speed|pareto [to <file.png>]}; {@code to} null: kept in the result only. */
    record Plot(Pos pos, PlotKind kind, String to) implements Statement {}

    /** {@code save <model> to <dir>}. */
    record Save(Pos pos, Name model, String dir) implements Statement {}

    /** {@code set <key> <value>}; the value is checked against the key when parsed. */
    record Set(Pos pos, String key, String value) implements Statement {}

    /** {@code show models|results|settings|<model>}; {@code model} only for {@link ShowKind#MODEL}. */
    record Show(Pos pos, ShowKind kind, Name model) implements Statement {}

    enum Precision { FP16, FP32; public String id() { return lower(this); } }

    enum TableKind { PPL, KL, MMLU, BENCH, ALL; public String id() { return lower(this); } }

    enum PlotKind { PPL, KL, SIZE, SPEED, PARETO; public String id() { return lower(this); } }

    enum ShowKind { MODELS, RESULTS, SETTINGS, MODEL }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
