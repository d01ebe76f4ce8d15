package dev.nibble.dsl;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a front end (the Jupyter kernel, an editor) needs to know about the language without
 * running it: the statement keywords, the words that may follow them, and each statement's
 * documentation — the section of docs/dsl.md, bundled into the jar, so there is one text.
 */
public final class Language {
    private static final List<String> OTHER_WORDS = List.of("as", "vs", "on", "to", "samples", "length", "seed", "window",
            "stride", "mode", "tokens", "shots", "limit", "prompt", "gen", "reps", "warmup", "bits", "methods",
            "hf", "chunked", "llamacpp", "int4", "int8", "mixed", "mixed-kquant", "rtn", "awq", "awq-lite", "awq-clip",
            "qdq", "matmulnbits", "fp16", "fp32", "ppl", "kl", "mmlu", "all", "size", "speed", "pareto",
            "models", "results", "settings");
    private static volatile String docs;

    private Language() {}

    /** Statement keywords: a cell or line starting with one is nibble, not Java. */
    public static List<String> statements() {
        return Parser.STATEMENTS;
    }

    /** Every word the grammar knows after a statement keyword (options, values, sub-commands). */
    public static Set<String> words() {
        Set<String> all = new LinkedHashSet<>(OTHER_WORDS);
        all.addAll(Parser.RECIPE_OPTIONS);
        all.addAll(Parser.SET_KEYS);
        all.addAll(Parser.BACKENDS);
        all.addAll(Parser.SCORINGS);
        all.add("scoring");
        return all;
    }

    /** The documentation of a statement ("eval" gives all three eval forms), from docs/dsl.md. */
    public static Optional<String> doc(String keyword) {
        if (!Parser.STATEMENTS.contains(keyword)) return Optional.empty();
        String md = docs();
        StringBuilder out = new StringBuilder();
        int at = 0;
        while ((at = md.indexOf("\n### " + keyword, at)) >= 0) {
            int end = md.indexOf("\n#", at + 5);
            out.append(md, at + 1, end < 0 ? md.length() : end).append('\n');
            at = end < 0 ? md.length() : end;
        }
        return out.isEmpty() ? Optional.empty() : Optional.of(out.toString().strip());
    }

    private static String docs() {
        if (docs == null) {
            try (InputStream in = Language.class.getResourceAsStream("dsl.md")) {
                docs = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                docs = "";
            }
        }
        return docs;
    }
}
