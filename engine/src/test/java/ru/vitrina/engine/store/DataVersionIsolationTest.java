package ru.vitrina.engine.store;

import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A load publishes all or nothing, and a reader keeps the version it started on. */
class DataVersionIsolationTest {
    @Test
    void readerKeepsItsVersionWhileALoadPublishes() throws Exception {
        try (Store store = Store.open(Files.createTempDirectory("store").resolve("v.duckdb"))) {
            store.publish("test", "first", tx -> insertOperations(tx, 1, 100));
            try (Connection reader = store.connect()) {
                reader.setAutoCommit(false);
                assertThat(DataVersion.current(reader).orElseThrow().version()).isEqualTo(1);
                assertThat(count(reader)).isEqualTo(100);

                DataVersion second = store.publish("test", "second", tx -> insertOperations(tx, 101, 50));
                assertThat(second.version()).isEqualTo(2);

                assertThat(count(reader)).as("the reader still sees its version").isEqualTo(100);
                assertThat(DataVersion.current(reader).orElseThrow().version()).isEqualTo(1);
                reader.commit();
                assertThat(count(reader)).as("a new transaction sees the new version").isEqualTo(150);
            }
            assertThat(store.publishedVersion().orElseThrow().version()).isEqualTo(2);
        }
    }

    @Test
    void aReadOutsideATransactionKnowsItsVersionOnlyWhenNoPublicationCommittedMeanwhile() {
        try (Store store = Store.inMemory()) {
            Store.VersionMark empty = store.mark();
            assertThat(empty.version()).as("nothing published yet").isNull();
            store.publish("test", "first", tx -> insertOperations(tx, 1, 10));
            assertThat(store.unchangedSince(empty)).isFalse();

            Store.VersionMark first = store.mark();
            assertThat(first.version().version()).isEqualTo(1);
            assertThat(store.unchangedSince(first)).as("no publication since").isTrue();

            assertThatThrownBy(() -> store.publish("test", "broken", tx -> {
                throw new SQLException("source went away");
            })).isInstanceOf(StoreException.class);
            assertThat(store.unchangedSince(first)).as("a failed load never reached its commit").isTrue();

            store.publish("test", "second", tx -> insertOperations(tx, 11, 10));
            assertThat(store.unchangedSince(first)).isFalse();
            assertThat(store.mark().version().version()).isEqualTo(2);
        }
    }

    @Test
    void failedLoadPublishesNothing() throws Exception {
        Path file = Files.createTempDirectory("store").resolve("v.duckdb");
        try (Store store = Store.open(file)) {
            store.publish("test", "first", tx -> insertOperations(tx, 1, 10));
            assertThatThrownBy(() -> store.publish("test", "broken", tx -> {
                insertOperations(tx, 11, 10);
                throw new SQLException("source went away");
            })).isInstanceOf(StoreException.class).hasMessageContaining("rolled back");
            try (Connection connection = store.connect()) {
                assertThat(count(connection)).isEqualTo(10);
                assertThat(DataVersion.current(connection).orElseThrow().version()).isEqualTo(1);
            }
        }
        try (Store reopened = Store.open(file)) {
            assertThat(reopened.publishedVersion().orElseThrow().version()).as("survives a restart").isEqualTo(1);
        }
    }

    @Test
    void rowsWrittenByAnAppenderRollBackWithTheLoad() throws Exception {
        try (Store store = Store.inMemory()) {
            assertThatThrownBy(() -> store.publish("test", "appender first", tx -> {
                try (DuckDBAppender appender = tx.unwrap(DuckDBConnection.class).createAppender("ref", "okved_section")) {
                    appender.beginRow();
                    appender.append("Z");
                    appender.append("Раздел, которого не должно остаться");
                    appender.endRow();
                }
                throw new SQLException("source went away after the appender");
            })).isInstanceOf(StoreException.class);
            try (Connection connection = store.connect(); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT count(*) FROM ref.okved_section")) {
                rows.next();
                assertThat(rows.getLong(1)).isZero();
            }
        }
    }

    private static void insertOperations(Connection tx, int from, int count) throws SQLException {
        try (Statement statement = tx.createStatement()) {
            statement.execute("INSERT INTO budget.execution SELECT i, 'doc' || i, DATE '2024-01-01', '69701000', '69701000', '801', "
                    + "'0700', '0701', '0110100000', '200', 100, 100, 50, TIMESTAMP '2024-01-01 00:00:00', NULL "
                    + "FROM range(" + from + ", " + (from + count) + ") t(i)");
        }
    }

    private static long count(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM budget.execution")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
