package dev.nibble.dsl;

import dev.nibble.dsl.Results.Row;
import dev.nibble.eval.KlDivergence;
import dev.nibble.eval.KlResult;
import dev.nibble.eval.Mmlu;
import dev.nibble.eval.MmluDataset;
import dev.nibble.eval.MmluResult;
import dev.nibble.eval.MmluSettings;
import dev.nibble.eval.Perplexity;
import dev.nibble.eval.PerplexityResult;
import dev.nibble.eval.PerplexitySettings;
import dev.nibble.model.ModelFolder;
import dev.nibble.model.Tokenizer;
import dev.nibble.runtime.Decoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * eval ppl | kl | mmlu over the engine's metrics. One decoder per model at a time (the
 * baseline's stays open through a KL list); every metric uses the model's own tokenizer
 * and the text of {@code on <file>}, else the first model's data folder (SPEC §7).
 */
final class Evaluations {
    private Evaluations() {}

    static Result ppl(Session s, Statement.EvalPpl st) {
        List<ModelHandle> hs = st.models().stream().map(s::model).toList();
        Path text = st.on() != null ? s.resolve(st.on()) : hs.get(0).dataFile("eval ppl", "val.txt", "'on <file>'");
        String source = read(text);
        PerplexitySettings ps = st.settings();
        List<Row> rows = new ArrayList<>();
        StringBuilder out = new StringBuilder();
        for (ModelHandle h : hs) {
            ModelFolder f = h.requireFolder("eval ppl");
            int[] ids = first(encode(f, source), st.tokens());
            PerplexityResult r;
            try (Decoder d = new Decoder(f, s.settings().ortOptions())) {
                r = Perplexity.evaluate(d, ids, ps, s.progress("eval ppl " + h.name()));
            }
            String settings = String.format(Locale.ROOT, "text=%s mode=%s window=%d stride=%d tokens=%d scored=%d",
                    text.getFileName(), r.mode().id(), r.window(), r.stride(), r.tokens(), r.scored());
            rows.add(new Row(h.name(), h.recipe(), Metric.PPL, r.ppl(), settings));
            out.append(String.format(Locale.ROOT, "ppl %-12s %10.4f   (%s, %s)%n", h.name(), r.ppl(), h.recipe(), settings));
        }
        s.commit(null, rows);
        return Result.text(out.toString().stripTrailing());
    }

    static Result kl(Session s, Statement.EvalKl st) {
        List<ModelHandle> hs = st.models().stream().map(s::model).toList();
        ModelHandle base = s.model(st.base());
        Path text = st.on() != null ? s.resolve(st.on()) : hs.get(0).dataFile("eval kl", "val.txt", "'on <file>'");
        ModelFolder bf = base.requireFolder("eval kl");
        for (ModelHandle h : hs) sameTokenizer(base, h);
        int[] ids = first(encode(bf, read(text)), st.tokens()); // one token sequence for both: KL compares the same predictions
        String settings = String.format(Locale.ROOT, "vs=%s text=%s window=%d tokens=%d", base.name(), text.getFileName(), st.window(), ids.length);
        List<Row> rows = new ArrayList<>();
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "KL(%s || model) in nats per token, %s%n", base.name(), settings));
        int w = Math.max(12, hs.stream().mapToInt(h -> h.name().length()).max().orElse(0));
        out.append(String.format(Locale.ROOT, "%-" + w + "s %10s %10s %10s %10s %10s %9s %10s%n", "model", "mean", "median", "p90", "p99", "max", "same_top1", "delta_ppl"));
        try (Decoder bd = new Decoder(bf, s.settings().ortOptions())) {
            for (ModelHandle h : hs) {
                KlResult r;
                if (h.name().equals(base.name())) {
                    r = KlDivergence.evaluate(bd, bd, ids, st.window(), s.progress("eval kl " + h.name()));
                } else {
                    try (Decoder md = new Decoder(h.requireFolder("eval kl"), s.settings().ortOptions())) {
                        r = KlDivergence.evaluate(bd, md, ids, st.window(), s.progress("eval kl " + h.name()));
                    }
                }
                for (var m : List.of(Metric.KL_MEAN, Metric.KL_MEDIAN, Metric.KL_P90, Metric.KL_P99, Metric.KL_MAX, Metric.SAME_TOP1, Metric.DELTA_PPL))
                    rows.add(new Row(h.name(), h.recipe(), m, value(r, m), settings));
                out.append(String.format(Locale.ROOT, "%-" + w + "s %10.5f %10.5f %10.5f %10.5f %10.5f %8.2f%% %10.4f%n", h.name(),
                        r.mean(), r.median(), r.p90(), r.p99(), r.max(), r.sameTop1Pct(), r.deltaPpl()));
            }
        }
        s.commit(null, rows);
        return Result.text(out.toString().stripTrailing());
    }

    private static double value(KlResult r, Metric m) {
        return switch (m) {
            case KL_MEAN -> r.mean();
            case KL_MEDIAN -> r.median();
            case KL_P90 -> r.p90();
            case KL_P99 -> r.p99();
            case KL_MAX -> r.max();
            case SAME_TOP1 -> r.sameTop1Pct();
            case DELTA_PPL -> r.deltaPpl();
            default -> throw new IllegalArgumentException(m.id());
        };
    }

    /**
     * KL compares two distributions over the same tokens, position by position: both models must
     * read text the same way. Same vocabulary size is not enough (two tokenizers can share a
     * size), so their tokenizer.json files must hold the same tokenizer.
     */
    static void sameTokenizer(ModelHandle base, ModelHandle model) {
        ModelFolder a = base.requireFolder("eval kl"), b = model.requireFolder("eval kl");
        try {
            if (a.tokenizerFile().equals(b.tokenizerFile())) return;
            if (Files.mismatch(a.tokenizerFile(), b.tokenizerFile()) != -1)
                throw new NibbleException(null, "eval kl: " + model.name() + " and " + base.name() + " use different tokenizers ("
                        + b.tokenizerFile() + " differs from " + a.tokenizerFile() + "); KL compares predictions of the same tokens, so "
                        + "the baseline must be the same model family");
        } catch (java.io.IOException e) {
            throw new UncheckedIOException("cannot read " + b.tokenizerFile(), e);
        }
    }

    static Result mmlu(Session s, Statement.EvalMmlu st) {
        List<ModelHandle> hs = st.models().stream().map(s::model).toList();
        Path dir = st.on() != null ? s.resolve(st.on()) : hs.get(0).dataFile("eval mmlu", "mmlu",
                "'on <dir>' (an MMLU folder: dev/<subject>_dev.csv and test/<subject>_test.csv)");
        MmluDataset data = limit(MmluDataset.load(dir), st.limit());
        MmluSettings.Scoring scoring = MmluSettings.Scoring.parse(st.scoring());
        String settings = "data=" + dir.getFileName() + " shots=" + st.shots() + " scoring=" + scoring.label()
                + (st.limit() > 0 ? " limit=" + st.limit() : "");
        List<Row> rows = new ArrayList<>();
        StringBuilder out = new StringBuilder();
        for (ModelHandle h : hs) {
            ModelFolder f = h.requireFolder("eval mmlu");
            MmluResult r;
            try (Tokenizer tok = f.tokenizer(); Decoder d = new Decoder(f, s.settings().ortOptions())) {
                int[] letters = scoring == MmluSettings.Scoring.LETTER ? letters(tok) : null;
                r = Mmlu.evaluate(d, data, tok::encode, letters, new MmluSettings(st.shots(), f.config().contextLength(), scoring),
                        s.progress("eval mmlu " + h.name()));
            }
            rows.add(new Row(h.name(), h.recipe(), Metric.MMLU_ACC, r.accuracyPct(), settings + " questions=" + r.questions()));
            out.append(String.format(Locale.ROOT, "mmlu %s: %.2f%% of %d questions (%d-shot, %s scoring%s)%n", h.name(), r.accuracyPct(),
                    r.questions(), r.shots(), scoring.label(), r.shortened() > 0 ? ", " + r.shortened() + " prompts shortened to fit" : ""));
            for (var sub : r.subjects())
                out.append(String.format(Locale.ROOT, "  %-40s %6.2f%% (%d/%d)%n", sub.subject(), sub.accuracyPct(), sub.correct(), sub.questions()));
        }
        s.commit(null, rows);
        return Result.text(out.toString().stripTrailing());
    }

    /** The first {@code n} test questions of each subject (0: all), for quick runs. */
    private static MmluDataset limit(MmluDataset d, int n) {
        if (n <= 0) return d;
        return new MmluDataset(d.root(), d.subjects().stream()
                .map(sub -> new MmluDataset.Subject(sub.name(), sub.dev(), sub.test().subList(0, Math.min(n, sub.test().size())))).toList());
    }

    /** Token ids of " A".." D": each must be one token, since the answer is read from one next-token distribution. */
    private static int[] letters(Tokenizer tok) {
        int[] ids = new int[4];
        for (int i = 0; i < 4; i++) {
            String letter = " " + (char) ('A' + i);
            int[] t = tok.encode(letter);
            if (t.length != 1)
                throw new NibbleException(null, "eval mmlu: the tokenizer splits '" + letter + "' into " + t.length
                        + " tokens; MMLU scoring needs each answer letter to be one token");
            ids[i] = t[0];
        }
        return ids;
    }

    /** The first {@code n} tokens (0: all). */
    private static int[] first(int[] ids, int n) {
        return n > 0 && n < ids.length ? java.util.Arrays.copyOf(ids, n) : ids;
    }

    private static int[] encode(ModelFolder f, String text) {
        try (Tokenizer tok = f.tokenizer()) {
            return tok.encode(text);
        }
    }

    private static String read(Path text) {
        if (!Files.isRegularFile(text)) throw new NibbleException(null, "eval: text file " + text + " does not exist");
        try {
            return Files.readString(text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + text + ": " + e.getMessage(), e);
        }
    }
}
