package dev.nibble.calib;

/**
 * What calibration keeps of one activation tensor x [tokens, K] (the input of one or more
 * quantizable MatMuls): the mean |x| per channel over every calibration token, and a
 * bounded, evenly spaced subsample of whole token rows for the AWQ loss and clip searches.
 *
 * @param meanAbs   [K] mean over all tokens of |x[t, k]|
 * @param sample    [sampleTokens * K] row-major token rows
 * @param sampleTokens rows in {@code sample}
 * @param seenTokens   tokens the mean was taken over
 */
public record ActivationStats(String tensor, int k, float[] meanAbs, float[] sample, int sampleTokens, long seenTokens) {
}
