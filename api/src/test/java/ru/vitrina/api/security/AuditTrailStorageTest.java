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

    /** The bench opens three servers on one users file: their trails draw their numbers apart. */
    @Test
    void twoTrailsOnOneFileStoreEveryEntryOnce(@TempDir Path folder) throws Exception {
        try (Connection connection = open(folder.resolve("users.duckdb"))) {
            AuditTrail first = new AuditTrail(connection, Clock.fixed(AT, ZoneOffset.UTC));
            AuditTrail second = new AuditTrail(connection, Clock.fixed(AT, ZoneOffset.UTC));
            Thread other = new Thread(() -> recordRequests(second, "second", 1_500));
            other.start();
            recordRequests(first, "first", 1_500);
            other.join();
            first.close();
            second.close();
            assertThat(single(connection, "SELECT count(*) || ' ' || count(DISTINCT seq) || ' ' || count(DISTINCT login)"
                    + " FROM auth.audit")).isEqualTo("3000 3000 2");
        }
    }

    /**
     * A batch the table refuses (here its number was taken by a row written around the trail) is lost to the table, not
     * to the log, and the batches after it are stored: the writer's connection is left as it was before.
     */
    @Test
    void aRefusedBatchDoesNotStopTheNext(@TempDir Path folder) throws Exception {
        try (Connection connection = open(folder.resolve("users.duckdb"))) {
            AuditTrail trail = new AuditTrail(connection, Clock.fixed(AT, ZoneOffset.UTC));
            stored(trail, "before");
            try (Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO auth.audit (seq, occurred_at, login, event) SELECT last_value + 1, now(),"
                        + " 'around', 'request' FROM duckdb_sequences() WHERE sequence_name = 'audit_seq'");
            }
            stored(trail, "refused");
            stored(trail, "after");
            trail.close();
            assertThat(single(connection, "SELECT string_agg(login, ' ' ORDER BY seq) FROM auth.audit"))
                    .isEqualTo("before around after");
        }
    }

    /** Entries numbered by the writer of 26 Nov, past the sequence: a new trail numbers on after them. */
    @Test
    void numbersGoOnAfterEntriesStoredWithoutTheSequence(@TempDir Path folder) throws Exception {
        try (Connection connection = open(folder.resolve("users.duckdb"))) {
            new AuditTrail(connection, Clock.fixed(AT, ZoneOffset.UTC)).close();
            try (Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO auth.audit (seq, occurred_at, login, event) SELECT i, now(), 'old', 'request'"
                        + " FROM range(1, 6) r(i)");
            }
            AuditTrail trail = new AuditTrail(connection, Clock.fixed(AT, ZoneOffset.UTC));
            stored(trail, "new");
            trail.close();
            assertThat(single(connection, "SELECT seq FROM auth.audit WHERE login = 'new'")).isEqualTo("6");
        }
    }

    private static void recordRequests(AuditTrail trail, String login, int entries) {
        for (int i = 0; i < entries; i++) {
            trail.record(new AuditTrail.Entry(login, "127.0.0.1", "request", "GET", "/api/v1/load", 200, 1L, null));
        }
    }

    /** Records one entry and waits until the writer has handled it. */
    private static void stored(AuditTrail trail, String login) throws SQLException {
        recordRequests(trail, login, 1);
        trail.find(new AuditTrail.Query(null, null, null, null, null, null, 1));
    }

    private static String single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
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
