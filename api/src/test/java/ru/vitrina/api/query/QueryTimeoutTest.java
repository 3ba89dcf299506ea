package ru.vitrina.api.query;

import ru.vitrina.api.server.TestServer;
import ru.vitrina.engine.access.Role;
import org.junit.jupiter.api.Test;
import ru.vitrina.api.config.VitrinaConfig;
import ru.vitrina.api.server.Application;
import ru.vitrina.api.server.VitrinaServer;
import ru.vitrina.engine.query.QueryLimits;
import ru.vitrina.engine.store.Store;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A query past the timeout is cancelled inside DuckDB and answered with 504, and the server keeps answering. */
class QueryTimeoutTest {
    @Test
    void slowQueryIsCancelled() throws Exception {
        Path cubes = TestCubes.shippedAnd("endless", """
                name: endless
                title: {ru: Бесконечный, en: Endless}
                sql: "SELECT r AS v FROM range(10000000000000) t(r)"
                measures:
                  - {name: total, type: sum, sql: v, title: Сумма}
                dimensions:
                  - {name: parity, type: number, sql: "v % 2", title: Чётность}
                """);
        VitrinaConfig config = new VitrinaConfig("127.0.0.1", 0, Path.of("unused"), cubes,
                new QueryLimits(10_000, 10_000, 1_000_000, Duration.ofSeconds(1)), false, 0, ru.vitrina.api.security.SecuritySettings.DEMO);
        try (Application application = Application.open(config, Store.inMemory());
             VitrinaServer server = new VitrinaServer(application).start("127.0.0.1", 0)) {
            HttpClient http = HttpClient.newHttpClient();
            String analyst = "Bearer " + TestServer.tokens(application).get(Role.ANALYST);
            long started = System.nanoTime();
            HttpResponse<String> slow = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/load")).header("Authorization", analyst)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"query\": {\"measures\": [\"endless.total\"], \"dimensions\": [\"endless.parity\"]}}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(slow.statusCode()).as(slow.body()).isEqualTo(504);
            assertThat(slow.body()).contains("cancelled");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("cancelled, not run to the end").isLessThan(Duration.ofSeconds(30));

            // SQL over the cubes streams its rows: the cancel comes while they are read, and is a 504 all the same.
            started = System.nanoTime();
            HttpResponse<String> sql = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/sql"))
                    .header("Authorization", analyst)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"sql\": \"SELECT parity, SUM(total) AS s FROM endless GROUP BY 1\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(sql.statusCode()).as(sql.body()).isEqualTo(504);
            assertThat(sql.body()).startsWith("{\"error\"").contains("cancelled");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));

            HttpResponse<String> meta = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/meta")).header("Authorization", analyst).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(meta.statusCode()).isEqualTo(200);
        }
    }
}
