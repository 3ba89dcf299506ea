package ru.vitrina.api.format;

import java.io.OutputStream;
import java.util.function.LongConsumer;

/**
 * Throws the bytes away and counts them; optionally calls back every {@code every} bytes, which
 * the streaming test uses to look at the heap while a writer is in the middle of its work.
 */
final class CountingOutputStream extends OutputStream {
    private final long every;
    private final LongConsumer onProgress;
    private long bytes;
    private long nextCallback;
    private int flushes;
    private boolean closed;

    CountingOutputStream() {
        this(Long.MAX_VALUE, written -> { });
    }

    CountingOutputStream(long every, LongConsumer onProgress) {
        this.every = every;
        this.onProgress = onProgress;
        this.nextCallback = every;
    }

    @Override
    public void write(int b) {
        advance(1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        advance(len);
    }

    @Override
    public void flush() {
        flushes++;
    }

    @Override
    public void close() {
        closed = true;
    }

    private void advance(long count) {
        bytes += count;
        if (bytes >= nextCallback) {
            nextCallback = bytes + every;
            onProgress.accept(bytes);
        }
    }

    long bytes() {
        return bytes;
    }

    int flushes() {
        return flushes;
    }

    boolean closed() {
        return closed;
    }
}
