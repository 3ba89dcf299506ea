package ru.vitrina.api.opendata;

import ru.vitrina.engine.query.ColumnType;
import ru.vitrina.engine.query.QueryCursor;
import ru.vitrina.engine.query.ResultColumn;
import ru.vitrina.engine.store.DataVersion;
import ru.vitrina.engine.store.Store;
import ru.vitrina.engine.store.StoreException;
import ru.vitrina.opendata.dataset.Field;
import ru.vitrina.opendata.dataset.FieldType;
import ru.vitrina.opendata.publish.PublishedVersion;
import ru.vitrina.opendata.publish.Publications;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The stored rows of one published version, read by DuckDB from its Parquet file and streamed (never held), so the
 * export writers of {@code api.format} write JSON and XLSX of exactly the rows of the CSV file.
 */
final class StoredRowsCursor implements QueryCursor {
    private final Connection connection;
    private final Path parquet;
    private final List<ResultColumn> columns;
    private final DataVersion dataVersion;
    private final List<String> names;
    private Statement statement;
    private ResultSet resultSet;

    StoredRowsCursor(Store store, Publications publications, PublishedVersion version) {
        requireNonNull(version, "version");
        this.parquet = publications.file(version, "parquet");
        this.columns = version.fields().stream().map(StoredRowsCursor::column).toList();
        this.names = version.fields().stream().map(Field::name).toList();
        this.dataVersion = new DataVersion(version.dataVersion(), version.publishedAt().atOffset(ZoneOffset.UTC).toLocalDateTime(),
                "opendata " + version.baseName());
        this.connection = store.connect();
    }

    private static ResultColumn column(Field field) {
        ColumnType type = switch (field.type()) {
            case STRING -> ColumnType.STRING;
            case DATE -> ColumnType.TIME;
            case BOOLEAN -> ColumnType.BOOLEAN;
            case INTEGER, NUMBER -> ColumnType.NUMBER;
        };
        // A date field is keyed like a cube's day-granular member, so the Excel writer shows a date without a time.
        String key = field.type() == FieldType.DATE ? field.name() + ".day" : field.name();
        return new ResultColumn(key, field.titleRu(), field.titleEn(), type, null,
                field.type() == FieldType.INTEGER ? "integer" : field.type() == FieldType.NUMBER ? "number" : null);
    }

    @Override
    public List<ResultColumn> columns() {
        return columns;
    }

    /** The data set's field names, in column order. */
    List<String> names() {
        return names;
    }

    @Override
    public ResultSet resultSet() {
        if (resultSet == null) {
            try {
                statement = connection.createStatement();
                resultSet = statement.executeQuery("SELECT * FROM read_parquet(" + Publications.literal(parquet) + ")");
            } catch (SQLException e) {
                throw new StoreException("Cannot read " + parquet.getFileName() + ": " + e.getMessage(), e);
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
            return copy.executeLargeUpdate("COPY (SELECT * FROM read_parquet(" + Publications.literal(parquet) + ")) TO "
                    + Publications.literal(file) + " (FORMAT parquet)");
        } catch (SQLException e) {
            throw new StoreException("Cannot write Parquet: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try (connection) {
            if (resultSet != null) {
                resultSet.close();
            }
            if (statement != null) {
                statement.close();
            }
        } catch (SQLException e) {
            throw new StoreException("Cannot close the rows of " + parquet.getFileName() + ": " + e.getMessage(), e);
        }
    }
}
