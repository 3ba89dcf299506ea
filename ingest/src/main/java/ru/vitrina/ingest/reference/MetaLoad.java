package ru.vitrina.ingest.reference;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;

import static java.util.Objects.requireNonNull;

/**
 * The meta.load row of a load that publishes in the same transaction as its data, so the row and the data
 * appear together or not at all.
 */
public final class MetaLoad {
    private MetaLoad() {
    }

    /** The next free load id, seen from inside {@code transaction}. */
    public static long nextLoadId(Connection transaction) throws SQLException {
        return singleLong(transaction, "SELECT coalesce(max(load_id), 0) + 1 FROM meta.load");
    }

    /**
     * The data version that {@code Store.publish} will insert when this transaction's work returns: it takes
     * the newest version plus one inside the same transaction, so the prediction cannot be overtaken.
     */
    public static long nextDataVersion(Connection transaction) throws SQLException {
        return singleLong(transaction, "SELECT coalesce(max(version), 0) + 1 FROM meta.data_version");
    }

    /** Inserts a load that is published with {@code dataVersion}; {@code rows} were read and loaded. */
    public static void recordPublished(Connection transaction, long loadId, String job, LocalDateTime startedAt,
                                       long dataVersion, String sourceExtract, long rows) throws SQLException {
        requireNonNull(job, "job");
        requireNonNull(startedAt, "startedAt");
        try (PreparedStatement insert = transaction.prepareStatement(
                "INSERT INTO meta.load (load_id, job, started_at, finished_at, status, data_version, source_extract,"
                        + " source_checksum, rows_read, rows_loaded, rows_quarantined, error)"
                        + " VALUES (?, ?, ?, ?, 'published', ?, ?, NULL, ?, ?, 0, NULL)")) {
            insert.setLong(1, loadId);
            insert.setString(2, job);
            insert.setObject(3, startedAt);
            insert.setObject(4, LocalDateTime.now().withNano(0));
            insert.setLong(5, dataVersion);
            insert.setString(6, sourceExtract);
            insert.setLong(7, rows);
            insert.setLong(8, rows);
            insert.executeUpdate();
        }
    }

    /** Row count of {@code table} (a trusted, qualified table name). */
    public static long count(Connection connection, String table) throws SQLException {
        return singleLong(connection, "SELECT count(*) FROM " + table);
    }

    private static long singleLong(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
