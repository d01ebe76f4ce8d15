package dev.nibble.kernel;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** An {@link Output} that keeps everything, for assertions. */
final class RecordingOutput implements Output {
    final StringBuffer out = new StringBuffer();
    final StringBuffer err = new StringBuffer();
    final List<Map<String, Object>> displays = new CopyOnWriteArrayList<>();
    final List<String> displayIds = new CopyOnWriteArrayList<>();
    final List<Map<String, Object>> updates = new CopyOnWriteArrayList<>();

    @Override
    public void stream(boolean stderr, String text) {
        (stderr ? err : out).append(text);
    }

    @Override
    public void display(Map<String, Object> bundle, String displayId) {
        displays.add(bundle);
        displayIds.add(String.valueOf(displayId));
    }

    @Override
    public void updateDisplay(Map<String, Object> bundle, String displayId) {
        updates.add(bundle);
    }
}
