package dev.nibble.dsl;

import dev.nibble.dsl.Statement.Name;
import dev.nibble.dsl.Token.Kind;
import dev.nibble.eval.EvalException;
import dev.nibble.eval.PerplexitySettings;
import dev.nibble.eval.PplMode;
import dev.nibble.eval.KlDivergence;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Recursive-descent parser for the nibble language (grammar in docs/dsl.md, forms fixed by
 * SPEC §7). One statement per line; an error skips to the end of its line, so a script
 * with several mistakes reports each. Errors read {@code expected <what>, found '<tok>'},
 * with a "did you mean" when the word is a likely typo of one that fits.
 */
public final class Parser {
    /** Statement keywords, the common ones first (they win ties in suggestions). */
    static final List<String> STATEMENTS = List.of("load", "eval", "quantize", "calibrate", "bench", "convert",
            "sweep", "table", "plot", "save", "set", "show", "compare");
    static final List<String> SET_KEYS = List.of("threads", "seed", "backend", "workdir");
    static final List<String> BACKENDS = List.of("ort", "simulated");
    static final List<String> SCORINGS = List.of("letter", "choice");
    static final List<String> RECIPE_OPTIONS = List.of("block", "format", "asym", "full-range", "exclude",
            "accuracy", "int8-block");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    /** One line's outcome: a statement, or the error that kept it from being one. */
    public record Outcome(Statement statement, NibbleException error) {}

    private final List<Token> toks;
    private int p;

    private Parser(List<Token> toks) {
        this.toks = toks;
    }

    /** Every statement of {@code source} in order, each parsed or failed. */
    public static List<Outcome> parse(String source, String file) {
        Parser ps = new Parser(Lexer.tokens(source, file));
        List<Outcome> out = new ArrayList<>();
        while (!ps.peek().is(Kind.EOF)) {
            if (ps.peek().is(Kind.NEWLINE)) {
                ps.p++;
                continue;
            }
            try {
                out.add(new Outcome(ps.statement(), null));
            } catch (NibbleException e) {
                out.add(new Outcome(null, e));
                while (!ps.peek().is(Kind.NEWLINE)) ps.p++;
            }
        }
        return out;
    }

    /** The statements of {@code source}; the first error is thrown (nothing is returned then). */
    public static List<Statement> parseAll(String source, String file) {
        List<Statement> out = new ArrayList<>();
        for (Outcome o : parse(source, file)) {
            if (o.error() != null) throw o.error();
            out.add(o.statement());
        }
        return out;
    }

    private Statement statement() {
        Token kw = peek();
        if (!kw.is(Kind.WORD) || !STATEMENTS.contains(kw.text())) throw expected("a statement (" + String.join(", ", STATEMENTS) + ")", STATEMENTS);
        p++;
        Pos at = kw.pos();
        Statement s = switch (kw.text()) {
            case "load" -> {
                Name n = name("a model name");
                expect(Kind.EQUALS, "'='");
                yield new Statement.Load(at, n, path("a model folder or .onnx file"));
            }
            case "calibrate" -> calibrate(at);
            case "quantize" -> quantize(at);
            case "eval" -> eval(at);
            case "bench" -> bench(at);
            case "convert" -> {
                Name src = name("a model name");
                keyword("as");
                Name dst = name("a name for the converted model");
                yield new Statement.Convert(at, src, dst, Statement.Precision.valueOf(choice("a precision", List.of("fp16", "fp32")).toUpperCase(Locale.ROOT)));
            }
            case "sweep" -> sweep(at);
            case "table" -> new Statement.MakeTable(at, Statement.TableKind.valueOf(upper(choice("a table", List.of("ppl", "kl", "mmlu", "bench", "all")))));
            case "plot" -> plot(at);
            case "compare" -> {
                List<Name> models = names();
                Name base = models.get(0);
                if (peek().isWord("vs")) {
                    p++;
                    base = name("the model to compare with");
                }
                yield new Statement.Compare(at, models, base);
            }
            case "save" -> {
                Name n = name("a model name");
                keyword("to");
                yield new Statement.Save(at, n, path("a folder to save to"));
            }
            case "set" -> set(at);
            case "show" -> show(at);
            default -> throw new IllegalStateException(kw.text());
        };
        if (!peek().is(Kind.NEWLINE)) throw expected("end of line", List.of());
        return s;
    }

    private Statement calibrate(Pos at) {
        Name m = name("a model name");
        String on = null;
        int samples = Statement.Calibrate.DEFAULT_SAMPLES, length = Statement.Calibrate.DEFAULT_LENGTH;
        Long seed = null;
        Options o = new Options("calibrate", List.of("on", "samples", "length", "seed"));
        for (String opt; (opt = o.next()) != null; ) {
            switch (opt) {
                case "on" -> on = path("a text file");
                case "samples" -> samples = integer("samples", 1);
                case "length" -> length = integer("length", 2);
                default -> seed = (long) integer("seed", 0);
            }
        }
        return new Statement.Calibrate(at, m, on, samples, length, seed);
    }

    private Statement quantize(Pos at) {
        Name src = name("a model name");
        keyword("as");
        Name dst = name("a name for the quantized model");
        Token bitsTok = peek();
        Recipe.Bits bits = bits();
        Recipe.Method method = Recipe.Method.valueOf(upper(choice("a method", Recipe.Method.words())).replace('-', '_'));
        RecipeOptions r = new RecipeOptions();
        Options o = new Options("quantize", RECIPE_OPTIONS);
        for (String opt; (opt = o.next()) != null; ) r.option(opt);
        return new Statement.Quantize(at, src, dst, r.build(bits, method, bitsTok.pos()));
    }

    private Statement sweep(Pos at) {
        Name m = name("a model name");
        List<Recipe.Bits> bits = List.of(Recipe.Bits.parse("int4"), Recipe.Bits.parse("int8"), Recipe.Bits.parse("mixed"));
        List<Recipe.Method> methods = List.of(Recipe.Method.RTN, Recipe.Method.AWQ);
        RecipeOptions r = new RecipeOptions();
        List<String> opts = new ArrayList<>(List.of("bits", "methods"));
        opts.addAll(RECIPE_OPTIONS);
        Options o = new Options("sweep", opts);
        for (String opt; (opt = o.next()) != null; ) {
            switch (opt) {
                case "bits" -> {
                    List<Recipe.Bits> l = new ArrayList<>(List.of(bits()));
                    while (comma()) l.add(bits());
                    bits = l;
                }
                case "methods" -> {
                    List<Recipe.Method> l = new ArrayList<>();
                    do l.add(Recipe.Method.valueOf(upper(choice("a method", Recipe.Method.words())).replace('-', '_')));
                    while (comma());
                    methods = l;
                }
                default -> r.option(opt);
            }
        }
        return new Statement.Sweep(at, m, bits, methods, r.build(bits.get(0), methods.get(0), at));
    }

    private Statement eval(Pos at) {
        String what = choice("what to evaluate", List.of("ppl", "kl", "mmlu"));
        List<Name> models = names();
        return switch (what) {
            case "ppl" -> {
                String on = null, mode = "hf";
                Integer window = null, stride = null;
                int tokens = 0;
                Options o = new Options("eval ppl", List.of("on", "window", "stride", "mode", "tokens"));
                for (String opt; (opt = o.next()) != null; ) {
                    switch (opt) {
                        case "on" -> on = path("a text file");
                        case "window" -> window = integer("window", 2);
                        case "stride" -> stride = integer("stride", 1);
                        case "tokens" -> tokens = integer("tokens", 2);
                        default -> mode = choice("a perplexity mode", List.of("hf", "chunked", "llamacpp"));
                    }
                }
                // the default stride is half the window, as SPEC's 1024/512
                int w = window == null ? PerplexitySettings.DEFAULT.window() : window;
                int s = stride == null ? Math.max(1, w / 2) : stride;
                try {
                    yield new Statement.EvalPpl(at, models, on, new PerplexitySettings(PplMode.parse(mode), w, s), tokens);
                } catch (EvalException e) {
                    throw new NibbleException(at, e.getMessage());
                }
            }
            case "kl" -> {
                keyword("vs");
                Name base = name("the baseline model");
                String on = null;
                int window = KlDivergence.DEFAULT_WINDOW, tokens = 0;
                Options o = new Options("eval kl", List.of("on", "window", "tokens"));
                for (String opt; (opt = o.next()) != null; ) {
                    switch (opt) {
                        case "on" -> on = path("a text file");
                        case "window" -> window = integer("window", 2);
                        default -> tokens = integer("tokens", 2);
                    }
                }
                yield new Statement.EvalKl(at, models, base, on, window, tokens);
            }
            default -> {
                String on = null, scoring = "letter";
                int shots = 5, limit = 0;
                Options o = new Options("eval mmlu", List.of("on", "shots", "limit", "scoring"));
                for (String opt; (opt = o.next()) != null; ) {
                    switch (opt) {
                        case "on" -> on = path("an MMLU folder");
                        case "shots" -> shots = integer("shots", 0);
                        case "scoring" -> scoring = choice("letter or choice", SCORINGS);
                        default -> limit = integer("limit", 1);
                    }
                }
                yield new Statement.EvalMmlu(at, models, on, shots, limit, scoring);
            }
        };
    }

    private Statement bench(Pos at) {
        List<Name> models = names();
        int prompt = 128, gen = 256, reps = 3, warmup = 1;
        Options o = new Options("bench", List.of("prompt", "gen", "reps", "warmup"));
        for (String opt; (opt = o.next()) != null; ) {
            switch (opt) {
                case "prompt" -> prompt = integer("prompt", 1);
                case "gen" -> gen = integer("gen", 1);
                case "reps" -> reps = integer("reps", 1);
                default -> warmup = integer("warmup", 0);
            }
        }
        return new Statement.Bench(at, models, prompt, gen, reps, warmup);
    }

    private Statement plot(Pos at) {
        var kind = Statement.PlotKind.valueOf(upper(choice("a chart", List.of("ppl", "kl", "size", "speed", "pareto"))));
        String to = null;
        Options o = new Options("plot", List.of("to"));
        if (o.next() != null) to = path("a .png file");
        return new Statement.Plot(at, kind, to);
    }

    private Statement set(Pos at) {
        String key = choice("a setting", SET_KEYS);
        String value = switch (key) {
            case "threads" -> Integer.toString(integer("threads", 0));
            case "seed" -> Integer.toString(integer("seed", 0));
            case "backend" -> choice("a backend", BACKENDS);
            default -> path("a folder");
        };
        return new Statement.Set(at, key, value);
    }

    private Statement show(Pos at) {
        Token t = peek();
        if (t.is(Kind.WORD)) {
            switch (t.text()) {
                case "models" -> { p++; return new Statement.Show(at, Statement.ShowKind.MODELS, null); }
                case "results" -> { p++; return new Statement.Show(at, Statement.ShowKind.RESULTS, null); }
                case "settings" -> { p++; return new Statement.Show(at, Statement.ShowKind.SETTINGS, null); }
                default -> { }
            }
        }
        if (!t.is(Kind.WORD) || !NAME.matcher(t.text()).matches())
            throw expected("models, results, settings or a model name", List.of("models", "results", "settings"));
        return new Statement.Show(at, Statement.ShowKind.MODEL, name("a model name"));
    }

    /** Options of one statement, in any order, each at most once, up to the end of the line. */
    private final class Options {
        private final String statement;
        private final List<String> names;
        private final java.util.Set<String> seen = new HashSet<>();

        Options(String statement, List<String> names) {
            this.statement = statement;
            this.names = names;
        }

        /** The next option word (consumed), or null at the end of the line. */
        String next() {
            Token t = peek();
            if (t.is(Kind.NEWLINE)) return null;
            if (!t.is(Kind.WORD) || !names.contains(t.text()))
                throw expected("an option of " + statement + " (" + String.join(", ", names) + ") or end of line", names);
            if (!seen.add(t.text())) throw new NibbleException(t.pos(), "option '" + t.text() + "' is given twice");
            p++;
            return t.text();
        }
    }

    /** The recipe options shared by quantize and sweep. */
    private final class RecipeOptions {
        int block = Recipe.DEFAULT_BLOCK, accuracy = Recipe.DEFAULT_ACCURACY, int8Block = Recipe.PER_CHANNEL;
        Recipe.Format format = Recipe.Format.QDQ;
        boolean asym, fullRange;
        String exclude;

        void option(String opt) {
            switch (opt) {
                case "block" -> block = integer("block", 1);
                case "format" -> format = Recipe.Format.valueOf(upper(choice("a format", List.of("qdq", "matmulnbits"))));
                case "asym" -> asym = true;
                case "full-range" -> fullRange = true;
                case "exclude" -> exclude = path("a regex of node names");
                case "accuracy" -> accuracy = integer("accuracy", 0);
                case "int8-block" -> int8Block = integer("int8-block", 1);
                default -> throw new IllegalStateException(opt);
            }
        }

        Recipe build(Recipe.Bits bits, Recipe.Method method, Pos where) {
            try {
                return new Recipe(bits, method, block, format, asym, fullRange, exclude, accuracy, int8Block);
            } catch (IllegalArgumentException e) {
                throw new NibbleException(where, e.getMessage());
            }
        }
    }

    private Recipe.Bits bits() {
        Token t = peek();
        if (t.is(Kind.WORD) && t.text().equals("mixed:") && toks.get(p + 1).is(Kind.STRING) && toks.get(p + 1).glued()) {
            p += 2; // mixed:"regex with, odd characters"
            return bitsOf(t, "mixed:" + toks.get(p - 1).text());
        }
        if (t.is(Kind.WORD)) {
            Recipe.Bits b = bitsOf(t, t.text());
            if (b != null) {
                p++;
                return b;
            }
        }
        throw expected("bits (" + String.join(", ", Recipe.Bits.WORDS) + ")", Recipe.Bits.WORDS.subList(0, 4));
    }

    private static Recipe.Bits bitsOf(Token t, String word) {
        try {
            return Recipe.Bits.parse(word);
        } catch (IllegalArgumentException e) {
            throw new NibbleException(t.pos(), e.getMessage());
        }
    }

    private List<Name> names() {
        List<Name> out = new ArrayList<>(List.of(name("a model name")));
        while (comma()) out.add(name("a model name after ','"));
        return out;
    }

    private boolean comma() {
        if (!peek().is(Kind.COMMA)) return false;
        p++;
        return true;
    }

    private Name name(String what) {
        Token t = peek();
        if (!t.is(Kind.WORD) || !NAME.matcher(t.text()).matches())
            throw expected(what + " (a letter or '_', then letters, digits, '_', '-' or '.')", List.of());
        p++;
        return new Name(t.text(), t.pos());
    }

    private String path(String what) {
        Token t = peek();
        if (!t.is(Kind.WORD) && !t.is(Kind.STRING)) throw expected(what, List.of());
        p++;
        return t.text();
    }

    private int integer(String option, int min) {
        Token t = peek();
        String what = "a whole number" + (min > 0 ? " of at least " + min : "") + " for " + option;
        if (!t.is(Kind.WORD) || !t.text().matches("\\d{1,9}") || Integer.parseInt(t.text()) < min) throw expected(what, List.of());
        p++;
        return Integer.parseInt(t.text());
    }

    private String choice(String what, List<String> words) {
        Token t = peek();
        if (!t.is(Kind.WORD) || !words.contains(t.text())) throw expected(what + " (" + String.join(", ", words) + ")", words);
        p++;
        return t.text();
    }

    private void keyword(String kw) {
        if (!peek().isWord(kw)) throw expected("'" + kw + "'", List.of(kw));
        p++;
    }

    private void expect(Kind kind, String what) {
        if (!peek().is(kind)) throw expected(what, List.of());
        p++;
    }

    /** "expected X, found 'y'" at the current token, with a suggestion among {@code words}. */
    private NibbleException expected(String what, List<String> words) {
        Token t = peek();
        if (t.is(Kind.ERROR)) return new NibbleException(t.pos(), t.text());
        String hint = t.is(Kind.WORD) ? Suggest.hint(t.text(), words) : "";
        return new NibbleException(t.pos(), "expected " + what + ", found " + t.shown() + hint);
    }

    private Token peek() {
        return toks.get(p);
    }

    private static String upper(String s) {
        return s.toUpperCase(Locale.ROOT);
    }
}
