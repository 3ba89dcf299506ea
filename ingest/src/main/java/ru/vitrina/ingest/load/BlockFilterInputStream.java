package ru.vitrina.ingest.load;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A filter whose every read goes through {@link #read(byte[], int, int)}: {@link FilterInputStream}'s one-byte
 * {@code read()} and {@code skip} go straight to the stream below, so a subclass that cuts, counts or checks the bytes
 * there would miss those. Here they are built on the block read, and the subclass overrides that one method alone.
 */
public abstract class BlockFilterInputStream extends FilterInputStream {
    protected BlockFilterInputStream(InputStream in) {
        super(in);
    }

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    /** Reads and drops up to {@code n} bytes, at most 8 KiB a call (fewer is what skip promises anyway). */
    @Override
    public final long skip(long n) throws IOException {
        return Math.max(0, read(new byte[(int) Math.min(Math.max(n, 0), 8192)]));
    }
}
