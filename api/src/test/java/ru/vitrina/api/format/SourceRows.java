package ru.vitrina.api.format;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The rows of a query read straight from DuckDB, to compare a written file with. */
final class SourceRows {
    private SourceRows() {
    }

    /** Every row as DuckDB's driver returns it. */
    static List<List<Object>> read(Connection connection, String sql) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            int width = result.getMetaData().getColumnCount();
            while (result.next()) {
                Object[] row = new Object[width];
                for (int i = 0; i < width; i++) {
                    row[i] = result.getObject(i + 1);
                }
                rows.add(Arrays.asList(row));
            }
        }
        return rows;
    }

    /** Column name and DuckDB type of each column of a query. */
    static List<List<Object>> describe(Connection connection, String sql) throws SQLException {
        List<List<Object>> columns = new ArrayList<>();
        for (List<Object> row : read(connection, "DESCRIBE " + sql)) {
            columns.add(List.of(row.get(0), row.get(1)));
        }
        return columns;
    }

    /**
     * One spelling per value for comparing across formats: numbers as BigDecimal without trailing
     * zeros, dates and timestamps as LocalDateTime, NaN as null (no spreadsheet can hold it).
     */
    static Object normalize(Object value) {
        if (value instanceof Double d && !Double.isFinite(d)) {
            return null;
        }
        if (value instanceof Number n) {
            return new BigDecimal(n.toString()).stripTrailingZeros();
        }
        if (value instanceof Timestamp t) {
            return t.toLocalDateTime();
        }
        if (value instanceof LocalDate d) {
            return d.atStartOfDay();
        }
        if (value instanceof LocalDateTime || value instanceof String || value instanceof Boolean || value == null) {
            return value;
        }
        throw new IllegalArgumentException("No normal form for " + value.getClass());
    }

    static List<List<Object>> normalize(List<List<Object>> rows) {
        return rows.stream().map(row -> row.stream().map(SourceRows::normalize).toList()).toList();
    }
}
