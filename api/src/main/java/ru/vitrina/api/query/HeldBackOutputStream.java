package ru.vitrina.api.query;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Keeps the first bytes of a file back from the response until there are {@code limit} of them or the file is
 * finished, ignoring the writers' early flushes meanwhile. DuckDB streams, so a statement that fails on its first rows
 * fails while its file is still held here, and the client can get a proper JSON error and status instead of a started
 * file; only once bytes have been {@link #released()} must a failure break the transfer off.
 */
final class HeldBackOutputStream extends OutputStream {
    private final Supplier<OutputStream> target;
    private final int limit;
    private ByteArrayOutputStream held;
    private OutputStream out;

    /** @param target the response's stream, asked for only when the first bytes are released */
    HeldBackOutputStream(Supplier<OutputStream> target, int limit) {
        this.target = requireNonNull(target, "target");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
        this.limit = limit;
        this.held = new ByteArrayOutputStream(Math.min(limit, 8192));
    }

    /** Whether any byte has gone to the response (and perhaps to the client). */
    boolean released() {
        return out != null;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (out != null) {
            out.write(b, off, len);
            return;
        }
        held.write(b, off, len);
        if (held.size() >= limit) {
            release();
        }
    }

    /** A writer's early flush: bytes still held stay held. */
    @Override
    public void flush() throws IOException {
        if (out != null) {
            out.flush();
        }
    }

    /** The file is finished: sends whatever is still held. Does not close the response's stream. */
    void finish() throws IOException {
        if (out == null) {
            release();
        }
        out.flush();
    }

    private void release() throws IOException {
        out = requireNonNull(target.get(), "target stream");
        held.writeTo(out);
        held = null;
    }
}
