package dev.nibble.eval;

/**
 * One perplexity figure and how it was measured. {@code tokens}: length N of the text;
 * {@code windows}: forward passes run; {@code scored}: predictions averaged;
 * {@code nllMean}: mean negative log-likelihood in nats per scored token;
 * {@code ppl = exp(nllMean)}.
 */
public record PerplexityResult(PplMode mode, int window, int stride, int tokens, int windows, long scored,
                               double nllMean, double ppl) {
}
