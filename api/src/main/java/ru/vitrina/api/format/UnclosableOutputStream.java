package ru.vitrina.api.format;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Hands the caller's stream to a library that closes what it is given; close only flushes. */
final class UnclosableOutputStream extends FilterOutputStream {
    UnclosableOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
        out.flush();
    }
}
