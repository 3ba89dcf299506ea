package ru.vitrina.api.ops;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Rows and an order-independent checksum of one table: the sum of DuckDB's hash of each row's text.
 * Two tables with equal figures hold the same rows (up to hash collisions), whatever their physical order.
 *
 * @param table    schema.table
 * @param rows     count(*)
 * @param checksum sum(hash(row::VARCHAR)) as decimal text (a HUGEINT does not fit a long)
 */
public record TableChecksum(String table, long rows, String checksum) {
    public TableChecksum {
        requireNonNull(table, "table");
        requireNonNull(checksum, "checksum");
    }

    /** Every user table of the connection's database, in name order, read in the connection's transaction. */
    public static List<TableChecksum> all(Connection connection) throws SQLException {
        List<String[]> tables = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT schema_name, table_name FROM duckdb_tables() "
                     + "WHERE database_name = current_database() AND NOT internal AND NOT temporary ORDER BY 1, 2")) {
            while (rows.next()) {
                tables.add(new String[] {rows.getString(1), rows.getString(2)});
            }
        }
        List<TableChecksum> result = new ArrayList<>(tables.size());
        for (String[] table : tables) {
            result.add(of(connection, table[0], table[1]));
        }
        return result;
    }

    static TableChecksum of(Connection connection, String schema, String table) throws SQLException {
        // The alias t names the whole row; t::VARCHAR is its text with column names, so a renamed column differs too.
        String sql = "SELECT count(*), coalesce(sum(hash(t::VARCHAR)), 0)::VARCHAR FROM "
                + DuckDbFiles.identifier(schema, table) + " t";
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return new TableChecksum(schema + "." + table, rows.getLong(1), rows.getString(2));
        }
    }
}
