package dev.nibble.kernel;

import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * A DSL statement's progress as one display that updates in place (display_data once,
 * then update_display_data under the same display_id). Updates are throttled: an engine
 * may report per layer or per window, a frontend needs a few per second.
 */
final class ProgressDisplay implements Progress {
    private static final long MIN_INTERVAL_NANOS = 200_000_000L;
    private static final int BAR = 24;

    private final Output out;
    private final BooleanSupplier cancelled;
    private final String id = "nibble-progress-" + UUID.randomUUID();
    private final long started = System.nanoTime();
    private boolean shown;
    private long lastSent;
    private String what = "";
    private double fraction = Double.NaN;

    ProgressDisplay(Output out, BooleanSupplier cancelled) {
        this.out = out;
        this.cancelled = cancelled;
    }

    @Override
    public synchronized void report(String what, double fraction) {
        this.what = what;
        this.fraction = fraction;
        long now = System.nanoTime();
        if (shown && now - lastSent < MIN_INTERVAL_NANOS) return;
        send(now, bundle(what, fraction));
    }

    @Override
    public boolean cancelled() {
        return cancelled.getAsBoolean();
    }

    /** Leaves the display at its final state (the last step and the time taken), if one was shown. */
    synchronized void finish(boolean ok) {
        if (!shown) return;
        double seconds = (System.nanoTime() - started) / 1e9;
        String end = String.format("%s — %s after %.1f s", what, ok ? "done" : "stopped", seconds);
        send(System.nanoTime(), bundle(end, ok ? 1.0 : fraction));
    }

    private void send(long now, Map<String, Object> bundle) {
        if (shown) out.updateDisplay(bundle, id);
        else out.display(bundle, id);
        shown = true;
        lastSent = now;
    }

    static Map<String, Object> bundle(String what, double fraction) {
        if (Double.isNaN(fraction)) {
            return Displays.bundle(Displays.TEXT, what, Displays.HTML,
                    "<div><progress></progress> " + Displays.escape(what) + "</div>");
        }
        double f = Math.max(0, Math.min(1, fraction));
        int filled = (int) Math.round(f * BAR);
        String percent = Math.round(f * 100) + "%";
        String text = "[" + "#".repeat(filled) + "-".repeat(BAR - filled) + "] " + percent + " " + what;
        String html = "<div><progress value=\"" + f + "\" max=\"1\"></progress> " + percent + " "
                + Displays.escape(what) + "</div>";
        return Displays.bundle(Displays.TEXT, text, Displays.HTML, html);
    }
}
