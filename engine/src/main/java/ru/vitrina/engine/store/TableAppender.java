package ru.vitrina.engine.store;

import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.sql.Connection;
import java.sql.SQLException;

import static java.util.Objects.requireNonNull;

/**
 * DuckDB's appender on one table, inside the connection's open transaction, that fails at close when the table refused
 * a row. {@link DuckDBAppender#close()} flushes its last rows but swallows a failed flush (duckdb_jdbc 2.0.0.1): the
 * transaction is then aborted without a word, and a COMMIT straight after it ends with none of the rows and no error
 * either ({@code TableAppenderTest}). Every appender of Vitrina is opened here, so that no row goes that way.
 */
public final class TableAppender implements AutoCloseable {
    private final DuckDBAppender rows;

    private TableAppender(DuckDBAppender rows) {
        this.rows = rows;
    }

    /** An appender on {@code schema.table} of the store's file. */
    public static TableAppender open(Connection connection, String schema, String table) throws SQLException {
        return new TableAppender(duck(connection).createAppender(requireNonNull(schema, "schema"), requireNonNull(table, "table")));
    }

    /** An appender on a temporary table of this connection. */
    public static TableAppender temporary(Connection connection, String table) throws SQLException {
        return new TableAppender(duck(connection).createAppender("temp", "main", requireNonNull(table, "table")));
    }

    private static DuckDBConnection duck(Connection connection) throws SQLException {
        return requireNonNull(connection, "connection").unwrap(DuckDBConnection.class);
    }

    /** The appender to add rows with ({@code beginRow}, {@code append}, {@code endRow}). */
    public DuckDBAppender rows() {
        return rows;
    }

    /** Flushes the rows still buffered, throwing what the table refused, then frees the appender. */
    @Override
    public void close() throws SQLException {
        try {
            rows.flush();
        } finally {
            rows.close();
        }
    }
}
