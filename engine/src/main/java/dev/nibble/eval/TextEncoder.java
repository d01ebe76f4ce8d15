package dev.nibble.eval;

/**
 * Text to token ids with the model's own tokenizer, exactly as the model should see it
 * (special tokens such as BOS included if the tokenizer adds them). Injected so this
 * package does not depend on the tokenizer wrapper.
 */
@FunctionalInterface
public interface TextEncoder {
    int[] encode(String text);
}
