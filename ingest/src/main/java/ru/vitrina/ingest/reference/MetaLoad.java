package ru.vitrina.ingest.reference;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The load log (meta.load, meta.load_table, meta.load_source) of a load that publishes in the same transaction as
 * its data, so the log and the data appear together or not at all.
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

    /**
     * Inserts a load that is published with {@code dataVersion}, with its rows per target table
     * (meta.load_table, nothing quarantined) and the files it read (meta.load_source).
     *
     * @param rowsByTable rows written per table, in the order to list them
     * @param sources     SHA-256 by source file name
     */
    public static void recordPublished(Connection transaction, long loadId, String job, LocalDateTime startedAt,
                                       long dataVersion, String sourceExtract, Map<String, Long> rowsByTable,
                                       Map<String, String> sources) throws SQLException {
        long rows = rowsByTable.values().stream().mapToLong(Long::longValue).sum();
        insertLoad(transaction, loadId, job, startedAt, dataVersion, sourceExtract,
                sources.isEmpty() ? null : sha256(sources), rows);
        try (PreparedStatement insert = transaction.prepareStatement("INSERT INTO meta.load_table"
                + " (load_id, target, rows_read, rows_loaded, rows_quarantined) VALUES (?, ?, ?, ?, 0)")) {
            for (Map.Entry<String, Long> table : rowsByTable.entrySet()) {
                insert.setLong(1, loadId);
                insert.setString(2, table.getKey());
                insert.setLong(3, table.getValue());
                insert.setLong(4, table.getValue());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        try (PreparedStatement insert = transaction.prepareStatement(
                "INSERT INTO meta.load_source (load_id, name, sha256) VALUES (?, ?, ?)")) {
            for (Map.Entry<String, String> source : sources.entrySet()) {
                insert.setLong(1, loadId);
                insert.setString(2, source.getKey());
                insert.setString(3, source.getValue());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Inserts only the meta.load row of a published load that read and loaded {@code rows} rows. */
    public static void recordPublished(Connection transaction, long loadId, String job, LocalDateTime startedAt,
                                       long dataVersion, String sourceExtract, long rows) throws SQLException {
        insertLoad(transaction, loadId, job, startedAt, dataVersion, sourceExtract, null, rows);
    }

    private static void insertLoad(Connection transaction, long loadId, String job, LocalDateTime startedAt,
                                   long dataVersion, String sourceExtract, String sourceChecksum, long rows)
            throws SQLException {
        requireNonNull(job, "job");
        requireNonNull(startedAt, "startedAt");
        try (PreparedStatement insert = transaction.prepareStatement(
                "INSERT INTO meta.load (load_id, job, started_at, finished_at, status, data_version, source_extract,"
                        + " source_checksum, rows_read, rows_loaded, rows_quarantined, error)"
                        + " VALUES (?, ?, ?, ?, 'published', ?, ?, ?, ?, ?, 0, NULL)")) {
            insert.setLong(1, loadId);
            insert.setString(2, job);
            insert.setObject(3, startedAt);
            insert.setObject(4, LocalDateTime.now().withNano(0));
            insert.setLong(5, dataVersion);
            insert.setString(6, sourceExtract);
            insert.setString(7, sourceChecksum);
            insert.setLong(8, rows);
            insert.setLong(9, rows);
            insert.executeUpdate();
        }
    }

    /** One checksum for a set of sources: SHA-256 of their "name sha256" lines. */
    static String sha256(Map<String, String> sources) {
        StringBuilder lines = new StringBuilder();
        sources.forEach((name, sha) -> lines.append(name).append(' ').append(sha).append('\n'));
        return sha256(lines.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Hex SHA-256 of {@code bytes}. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
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
