package dev.nibble.kernel;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * System.out or System.err of a running cell: bytes collect until the PrintStream above
 * flushes (each println), then go out as one stream message.
 */
final class StreamOutput extends ByteArrayOutputStream {
    private final Output out;
    private final boolean stderr;

    StreamOutput(Output out, boolean stderr) {
        this.out = out;
        this.stderr = stderr;
    }

    @Override
    public synchronized void flush() {
        if (count == 0) return;
        String text = new String(buf, 0, count, StandardCharsets.UTF_8);
        reset();
        out.stream(stderr, text);
    }
}
