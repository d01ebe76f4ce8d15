package dev.nibble.kernel;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The way from JShell code back to the kernel. Java cells run in this JVM but can only
 * reach static members, so the kernel parks objects here under a number: the DSL session
 * (read once into the variable {@code nibble}) and each notebook's display sink (behind
 * the {@code display(Object)} method defined in every JShell). Public because snippet
 * classes live in another class loader's package.
 */
public final class Bridge {
    private static final AtomicLong NEXT = new AtomicLong(1);
    private static final Map<Long, Object> PARKED = new ConcurrentHashMap<>();
    private static final Map<Long, Consumer<Object>> DISPLAYS = new ConcurrentHashMap<>();

    private Bridge() {}

    static long park(Object value) {
        long id = NEXT.getAndIncrement();
        PARKED.put(id, value);
        return id;
    }

    /** Returns and forgets what {@link #park} stored (called from generated JShell code). */
    public static Object take(long id) {
        return PARKED.remove(id);
    }

    static long registerDisplay(Consumer<Object> sink) {
        long id = NEXT.getAndIncrement();
        DISPLAYS.put(id, sink);
        return id;
    }

    static void unregisterDisplay(long id) {
        DISPLAYS.remove(id);
    }

    /** Shows {@code value} in the running cell's output (called from generated JShell code). */
    public static void display(long sinkId, Object value) {
        Consumer<Object> sink = DISPLAYS.get(sinkId);
        if (sink != null) sink.accept(value);
    }
}
