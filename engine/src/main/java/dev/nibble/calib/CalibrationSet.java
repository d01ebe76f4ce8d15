package dev.nibble.calib;

import dev.nibble.model.Tokenizer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * Calibration samples (SPEC.md section 5): {@code n} windows of {@code length} tokens drawn
 * from one tokenized text with a seeded generator, so the same text, n, length and seed
 * always give the same samples.
 *
 * @param samples  [n][length] token ids
 * @param textHash SHA-256 of the text (hex), recorded in quantized models' metadata
 * @param source   where the text came from, for messages and metadata
 */
public record CalibrationSet(int[][] samples, String textHash, long seed, String source) {
    public static final int DEFAULT_SAMPLES = 32, DEFAULT_LENGTH = 512;

    /**
     * Draws {@code n} start positions uniformly from [0, tokens − length] (with repeats
     * allowed, as a text may be short) using {@link SplittableRandom}{@code (seed)}.
     *
     * @throws CalibrationException if the text has fewer tokens than one sample needs
     */
    public static CalibrationSet draw(String text, String source, Tokenizer tokenizer, int n, int length, long seed) {
        if (n < 1 || length < 2)
            throw new CalibrationException("calibration needs at least 1 sample of at least 2 tokens (got samples " + n + ", length " + length + ")");
        int[] ids = tokenizer.encode(text);
        if (ids.length < length)
            throw new CalibrationException("calibration text " + source + " has " + ids.length + " tokens, fewer than one sample of "
                    + length + "; give a longer text or a smaller length");
        SplittableRandom rnd = new SplittableRandom(seed);
        int[][] samples = new int[n][];
        for (int i = 0; i < n; i++) {
            int start = rnd.nextInt(ids.length - length + 1);
            samples[i] = java.util.Arrays.copyOfRange(ids, start, start + length);
        }
        return new CalibrationSet(samples, sha256(text), seed, source);
    }

    public int length() { return samples[0].length; }
    public int tokens() { return samples.length * samples[0].length; }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JDK has SHA-256
        }
    }
}
