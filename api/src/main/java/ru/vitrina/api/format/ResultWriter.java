package ru.vitrina.api.format;

import ru.vitrina.engine.query.QueryCursor;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes one answer as a file. Implementations read the cursor once, front to back, and hold no
 * rows in memory; they flush {@code out} now and then so a client sees bytes early. Neither the
 * cursor nor {@code out} is closed: both belong to the caller.
 *
 * <p>A writer that fails half-way throws and never finishes the file (no XLSX central directory,
 * no Arrow end-of-stream marker). A cut CSV still looks like CSV, so a handler that has already
 * sent bytes must abort the response rather than end it normally. A failure to read the store is
 * a {@link ru.vitrina.engine.store.StoreException}; a failure of {@code out} an {@link IOException}.
 *
 * <p>A writer returns how many rows it wrote: the audit trail records it for every export.
 */
@FunctionalInterface
public interface ResultWriter {
    long write(QueryCursor cursor, OutputStream out) throws IOException;
}
