package dev.nibble.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An output file both quant passes write through in the same way (one reused direct buffer,
 * no fsync: the page cache absorbs the writes, which is the fastest, hence strictest, baseline).
 */
final class Sink implements AutoCloseable {
    private final FileChannel ch;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(16 << 20).order(ByteOrder.LITTLE_ENDIAN);
    long written;

    Sink(Path file) {
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void floats(float[] v) {
        for (int at = 0; at < v.length; ) {
            buf.clear();
            int n = Math.min(v.length - at, buf.capacity() / 4);
            buf.asFloatBuffer().put(v, at, n);
            buf.limit(n * 4);
            drain();
            at += n;
        }
    }

    void bytes(byte[] v) {
        for (int at = 0; at < v.length; ) {
            buf.clear();
            int n = Math.min(v.length - at, buf.capacity());
            buf.put(v, at, n).flip();
            drain();
            at += n;
        }
    }

    private void drain() {
        try {
            while (buf.hasRemaining()) written += ch.write(buf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            ch.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
