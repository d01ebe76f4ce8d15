package dev.nibble.dsl;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A quantization recipe as {@code quantize} states it (SPEC §7), every option explicit,
 * defaults filled in. This is what the quantizer hook receives; {@link #label()} is the
 * recipe column of the results table.
 *
 * @param block     INT4 block size along K (default 128)
 * @param exclude   regex of node names left in float, besides the defaults (null: none)
 * @param accuracy  MatMulNBits accuracy_level 0–4 (default 4: the fast CPU path)
 * @param int8Block block size of the INT8 part ({@link #PER_CHANNEL} = one block over all of K)
 */
public record Recipe(Bits bits, Method method, int block, Format format, boolean asym, boolean fullRange,
                     String exclude, int accuracy, int int8Block) {
    public static final int DEFAULT_BLOCK = 128;
    public static final int DEFAULT_ACCURACY = 4;
    public static final int PER_CHANNEL = 0;

    public Recipe {
        if (bits == null || method == null || format == null) throw new IllegalArgumentException("bits, method and format are required");
        if (block < 1) throw new IllegalArgumentException("block must be at least 1, got " + block);
        if (format == Format.MATMULNBITS && (block < 16 || Integer.bitCount(block) != 1))
            throw new IllegalArgumentException("format matmulnbits needs a block that is a power of two of at least 16, got " + block);
        if (asym && fullRange)
            throw new IllegalArgumentException("asym and full-range exclude each other (full-range is a symmetric rule)");
        if (accuracy < 0 || accuracy > 4) throw new IllegalArgumentException("accuracy must be 0 to 4, got " + accuracy);
        if (int8Block < 0) throw new IllegalArgumentException("int8-block must be at least 1, got " + int8Block);
        if (int8Block > 0 && bits.kind() == Bits.Kind.INT4)
            throw new IllegalArgumentException("int8-block applies to int8 and mixed recipes, not int4");
        if (exclude != null) compile(exclude, "exclude");
    }

    /** {@code bits method} with every option at its default. */
    public static Recipe of(Bits bits, Method method) {
        return new Recipe(bits, method, DEFAULT_BLOCK, Format.QDQ, false, false, null, DEFAULT_ACCURACY, PER_CHANNEL);
    }

    public Recipe with(Bits b, Method m) {
        return new Recipe(b, m, block, format, asym, fullRange, exclude, accuracy, int8Block);
    }

    /** Short and unique per distinct recipe: "int4 rtn b128", "mixed awq b128 int8-b64 matmulnbits asym". */
    public String label() {
        StringBuilder sb = new StringBuilder(bits.id()).append(' ').append(method.id());
        if (bits.kind() != Bits.Kind.INT8) sb.append(" b").append(block);
        if (int8Block > 0) sb.append(" int8-b").append(int8Block);
        if (format == Format.MATMULNBITS) sb.append(" matmulnbits");
        if (asym) sb.append(" asym");
        if (fullRange) sb.append(" full-range");
        if (exclude != null) sb.append(" exclude=").append(exclude);
        if (accuracy != DEFAULT_ACCURACY) sb.append(" acc").append(accuracy);
        return sb.toString();
    }

    /** {@code int4 | int8 | mixed | mixed-kquant | mixed:<regex>}; {@code regex} only for the last. */
    public record Bits(Kind kind, String regex) {
        public enum Kind { INT4, INT8, MIXED, MIXED_KQUANT, MIXED_REGEX }

        public static final List<String> WORDS = List.of("int4", "int8", "mixed", "mixed-kquant", "mixed:<regex>");

        public Bits {
            if ((kind == Kind.MIXED_REGEX) != (regex != null))
                throw new IllegalArgumentException("a regex goes with mixed:<regex> and only there");
            if (regex != null) compile(regex, "mixed:");
        }

        /** The bits named {@code word}, or null. */
        public static Bits parse(String word) {
            if (word.startsWith("mixed:")) return new Bits(Kind.MIXED_REGEX, word.substring(6));
            return switch (word) {
                case "int4" -> new Bits(Kind.INT4, null);
                case "int8" -> new Bits(Kind.INT8, null);
                case "mixed" -> new Bits(Kind.MIXED, null);
                case "mixed-kquant" -> new Bits(Kind.MIXED_KQUANT, null);
                default -> null;
            };
        }

        public String id() {
            return kind == Kind.MIXED_REGEX ? "mixed:" + regex : kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public enum Method {
        RTN("rtn"), AWQ("awq"), AWQ_LITE("awq-lite"), AWQ_CLIP("awq-clip");

        private final String id;

        Method(String id) { this.id = id; }

        public String id() { return id; }

        /** True for the methods that need calibration activations. */
        public boolean calibrated() { return this != RTN; }

        public static List<String> words() { return Arrays.stream(values()).map(Method::id).toList(); }

        public static Method parse(String word) {
            return Arrays.stream(values()).filter(m -> m.id.equals(word)).findFirst().orElse(null);
        }
    }

    public enum Format {
        QDQ, MATMULNBITS;

        public String id() { return name().toLowerCase(Locale.ROOT); }
    }

    private static void compile(String regex, String what) {
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(what + " regex '" + regex + "' is not valid: " + e.getDescription());
        }
    }
}
