package ru.vitrina.api.jdbc;

import ru.vitrina.api.security.Access;
import ru.vitrina.engine.access.Principal;
import io.javalin.Javalin;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A runaway query over JDBC is cancelled by DuckDB after the meta's timeout. */
class AvaticaTimeoutTest {
    @Test
    void longQueriesAreCancelled() throws SQLException {
        try (JdbcFixture fixture = new JdbcFixture()) {
        AvaticaHandler handler = new AvaticaHandler(new CubeJdbcMeta(fixture.store, fixture.sql, 1000, Duration.ofSeconds(1), new ru.vitrina.engine.access.QueryPermits(4, java.time.Duration.ofSeconds(60)),
                fixture.lane));
            Javalin server = Javalin.create(cfg -> {
            // No security filter here: every call acts as Vitrina itself, which sees every row and member.
            cfg.routes.before(ctx -> Access.authenticate(ctx, Principal.system()));
            cfg.routes.post("/avatica", handler);
        }).start("127.0.0.1", 0);
            try (Connection connection = DriverManager.getConnection(
                    "jdbc:avatica:remote:url=http://127.0.0.1:" + server.port() + "/avatica;serialization=json");
                 Statement statement = connection.createStatement()) {
                long started = System.nanoTime();
                assertThatThrownBy(() -> statement.executeQuery("select count(*) from budget a, budget b, budget c, budget d, budget e"
                        + " where a.fact + b.fact + c.fact + d.fact + e.fact > 0")).isInstanceOf(SQLException.class)
                        .hasMessageContaining("дольше 1 с").hasMessageContaining("ran longer than 1 s");
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                assertThat(took).isLessThan(Duration.ofSeconds(10));
            } finally {
                server.stop();
            }
        }
    }
}
