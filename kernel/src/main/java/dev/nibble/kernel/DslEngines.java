package dev.nibble.kernel;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The one place that picks the kernel's DSL engine. The system property
 * {@value #PROPERTY} names a {@link DslEngine} class with a no-argument constructor (tests
 * use it to run the kernel over a fake); otherwise the nibble DSL. Until the DSL's session
 * facade is bound here, DSL cells are recognised and answered with an error saying so.
 */
public final class DslEngines {
    public static final String PROPERTY = "nibble.kernel.dsl";

    /** SPEC §7's statement keywords, for recognising DSL cells before the DSL is bound. */
    static final List<String> KEYWORDS = List.of("load", "calibrate", "quantize", "eval", "bench", "convert",
            "sweep", "table", "plot", "save", "set", "show");

    private DslEngines() {}

    public static DslEngine create() {
        String name = System.getProperty(PROPERTY);
        if (name != null && !name.isBlank()) {
            try {
                return (DslEngine) Class.forName(name).getConstructor().newInstance();
            } catch (ReflectiveOperationException | ClassCastException e) {
                throw new IllegalArgumentException(PROPERTY + "=" + name + " is not a DslEngine with a public no-argument constructor", e);
            }
        }
        return new Unbound();
    }

    /** Stands in for the DSL until it is bound: knows the keywords, runs nothing. */
    static final class Unbound implements DslEngine {
        @Override
        public boolean isKeyword(String word) {
            return KEYWORDS.contains(word);
        }

        @Override
        public void run(String cell, Progress progress, Consumer<Rendered> show) throws DslError {
            throw new DslError(1, 1, "the nibble DSL is not part of this build of the kernel yet");
        }

        @Override
        public Completion complete(String cell, int cursor) {
            return Completion.none(cursor);
        }

        @Override
        public Optional<String> doc(String word) {
            return Optional.empty();
        }

        @Override
        public Object session() {
            return null;
        }
    }
}
