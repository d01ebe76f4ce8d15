package dev.nibble.kernel;

import java.util.Map;

/**
 * Where a running cell's output goes: the Jupyter adapter publishes it on IOPub, tests
 * record it. Bundles map MIME types to data (text, HTML, base64 PNG). Called from the
 * cell's own thread, so implementations must be thread-safe.
 */
public interface Output {

    void stream(boolean stderr, String text);

    /** A display_data message; {@code displayId} (may be null) lets it be updated later. */
    void display(Map<String, Object> bundle, String displayId);

    /** Replaces the display shown earlier under {@code displayId}. */
    void updateDisplay(Map<String, Object> bundle, String displayId);
}
