package dev.nibble.kernel;

/**
 * The one place that picks the kernel's DSL engine. The system property
 * {@value #PROPERTY} names a {@link DslEngine} class with a no-argument constructor (tests
 * use it to run the kernel over a fake); otherwise the nibble DSL ({@link NibbleDsl}).
 */
public final class DslEngines {
    public static final String PROPERTY = "nibble.kernel.dsl";

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
        return new NibbleDsl();
    }
}
