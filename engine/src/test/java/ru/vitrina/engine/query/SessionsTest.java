package ru.vitrina.engine.query;

import org.junit.jupiter.api.Test;
import ru.vitrina.engine.store.DataVersion;
import ru.vitrina.engine.store.Store;

import java.nio.file.Files;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** Kept connections and prepared statements see every publication, including a table replaced whole. */
class SessionsTest {
    private static final String SUM = "SELECT count(*), sum(v) FROM main.kept WHERE v >= ?";

    @Test
    void aKeptStatementReadsEachNewVersionEvenWhenItsTableWasReplaced() throws Exception {
        try (Store store = Store.open(Files.createTempDirectory("sessions").resolve("s.duckdb"));
             Sessions sessions = new Sessions(store, 2)) {
            store.publish("test", "first", tx -> execute(tx, "CREATE TABLE main.kept AS SELECT range AS v FROM range(10)"));

            Sessions.Session session = sessions.acquire();
            session.begin();
            PreparedStatement first = session.prepared(SUM);
            assertThat(read(first, 0)).isEqualTo("10/45");
            assertThat(DataVersion.current(session.prepared(DataVersion.CURRENT)).orElseThrow().version()).isEqualTo(1);
            session.commit();
            sessions.release(session);

            // A rollup rebuild does this: the table the kept statement reads is dropped and created anew.
            store.publish("test", "second", tx -> {
                execute(tx, "DROP TABLE main.kept");
                execute(tx, "CREATE TABLE main.kept AS SELECT range * 2 AS v FROM range(20)");
            });

            Sessions.Session again = sessions.acquire();
            assertThat(again).as("the idle session is reused").isSameAs(session);
            assertThat(again.prepared(SUM)).as("with its statement").isSameAs(first);
            again.begin();
            assertThat(read(first, 0)).isEqualTo("20/380");
            assertThat(read(first, 30)).as("new parameters, same statement").isEqualTo("5/170");
            assertThat(DataVersion.current(again.prepared(DataVersion.CURRENT)).orElseThrow().version()).isEqualTo(2);
            again.commit();
            sessions.release(again);
        }
    }

    @Test
    void busySessionsNeverMakeACallerWaitAndOnlyTheIdleLimitIsKept() throws Exception {
        try (Store store = Store.inMemory(); Sessions sessions = new Sessions(store, 1)) {
            Sessions.Session a = sessions.acquire();
            Sessions.Session b = sessions.acquire();
            assertThat(a).isNotSameAs(b);
            sessions.release(a);
            sessions.release(b);
            assertThat(sessions.acquire()).isSameAs(a);
            assertThat(sessions.acquire()).as("b was closed, not kept").isNotSameAs(b).isNotSameAs(a);
        }
    }

    private static String read(PreparedStatement statement, long from) throws SQLException {
        statement.setLong(1, from);
        try (ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1) + "/" + rows.getLong(2);
        }
    }

    private static void execute(java.sql.Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
