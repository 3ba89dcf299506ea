package ru.vitrina.api.format;

import ru.vitrina.engine.query.QueryCursor;
import ru.vitrina.engine.query.ResultColumn;
import ru.vitrina.engine.store.DataVersion;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

import static java.util.Objects.requireNonNull;

/**
 * A real cursor over a real in-memory DuckDB query, the way the engine's cursor is built: the
 * result set is opened on first use and streamed (not materialised) by the driver.
 */
final class DuckDbCursor implements QueryCursor {
    private final Connection connection;
    private final String sql;
    private final List<ResultColumn> columns;
    private final DataVersion dataVersion;
    private Statement statement;
    private ResultSet resultSet;

    DuckDbCursor(Connection connection, String sql, List<ResultColumn> columns, DataVersion dataVersion) {
        this.connection = requireNonNull(connection, "connection");
        this.sql = requireNonNull(sql, "sql");
        this.columns = List.copyOf(columns);
        this.dataVersion = dataVersion;
    }

    /** An in-memory database whose result sets stream chunk by chunk, as a server's should. */
    static Connection openDatabase() {
        Properties properties = new Properties();
        properties.setProperty("jdbc_stream_results", "true");
        properties.setProperty("autoinstall_known_extensions", "false");
        try {
            return DriverManager.getConnection("jdbc:duckdb:", properties);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public List<ResultColumn> columns() {
        return columns;
    }

    @Override
    public ResultSet resultSet() {
        if (resultSet == null) {
            try {
                statement = connection.createStatement();
                resultSet = statement.executeQuery(sql);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
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
        try (Statement copy = connection.createStatement()) {
            return copy.executeLargeUpdate("COPY (" + sql + ") TO '" + file.toString().replace("'", "''") + "' (FORMAT parquet)");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            if (resultSet != null) {
                resultSet.close();
            }
            if (statement != null) {
                statement.close();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
