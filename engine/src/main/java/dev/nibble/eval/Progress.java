package dev.nibble.eval;

/**
 * Progress of a long evaluation, reported by the engine and shown (or not) by the caller;
 * the engine never prints. {@code what} names the phase ("perplexity", "kl",
 * "mmlu abstract_algebra"); {@code done} of {@code total} units (windows or questions).
 */
@FunctionalInterface
public interface Progress {
    void update(String what, long done, long total);

    /** Reports nothing. */
    Progress NONE = (what, done, total) -> { };
}
