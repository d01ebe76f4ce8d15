package dev.nibble.eval;

/**
 * KL divergence of a model against a baseline, per scored token in nats:
 * {@code mean}, {@code median}, {@code p90}, {@code p99} (see {@link Percentiles}) and
 * {@code max}; {@code sameTop1Pct}: percentage (0–100) of tokens where both argmaxes
 * agree. {@code window}: tokens per pass; {@code tokens}: predictions compared.
 * {@code pplBase}/{@code pplModel}: perplexity of each on the same predictions;
 * {@code deltaPpl = pplModel − pplBase}.
 */
public record KlResult(int window, long tokens, double mean, double median, double p90, double p99, double max,
                       double sameTop1Pct, double pplBase, double pplModel, double deltaPpl) {
}
