package ru.vitrina.engine.store;

import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rows a table refuses fail the appender's close, inside the transaction that appended them. */
class TableAppenderTest {
    private Connection connection;
    private Statement statement;

    @BeforeEach
    void open() throws SQLException {
        connection = DriverManager.getConnection("jdbc:duckdb:");
        statement = connection.createStatement();
        statement.execute("CREATE TABLE entry (seq BIGINT PRIMARY KEY, login VARCHAR NOT NULL)");
        statement.execute("INSERT INTO entry VALUES (1, 'stored')");
        statement.execute("BEGIN TRANSACTION");
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    @Test
    void appendedRowsAreCommittedWithTheTransaction() throws SQLException {
        try (TableAppender appender = TableAppender.open(connection, "main", "entry")) {
            appender.rows().beginRow().append(2L).append("second").endRow();
            appender.rows().beginRow().append(3L).append("third").endRow();
        }
        statement.execute("COMMIT");
        assertThat(count()).isEqualTo(3);
    }

    @Test
    void aDuplicateKeyFailsTheClose() throws SQLException {
        TableAppender appender = TableAppender.open(connection, "main", "entry");
        appender.rows().beginRow().append(2L).append("new").endRow();
        appender.rows().beginRow().append(1L).append("duplicate").endRow();
        assertThatThrownBy(appender::close).isInstanceOf(SQLException.class).hasMessageContaining("1");
        statement.execute("ROLLBACK");
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void aNullInARequiredColumnFailsTheClose() throws SQLException {
        TableAppender appender = TableAppender.open(connection, "main", "entry");
        appender.rows().beginRow().append(2L).appendNull().endRow();
        assertThatThrownBy(appender::close).isInstanceOf(SQLException.class).hasMessageContaining("login");
    }

    @Test
    void aTemporaryTableOfTheConnection() throws SQLException {
        statement.execute("CREATE TEMP TABLE staging (id INTEGER)");
        try (TableAppender appender = TableAppender.temporary(connection, "staging")) {
            appender.rows().beginRow().append(7).endRow();
        }
        try (ResultSet rows = statement.executeQuery("SELECT sum(id) FROM staging")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(7);
        }
    }

    /**
     * Why the class exists: DuckDB's own close swallows the refused flush, and the COMMIT after it reports nothing
     * while storing none of the rows. When a DuckDB release makes this fail, the wrapper may go.
     */
    @Test
    void duckDbsOwnCloseLosesTheRowsWithoutAnError() throws SQLException {
        try (DuckDBAppender appender = connection.unwrap(DuckDBConnection.class).createAppender("main", "entry")) {
            appender.beginRow().append(2L).append("lost").endRow();
            appender.beginRow().append(1L).append("duplicate").endRow();
        }
        statement.execute("COMMIT");
        assertThat(count()).isEqualTo(1);
    }

    private long count() throws SQLException {
        try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM entry")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
