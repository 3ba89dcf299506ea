package ru.vitrina.api.format;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.duckdb.DuckDBResultSet;
import ru.vitrina.engine.query.QueryCursor;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.ResultSet;
import java.sql.SQLException;

import static java.util.Objects.requireNonNull;

/**
 * The Arrow IPC stream format, with DuckDB's own Arrow export: batches go from DuckDB's vectors to
 * Arrow buffers in native memory and on to the client, never as Java objects per value. Column
 * names and types are DuckDB's (DECIMAL stays decimal, TIMESTAMP is microseconds).
 *
 * <p>The cursor's result set must be untouched: DuckDB exports from where its driver stands, so
 * rows a {@code next()} already fetched (a whole chunk of up to 2048) would be missing, and the
 * driver cannot tell whether that happened.
 *
 * <p>Needs {@code --add-opens=java.base/java.nio=ALL-UNNAMED} on the JVM, as Arrow's memory
 * module reads buffer addresses reflectively.
 */
public final class ArrowStreamResultWriter implements ResultWriter {
    /** Rows per record batch; a multiple of DuckDB's vector size of 2048. */
    static final long BATCH_ROWS = 64 * 1024;

    @Override
    public long write(QueryCursor cursor, OutputStream out) throws IOException {
        requireNonNull(cursor, "cursor");
        requireNonNull(out, "out");
        DuckDBResultSet rows = duckDb(cursor.resultSet());
        // The reader holds buffers of the allocator, so it is closed first (resources close in reverse).
        try (BufferAllocator allocator = new RootAllocator();
             ArrowReader reader = export(rows, allocator);
             ArrowStreamWriter writer = new ArrowStreamWriter(
                     reader.getVectorSchemaRoot(), reader, new UnclosableOutputStream(out))) {
            writer.start();
            long written = 0;
            while (reader.loadNextBatch()) {
                writer.writeBatch();
                written += reader.getVectorSchemaRoot().getRowCount();
                out.flush();
            }
            writer.end();
            out.flush();
            return written;
        }
    }

    private static ArrowReader export(DuckDBResultSet rows, BufferAllocator allocator) {
        try {
            // The driver takes and returns Object so that it does not depend on Arrow itself.
            return (ArrowReader) rows.arrowExportStream(allocator, BATCH_ROWS);
        } catch (SQLException e) {
            throw Values.readFailure(e);
        }
    }

    private static DuckDBResultSet duckDb(ResultSet rows) {
        try {
            if (rows.isWrapperFor(DuckDBResultSet.class)) {
                return rows.unwrap(DuckDBResultSet.class);
            }
        } catch (SQLException e) {
            throw Values.readFailure(e);
        }
        throw new UnsupportedOperationException(
                "Формат Arrow доступен только для ответов DuckDB / Arrow is only available for DuckDB answers, not "
                        + rows.getClass().getName());
    }
}
