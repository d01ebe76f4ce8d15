package dev.nibble.quant;

import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What to do to a model (SPEC.md sections 3-4), as the DSL's {@code quantize} statement says it:
 * {@code <bits> <method> [block N] [format qdq|matmulnbits] [asym] [full-range] [exclude <regex>]
 * [accuracy N] [int8-block N]}.
 *
 * @param bits          "int4", "int8", "mixed", "mixed-kquant" or "mixed:<regex>"
 * @param method        how codes are chosen
 * @param blockSize     INT4 block along K (default 128); for plain int8, 0 = per-channel (the default)
 * @param format        QDQ (DequantizeLinear, default) or com.microsoft MatMulNBits
 * @param asymmetric    zero points instead of symmetric codes
 * @param fullRange     MLAS's all-levels symmetric rule
 * @param exclude       regex over node names left in float (null: none); the LM head always is
 * @param accuracyLevel MatMulNBits accuracy_level attribute (default 4)
 * @param int8Block     INT8 part of a mixed recipe: block size, 0 = per-channel (the default)
 */
public record Recipe(String bits, Method method, int blockSize, Format format, boolean asymmetric, boolean fullRange,
                     String exclude, int accuracyLevel, int int8Block) {

    public enum Method {
        RTN, AWQ, AWQ_LITE, AWQ_CLIP;

        public boolean needsCalibration() { return this != RTN; }
        public boolean searchesScales() { return this == AWQ || this == AWQ_LITE; }
        public boolean searchesClip() { return this == AWQ || this == AWQ_CLIP; }
        public String label() { return name().toLowerCase(Locale.ROOT).replace('_', '-'); }

        public static Method parse(String s) {
            for (Method m : values()) if (m.label().equals(s)) return m;
            throw new IllegalArgumentException("unknown method '" + s + "'; use rtn, awq, awq-lite or awq-clip");
        }
    }

    public enum Format {
        QDQ, MATMULNBITS;

        public String label() { return name().toLowerCase(Locale.ROOT); }

        public static Format parse(String s) {
            for (Format f : values()) if (f.label().equals(s)) return f;
            throw new IllegalArgumentException("unknown format '" + s + "'; use qdq or matmulnbits");
        }
    }

    public static final int DEFAULT_BLOCK = 128, DEFAULT_ACCURACY = 4;

    public Recipe {
        if (!(bits.equals("int4") || bits.equals("int8") || isMixed(bits)))
            throw new IllegalArgumentException("unknown bits '" + bits + "'; use int4, int8, mixed, mixed-kquant or mixed:<regex>");
        checkBlock("block", blockSize);
        checkBlock("int8-block", int8Block);
        if (blockSize == 0 && !bits.equals("int8"))
            throw new IllegalArgumentException("INT4 needs a block size (16, 32, 64, 128, ...); per-channel INT4 is not offered");
        if (accuracyLevel < 0 || accuracyLevel > 4)
            throw new IllegalArgumentException("accuracy level must be 0-4, got " + accuracyLevel);
        if (fullRange && asymmetric)
            throw new IllegalArgumentException("full-range is a symmetric rule; drop 'asym' or 'full-range'");
        if (exclude != null) {
            try {
                Pattern.compile(exclude);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("exclude: not a valid regular expression: " + e.getDescription());
            }
        }
    }

    /** The usual recipe for {@code bits} and {@code method}: block 128 (INT8 per-channel), QDQ, symmetric. */
    public static Recipe of(String bits, Method method) {
        return new Recipe(bits, method, bits.equals("int8") ? 0 : DEFAULT_BLOCK, Format.QDQ, false, false, null, DEFAULT_ACCURACY, 0);
    }

    public Recipe withFormat(Format f) { return new Recipe(bits, method, blockSize, f, asymmetric, fullRange, exclude, accuracyLevel, int8Block); }
    public Recipe withBlock(int b) { return new Recipe(bits, method, b, format, asymmetric, fullRange, exclude, accuracyLevel, int8Block); }
    public Recipe withExclude(String re) { return new Recipe(bits, method, blockSize, format, asymmetric, fullRange, re, accuracyLevel, int8Block); }
    public Recipe withAsymmetric(boolean a) { return new Recipe(bits, method, blockSize, format, a, fullRange, exclude, accuracyLevel, int8Block); }

    public boolean mixed() { return isMixed(bits); }

    /** The rule name MixedPrecision takes ("mixed", "mixed-kquant", "mixed:<regex>"). */
    public String rule() { return bits; }

    /** The spec for INT4 weights (or the single spec of an int4/int8 recipe). */
    public QuantSpec int4Spec() {
        return new QuantSpec(4, blockSize, !asymmetric, fullRange);
    }

    /** The spec for INT8 weights: plain int8 uses {@code blockSize}, mixed uses {@code int8Block}. */
    public QuantSpec int8Spec() {
        return new QuantSpec(8, bits.equals("int8") ? blockSize : int8Block, !asymmetric, fullRange);
    }

    /** One line for tables and metadata: "int4 awq block 128 qdq". */
    public String label() {
        StringBuilder sb = new StringBuilder(bits).append(' ').append(method.label());
        if (!bits.equals("int8") || blockSize != 0) sb.append(" block ").append(blockSize);
        if (mixed() && int8Block != 0) sb.append(" int8-block ").append(int8Block);
        sb.append(' ').append(format.label());
        if (format == Format.MATMULNBITS) sb.append(" accuracy ").append(accuracyLevel);
        if (asymmetric) sb.append(" asym");
        if (fullRange) sb.append(" full-range");
        if (exclude != null) sb.append(" exclude ").append(exclude);
        return sb.toString();
    }

    private static boolean isMixed(String bits) {
        return bits.equals("mixed") || bits.equals("mixed-kquant") || bits.startsWith("mixed:");
    }

    private static void checkBlock(String what, int b) {
        if (b != 0 && (b < 16 || Integer.bitCount(b) != 1))
            throw new IllegalArgumentException(what + " must be a power of two >= 16 (16, 32, 64, 128, ...), got " + b);
    }
}
