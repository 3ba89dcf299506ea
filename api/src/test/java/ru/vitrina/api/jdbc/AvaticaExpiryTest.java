package ru.vitrina.api.jdbc;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import ru.vitrina.api.security.Access;
import ru.vitrina.engine.access.Principal;
import ru.vitrina.engine.access.QueryPermits;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A server runs for months while DBeaver and Excel connect and vanish without closing what they opened. With JdbcMeta's
 * caches set to expire after a second, on a real Javalin server with the real driver: what a client abandons goes when
 * JdbcMeta drops it — the binding of its connection to its user, the ownership and translation of its statements — so
 * the bookkeeping returns to its size, and an expired connection's id may be opened again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AvaticaExpiryTest {
    private static final Duration IDLE = Duration.ofSeconds(1);
    private static final int ABANDONED = 40;
    private static final String PREPARED = "select municipality, sum(fact) from budget where municipality = ? group by 1";

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();
    private JdbcFixture fixture;
    private CubeJdbcMeta meta;
    private Javalin server;

    @BeforeAll
    void fill() {
        fixture = new JdbcFixture();
    }

    @AfterAll
    void close() {
        fixture.close();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void anExpiredConnectionIsForgottenAndItsIdMayBeOpenedAgain() throws Exception {
        start(IDLE, IDLE);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < ABANDONED; i++) {
            ids.add(open());
        }
        assertThat(meta.sessions().size()).isEqualTo(ABANDONED);

        Thread.sleep(IDLE.multipliedBy(2).toMillis());
        HttpResponse<String> reopened = post(openConnection(ids.get(0)));
        assertThat(reopened.statusCode()).as(reopened.body()).isEqualTo(200);
        assertThat(meta.sessions().size()).as("only the reopened connection is still bound").isEqualTo(1);
        assertThat(post(createStatement(ids.get(0))).statusCode()).isEqualTo(200);
    }

    @Test
    void theDriverReconnectsToAnExpiredConnectionUnderItsId() throws Exception {
        start(IDLE, IDLE);
        try (Connection connection = DriverManager.getConnection(url() + ";transparent_reconnection=true")) {
            assertThat(count(connection)).isPositive();
            Thread.sleep(IDLE.multipliedBy(2).toMillis());
            assertThat(count(connection)).as("reopened under the same id, not refused as an id in use").isPositive();
        }
    }

    @Test
    void anExpiredConnectionIsExplainedToTheDriver() throws Exception {
        start(IDLE, IDLE);
        try (Connection connection = DriverManager.getConnection(url())) {
            assertThat(count(connection)).isPositive();
            Thread.sleep(IDLE.multipliedBy(2).toMillis());
            open(); // someone else's open forgets the expired binding: the handler itself answers now
            assertThat(meta.sessions().size()).isEqualTo(1);
            // The driver raises it as its runtime exception: Avatica's createStatement declares no SQLException.
            Throwable refused = catchThrowable(() -> count(connection));
            assertThat(refused.getMessage()).contains("истекло").contains("expired").doesNotContain("HTTP/");
        }
    }

    @Test
    void statementsNeverClosedAreForgottenWhenJdbcMetaExpiresThem() throws Exception {
        start(Duration.ofMinutes(10), IDLE);
        String connection = open();
        for (int i = 0; i < ABANDONED; i++) {
            prepare(connection);
            int statement = mapper.readTree(post(createStatement(connection)).body()).get("statementId").asInt();
            HttpResponse<String> executed = post("{\"request\": \"prepareAndExecute\", \"connectionId\": \"" + connection
                    + "\", \"statementId\": " + statement + ", \"sql\": \"select count(*) from budget\", \"maxRowCount\": -1,"
                    + " \"maxRowsInFirstFrame\": 10}");
            assertThat(executed.statusCode()).as(executed.body()).isEqualTo(200);
        }
        assertThat(meta.statementsTracked()).isEqualTo(2 * ABANDONED);

        Thread.sleep(IDLE.multipliedBy(2).toMillis());
        open(); // JdbcMeta's caches expire lazily: an open makes them
        assertThat(afterCollection(meta::statementsTracked, 0)).isZero();
    }

    @Test
    void aClosedConnectionsStatementsGoWithIt() throws Exception {
        start(Duration.ofMinutes(10), Duration.ofMinutes(10));
        String connection = open();
        for (int i = 0; i < ABANDONED; i++) {
            prepare(connection);
        }
        String other = open();
        int kept = mapper.readTree(post(createStatement(other)).body()).get("statementId").asInt();

        assertThat(post("{\"request\": \"closeConnection\", \"connectionId\": \"" + connection + "\"}").statusCode()).isEqualTo(200);
        assertThat(afterCollection(meta::statementsTracked, 1)).as("the other connection's statement stays").isEqualTo(1);
        assertThat(meta.sessions().size()).isEqualTo(1);
        assertThat(post("{\"request\": \"prepareAndExecute\", \"connectionId\": \"" + other + "\", \"statementId\": " + kept
                + ", \"sql\": \"select 1\", \"maxRowCount\": -1, \"maxRowsInFirstFrame\": 1}").statusCode()).isEqualTo(200);
    }

    /** Ownership is keyed weakly by JdbcMeta's statements: what JdbcMeta dropped goes at the collector's next run. */
    private static int afterCollection(IntSupplier size, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (size.getAsInt() != expected && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(50);
        }
        return size.getAsInt();
    }

    private void start(Duration connectionIdle, Duration statementIdle) throws SQLException {
        meta = new CubeJdbcMeta(fixture.store, fixture.sql, 100_000, Duration.ofSeconds(30), new QueryPermits(4, Duration.ofSeconds(60)),
                fixture.lane, connectionIdle, statementIdle);
        AvaticaHandler handler = new AvaticaHandler(meta);
        server = Javalin.create(cfg -> {
            cfg.routes.before(ctx -> Access.authenticate(ctx, Principal.system()));
            cfg.routes.post("/avatica", handler);
        }).start("127.0.0.1", 0);
    }

    private String url() {
        return "jdbc:avatica:remote:url=http://127.0.0.1:" + server.port() + "/avatica;serialization=json";
    }

    private static long count(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("select count(*) from budget")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private String open() throws IOException, InterruptedException {
        String id = "expiry-" + System.nanoTime();
        HttpResponse<String> opened = post(openConnection(id));
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(200);
        return id;
    }

    private void prepare(String connection) throws IOException, InterruptedException {
        HttpResponse<String> prepared = post("{\"request\": \"prepare\", \"connectionId\": \"" + connection + "\", \"sql\": \""
                + PREPARED + "\", \"maxRowCount\": -1}");
        assertThat(prepared.statusCode()).as(prepared.body()).isEqualTo(200);
    }

    private static String openConnection(String id) {
        return "{\"request\": \"openConnection\", \"connectionId\": \"" + id + "\", \"info\": {}}";
    }

    private static String createStatement(String connection) {
        return "{\"request\": \"createStatement\", \"connectionId\": \"" + connection + "\"}";
    }

    private HttpResponse<String> post(String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/avatica"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
