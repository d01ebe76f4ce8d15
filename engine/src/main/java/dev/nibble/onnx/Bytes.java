package dev.nibble.onnx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * A read-only or writable run of bytes of any length, as little-endian ByteBuffer chunks
 * of 1 GiB (the last one shorter).
 *
 * <p>Why not {@code java.lang.foreign.MemorySegment}: nibble targets Java 21, where that
 * API is still a preview. Why not one ByteBuffer: those stop at 2 GB, and single weights
 * of large models do not. Every chunk starts at a multiple of 2^30, so an element of 1, 2,
 * 4 or 8 bytes at an offset that is a multiple of its size never straddles two chunks.
 */
public final class Bytes {
    static final int SHIFT = 30;
    static final long CHUNK = 1L << SHIFT;

    private final ByteBuffer[] chunks;
    private final long size;

    private Bytes(ByteBuffer[] chunks, long size) {
        this.chunks = chunks;
        this.size = size;
        for (ByteBuffer b : chunks) b.order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A view of {@code array} (no copy). */
    public static Bytes wrap(byte[] array) {
        return new Bytes(new ByteBuffer[] {ByteBuffer.wrap(array)}, array.length);
    }

    /** A view of {@code buf}'s remaining bytes (no copy). */
    public static Bytes of(ByteBuffer buf) {
        return new Bytes(new ByteBuffer[] {buf.slice()}, buf.remaining());
    }

    /** Zero-filled writable bytes, off the heap when larger than 16 MB. */
    public static Bytes allocate(long size) {
        ByteBuffer[] cs = new ByteBuffer[chunkCount(size)];
        for (int i = 0; i < cs.length; i++) {
            int len = chunkLength(size, i);
            cs[i] = size > (16 << 20) ? ByteBuffer.allocateDirect(len) : ByteBuffer.allocate(len);
        }
        return new Bytes(cs, size);
    }

    /** Maps {@code [offset, offset+length)} of an open file read-only; the mapping outlives the channel. */
    public static Bytes map(FileChannel ch, long offset, long length) throws IOException {
        ByteBuffer[] cs = new ByteBuffer[chunkCount(length)];
        for (int i = 0; i < cs.length; i++)
            cs[i] = ch.map(FileChannel.MapMode.READ_ONLY, offset + (long) i * CHUNK, chunkLength(length, i));
        return new Bytes(cs, length);
    }

    private static int chunkCount(long size) {
        return (int) Math.max(1, (size + CHUNK - 1) >>> SHIFT);
    }

    private static int chunkLength(long size, int i) {
        return (int) Math.min(CHUNK, size - (long) i * CHUNK);
    }

    public long size() { return size; }

    public byte get(long off) { return chunks[(int) (off >>> SHIFT)].get((int) (off & (CHUNK - 1))); }
    public short getShort(long off) { return chunks[(int) (off >>> SHIFT)].getShort((int) (off & (CHUNK - 1))); }
    public int getInt(long off) { return chunks[(int) (off >>> SHIFT)].getInt((int) (off & (CHUNK - 1))); }
    public float getFloat(long off) { return chunks[(int) (off >>> SHIFT)].getFloat((int) (off & (CHUNK - 1))); }
    public long getLong(long off) { return chunks[(int) (off >>> SHIFT)].getLong((int) (off & (CHUNK - 1))); }
    public double getDouble(long off) { return chunks[(int) (off >>> SHIFT)].getDouble((int) (off & (CHUNK - 1))); }

    public void put(long off, byte v) { chunks[(int) (off >>> SHIFT)].put((int) (off & (CHUNK - 1)), v); }
    public void putShort(long off, short v) { chunks[(int) (off >>> SHIFT)].putShort((int) (off & (CHUNK - 1)), v); }
    public void putInt(long off, int v) { chunks[(int) (off >>> SHIFT)].putInt((int) (off & (CHUNK - 1)), v); }
    public void putFloat(long off, float v) { chunks[(int) (off >>> SHIFT)].putFloat((int) (off & (CHUNK - 1)), v); }
    public void putLong(long off, long v) { chunks[(int) (off >>> SHIFT)].putLong((int) (off & (CHUNK - 1)), v); }
    public void putDouble(long off, double v) { chunks[(int) (off >>> SHIFT)].putDouble((int) (off & (CHUNK - 1)), v); }

    /**
     * Copies {@code dst.length} floats starting at byte {@code off} (a multiple of 4) in
     * bulk, chunk by chunk: the fast path for reading fp32 weights.
     */
    public void getFloats(long off, float[] dst, int at, int count) {
        while (count > 0) {
            ByteBuffer b = chunks[(int) (off >>> SHIFT)];
            int pos = (int) (off & (CHUNK - 1));
            int n = Math.min(count, (b.capacity() - pos) / 4);
            b.slice(pos, n * 4).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(dst, at, n);
            off += n * 4L;
            at += n;
            count -= n;
        }
    }

    /** Writes every byte to {@code ch} starting at file position {@code pos}. */
    public void writeTo(FileChannel ch, long pos) throws IOException {
        for (ByteBuffer b : chunks) {
            ByteBuffer d = b.duplicate().clear();
            while (d.hasRemaining()) pos += ch.write(d, pos);
        }
    }

    /** A heap copy; only for runs under 2 GB. */
    public byte[] toArray() {
        if (size > Integer.MAX_VALUE - 8) throw new IllegalStateException(size + " bytes do not fit in one array");
        byte[] out = new byte[(int) size];
        int at = 0;
        for (ByteBuffer b : chunks) {
            ByteBuffer d = b.duplicate().clear();
            int n = d.remaining();
            d.get(out, at, n);
            at += n;
        }
        return out;
    }

    /** True when both hold the same bytes (compares chunk by chunk, no copy). */
    public boolean contentEquals(Bytes other) {
        if (size != other.size) return false;
        if (chunks.length != other.chunks.length) return false;
        for (int i = 0; i < chunks.length; i++)
            if (chunks[i].duplicate().clear().mismatch(other.chunks[i].duplicate().clear()) != -1) return false;
        return true;
    }

    @Override
    public String toString() {
        return "Bytes[" + size + " in " + chunks.length + " chunk(s)" + (chunks[0].isReadOnly() ? ", read-only" : "") + "]"
                + (size <= 16 ? Arrays.toString(toArray()) : "");
    }
}
