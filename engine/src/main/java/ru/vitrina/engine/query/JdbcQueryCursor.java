package ru.vitrina.engine.query;

import ru.vitrina.engine.store.DataVersion;
import ru.vitrina.engine.store.StoreException;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static java.util.Objects.requireNonNull;

/** A streamed answer over one DuckDB connection and transaction; closing it ends both. */
final class JdbcQueryCursor implements QueryCursor {
    private final Connection connection;
    private final PreparedStatement statement;
    private ResultSet resultSet;
    private final CompiledQuery compiled;
    private final DataVersion dataVersion;
    private final Runnable onClose;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** The statement runs when the rows are first asked for: a Parquet copy never runs it, and DuckDB allows one open result per connection. */
    JdbcQueryCursor(Connection connection, PreparedStatement statement, CompiledQuery compiled,
                    DataVersion dataVersion, Runnable onClose) {
        this.connection = requireNonNull(connection, "connection");
        this.statement = requireNonNull(statement, "statement");
        this.compiled = requireNonNull(compiled, "compiled");
        this.dataVersion = dataVersion;
        this.onClose = requireNonNull(onClose, "onClose");
    }

    @Override
    public List<ResultColumn> columns() {
        return compiled.columns();
    }

    @Override
    public ResultSet resultSet() {
        if (resultSet == null) {
            try {
                resultSet = statement.executeQuery();
            } catch (SQLException e) {
                throw new StoreException("Cannot read the answer: " + e.getMessage(), e);
            }
        }
        return resultSet;
    }

    @Override
    public DataVersion dataVersion() {
        return dataVersion;
    }

    @Override
    public long copyToParquet(Path file) {
        try {
            return QueryEngine.copyToParquet(connection, compiled, file);
        } catch (SQLException e) {
            throw new StoreException("Cannot write Parquet: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        onClose.run();
        try (connection; statement) {
            if (resultSet != null) {
                resultSet.close();
            }
            connection.commit();
        } catch (SQLException e) {
            throw new StoreException("Cannot close the answer: " + e.getMessage(), e);
        }
    }
}
