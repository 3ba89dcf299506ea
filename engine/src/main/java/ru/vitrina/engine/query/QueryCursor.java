package ru.vitrina.engine.query;

import ru.vitrina.engine.store.DataVersion;

import java.nio.file.Path;
import java.sql.ResultSet;
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
     * Writes the same rows, in the same snapshot, to a Parquet file with DuckDB's own writer.
     *
     * @return the rows written (for the audit trail)
     */
    long copyToParquet(Path file);

    @Override
    void close();
}
