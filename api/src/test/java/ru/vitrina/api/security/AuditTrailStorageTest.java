package ru.vitrina.api.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit table as its writer leaves it: every entry, numbered once, with the values recorded and nulls kept. */
class AuditTrailStorageTest {
    private static final Instant AT = Instant.parse("2026-11-26T12:00:00Z");

    @Test
    void everyEntryIsStoredOnceNumberedOnFromTheLastAcrossRestarts(@TempDir Path folder) throws SQLException {
        Path file = folder.resolve("users.duckdb");
        record(file, 2_500);  // more than one batch of the writer
        record(file, 3);      // a restart numbers on from the largest number stored

        try (Connection connection = open(file); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*), count(DISTINCT seq), min(seq), max(seq),"
                     + " count(*) FILTER (WHERE remote IS NULL AND status IS NULL AND row_count IS NULL AND detail IS NULL"
                     + "   AND detail_sha256 IS NULL),"
                     + " count(*) FILTER (WHERE status = 200 AND row_count = 7 AND detail = 'q' AND login = 'analyst'),"
                     + " min(occurred_at) FROM auth.audit")) {
            rows.next();
            assertThat(rows.getLong(1)).isEqualTo(2_503);
            assertThat(rows.getLong(2)).isEqualTo(2_503);
            assertThat(rows.getLong(3)).isEqualTo(1);
            assertThat(rows.getLong(4)).isEqualTo(2_503);
            assertThat(rows.getLong(5)).as("entries without the optional values keep nulls").isEqualTo(1_252);
            assertThat(rows.getLong(6)).isEqualTo(1_251);
            assertThat(rows.getObject(7, LocalDateTime.class)).isEqualTo(LocalDateTime.ofInstant(AT, ZoneId.systemDefault()));
        }
    }

    private static void record(Path file, int entries) throws SQLException {
        try (Connection connection = open(file)) {
            AuditTrail trail = new AuditTrail(connection, Clock.fixed(AT, ZoneOffset.UTC));
            for (int i = 0; i < entries; i++) {
                trail.record(i % 2 == 0
                        ? new AuditTrail.Entry("anonymous", null, "denied", null, null, null, null, null)
                        : new AuditTrail.Entry("analyst", "127.0.0.1", "request", "GET", "/api/v1/load", 200, 7L, "q"));
            }
            trail.close();
        }
    }

    /** The users file as {@link AuthStore} keeps it: its own DuckDB file, tables in schema {@code auth}. */
    private static Connection open(Path file) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS auth");
        }
        return connection;
    }
}
