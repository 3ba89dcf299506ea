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
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/** A streamed answer over one DuckDB connection and transaction; closing it ends both. */
final class JdbcQueryCursor implements QueryCursor {
    private final Connection connection;
    private final PreparedStatement statement;
    private ResultSet resultSet;
    private final CompiledQuery compiled;
    private final DataVersion dataVersion;
    private final Runnable onClose;
    private final Function<SQLException, QueryException> failures;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * The statement runs when the rows are first asked for: a Parquet copy never runs it, and DuckDB allows one open
     * result per connection.
     *
     * @param failures what a failure of the statement means (see {@link #failure})
     */
    JdbcQueryCursor(Connection connection, PreparedStatement statement, CompiledQuery compiled,
                    DataVersion dataVersion, Runnable onClose, Function<SQLException, QueryException> failures) {
        this.connection = requireNonNull(connection, "connection");
        this.statement = requireNonNull(statement, "statement");
        this.compiled = requireNonNull(compiled, "compiled");
        this.dataVersion = dataVersion;
        this.onClose = requireNonNull(onClose, "onClose");
        this.failures = requireNonNull(failures, "failures");
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
                throw failure(e);
            }
        }
        return resultSet;
    }

    @Override
    public DataVersion dataVersion() {
        return dataVersion;
    }

    @Override
    public QueryException failure(SQLException e) {
        return failures.apply(requireNonNull(e, "e"));
    }

    @Override
    public long copyToParquet(Path file) {
        try {
            return QueryEngine.copyToParquet(connection, compiled, file);
        } catch (SQLException e) {
            throw failure(e);
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
