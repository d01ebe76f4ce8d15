package dev.nibble.dsl;

import dev.nibble.eval.Progress;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress on one terminal line ("eval ppl base perplexity 12/40"), rewritten in place
 * at most every 200 ms and cleared when a phase completes. Meant for stderr, so it never
 * mixes with results on stdout; pass {@link Progress#NONE} when stderr is not a terminal.
 */
public final class TerminalProgress implements Progress {
    private final PrintStream out;
    private long lastNanos;
    private int lastWidth;

    public TerminalProgress(PrintStream out) {
        this.out = out;
    }

    /** Progress for this process: on stderr when there is a terminal, nothing otherwise (logs stay clean). */
    public static Progress forConsole() {
        return System.console() != null ? new TerminalProgress(System.err) : Progress.NONE;
    }

    @Override
    public synchronized void update(String what, long done, long total) {
        long now = System.nanoTime();
        boolean end = done >= total;
        if (!end && now - lastNanos < 200_000_000L) return;
        lastNanos = now;
        String line = String.format(Locale.ROOT, "%s %d/%d", what, done, total);
        out.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
        lastWidth = line.length();
        if (end) {
            out.print("\r" + " ".repeat(lastWidth) + "\r");
            lastWidth = 0;
        }
        out.flush();
    }
}
