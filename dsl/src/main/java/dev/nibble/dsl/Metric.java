package dev.nibble.dsl;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every metric the results table holds: its name in the {@code metric} column (fixed:
 * scripts, CSV readers and the seed tables rely on them) and its unit. One place for both.
 */
public enum Metric {
    PPL("ppl", "", "perplexity"),
    DELTA_PPL("delta_ppl", "", "perplexity minus the baseline's, on the KL text"),
    KL_MEAN("kl_mean", "nats", "mean KL(base || model) per token"),
    KL_MEDIAN("kl_median", "nats", "median KL per token"),
    KL_P90("kl_p90", "nats", "90th percentile of KL"),
    KL_P99("kl_p99", "nats", "99th percentile of KL"),
    KL_MAX("kl_max", "nats", "largest KL of any token"),
    SAME_TOP1("same_top1", "%", "tokens whose top-1 agrees with the baseline"),
    MMLU_ACC("mmlu_acc", "%", "MMLU accuracy over questions"),
    PREFILL_TOK_S("prefill_tok_s", "tok/s", "prompt tokens per second"),
    DECODE_TOK_S("decode_tok_s", "tok/s", "generated tokens per second, first excluded"),
    PEAK_RSS_MB("peak_rss_mb", "MB", "peak resident memory"),
    MODEL_MB("model_mb", "MB", "model files on disk (MB = 2^20 bytes)"),
    QUANT_S("quant_s", "s", "time to quantize");

    private final String id;
    private final String unit;
    private final String meaning;

    Metric(String id, String unit, String meaning) {
        this.id = id;
        this.unit = unit;
        this.meaning = meaning;
    }

    /** The name in the results table's {@code metric} column. */
    public String id() { return id; }

    public String unit() { return unit; }

    public String meaning() { return meaning; }

    public static Optional<Metric> of(String id) {
        return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst();
    }
}
