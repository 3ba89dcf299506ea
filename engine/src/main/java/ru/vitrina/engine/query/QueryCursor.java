package ru.vitrina.engine.query;

import ru.vitrina.engine.store.DataVersion;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * An open answer, streamed row by row from DuckDB inside one read transaction (one data version).
 * Writers of export formats read {@link #resultSet()} once, in order; nothing is held in memory.
 */
public interface QueryCursor extends AutoCloseable {
    List<ResultColumn> columns();

    /** Rows in the order of {@link #columns()}: column i of the result set is columns().get(i - 1). */
    ResultSet resultSet();

    DataVersion dataVersion();

    /**
     * What a failure reading {@link #resultSet()} (its {@code next()}, a value) means for the caller: rows are
     * streamed, so DuckDB reports the statement's errors, and a cancel at the timeout, while they are read. By
     * default a failure of the store.
     */
    default QueryException failure(SQLException e) {
        return new QueryException(500, "Ошибка хранилища при чтении ответа / store error while reading the answer: "
                + e.getMessage(), e);
    }

    /**
     * Writes the same rows, in the same snapshot, to a Parquet file with DuckDB's own writer.
     *
     * @return the rows written (for the audit trail)
     */
    long copyToParquet(Path file);

    @Override
    void close();
}
