package ru.vitrina.api.jdbc;

import org.junit.jupiter.api.Test;
import ru.vitrina.api.security.AuthStore;
import ru.vitrina.api.server.TestServer;
import ru.vitrina.engine.access.Principal;
import ru.vitrina.engine.access.QueryPermits;
import ru.vitrina.engine.access.Role;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * JDBC statements count against the same per-user cap on running queries as the JSON API, exports and /api/v1/sql:
 * real Avatica connections to the real server, the user's other queries represented by the permits they hold.
 */
class JdbcQueryPermitsTest {
    private static final String PASSWORD = "jdbc permits password";
    private static final String COUNT = "SELECT COUNT(*) FROM budget";
    private final TestServer server = TestServer.shared();

    @Test
    void aStatementBeyondTheUsersRunningQueriesIsRefusedWithAClearErrorAndRunsOnceOneEnds() throws SQLException {
        Principal analyst = newAnalyst();
        QueryPermits permits = server.application().permits();
        int cap = server.application().config().security().queriesPerUser();
        try (Connection jdbc = DriverManager.getConnection(url(analyst.login())); Statement statement = jdbc.createStatement()) {
            for (int i = 0; i < cap * 3; i++) {
                try (ResultSet rows = statement.executeQuery(COUNT)) {
                    assertThat(rows.next()).isTrue();
                }
            }
            assertThat(permits.running(analyst)).as("every finished statement gave its permit back").isZero();

            List<Runnable> others = new ArrayList<>();
            for (int i = 0; i < cap; i++) {
                others.add(permits.acquire(analyst));
            }
            assertThatThrownBy(() -> statement.executeQuery(COUNT)).isInstanceOf(SQLException.class)
                    .hasMessageContaining("queries running").hasMessageContaining("запросов");
            try (PreparedStatement prepared = jdbc.prepareStatement("SELECT COUNT(*) FROM budget WHERE municipality = ?")) {
                prepared.setString(1, "69701000");
                assertThatThrownBy(prepared::executeQuery).isInstanceOf(SQLException.class).hasMessageContaining("queries running");
            }
            HttpResponse<String> sql = server.withAuthorization(basic(analyst.login())).post("/api/v1/sql", "{\"sql\": \"" + COUNT + "\"}");
            assertThat(sql.statusCode()).as("the same cap as over HTTP").isEqualTo(429);
            try (Connection other = DriverManager.getConnection(url(newAnalyst().login())); Statement elsewhere = other.createStatement();
                 ResultSet rows = elsewhere.executeQuery(COUNT)) {
                assertThat(rows.next()).as("another user is not held back").isTrue();
            }

            others.remove(0).run();
            try (ResultSet rows = statement.executeQuery(COUNT)) {
                assertThat(rows.next()).isTrue();
            }
            others.forEach(Runnable::run);
        }
        assertThat(permits.running(analyst)).isZero();
    }

    @Test
    void fetchingTheNextFrameOfRowsTakesAPermitToo() throws SQLException {
        Principal analyst = newAnalyst();
        QueryPermits permits = server.application().permits();
        int cap = server.application().config().security().queriesPerUser();
        try (Connection jdbc = DriverManager.getConnection(url(analyst.login())); Statement statement = jdbc.createStatement()) {
            statement.setFetchSize(10);
            ResultSet rows = statement.executeQuery("SELECT * FROM budget LIMIT 1000");
            assertThat(rows.next()).isTrue();
            List<Runnable> others = new ArrayList<>();
            for (int i = 0; i < cap; i++) {
                others.add(permits.acquire(analyst));
            }
            int read = 1;
            Exception refused = null;
            try {
                while (rows.next()) {
                    read++;
                }
            } catch (SQLException | RuntimeException e) {
                // Avatica's client raises a failed fetch as its own unchecked exception, with the server's message.
                refused = e;
            }
            assertThat((Throwable) refused).as("read " + read + " rows of 1000 without a permit").isNotNull()
                    .hasMessageContaining("queries running");
            assertThat(read).isLessThan(1000);
            others.forEach(Runnable::run);
        }
        assertThat(permits.running(analyst)).isZero();
    }

    private Principal newAnalyst() {
        String login = "jdbc" + Long.toString(System.nanoTime(), 36);
        AuthStore.UserAccount account = new AuthStore.UserAccount(login, EnumSet.of(Role.ANALYST), Set.of(), Set.of(), false);
        server.application().security().users().saveUser(account, PASSWORD);
        return account.principal();
    }

    private static String basic(String login) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((login + ":" + PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private String url(String login) {
        return "jdbc:avatica:remote:url=" + server.uri("/avatica") + ";serialization=json;authentication=BASIC"
                + ";avatica_user=" + login + ";avatica_password=" + PASSWORD;
    }
}
