package ru.vitrina.api.ops;

import ru.vitrina.engine.access.Role;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import ru.vitrina.api.config.VitrinaConfig;
import ru.vitrina.api.server.Application;
import ru.vitrina.api.server.TestServer;
import ru.vitrina.api.server.VitrinaServer;
import ru.vitrina.engine.store.Store;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** /health, /ready, /metrics and request ids on a real server over real HTTP. */
class OpsRoutesTest {
    private static final String QUERY = """
            {"query": {"measures": ["budget.fact"], "dimensions": ["budget.section"], "limit": 5}}""";

    private final TestServer server = TestServer.shared();
    private final HttpCalls http = new HttpCalls();

    @Test
    void healthSaysAlive() {
        HttpResponse<String> response = server.get("/health");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(server.parse(response.body()).get("status").asText()).isEqualTo("alive");
    }

    @Test
    void readyWithPublishedDemoData() {
        HttpResponse<String> response = server.get("/ready");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = server.parse(response.body());
        assertThat(body.get("status").asText()).isEqualTo("ready");
        assertThat(body.get("checks")).extracting(check -> check.get("name").asText())
                .containsExactly("store", "dataVersion", "loads");
        String folder = java.nio.file.Path.of(server.store().location()).toAbsolutePath().getParent().toString();
        assertThat(response.body()).as("no file system path in a public answer").doesNotContain(folder).doesNotContain(".duckdb");
    }

    @Test
    void notReadyOnAnEmptyStoreAndSaysWhy() {
        Store store = Store.inMemory();
        try (Application application = Application.open(VitrinaConfig.DEMO.withPort(0), store);
             VitrinaServer empty = new VitrinaServer(application).start("127.0.0.1", 0)) {
            HttpResponse<String> response = http.get(URI.create("http://127.0.0.1:" + empty.port() + "/ready"));
            assertThat(response.statusCode()).isEqualTo(503);
            JsonNode body = server.parse(response.body());
            assertThat(body.get("status").asText()).isEqualTo("not_ready");
            assertThat(body.get("reasons").toString()).contains("no data version published");
            assertThat(http.get(URI.create("http://127.0.0.1:" + empty.port() + "/health")).statusCode()).isEqualTo(200);
        } finally {
            store.close();
        }
    }

    @Test
    void metricsShowHttpTimerCacheAndStoreFigures() {
        // The same query twice: a miss, then a hit from the result cache.
        HttpResponse<String> first = server.as(Role.ANALYST).post("/api/v1/load", QUERY);
        HttpResponse<String> second = server.as(Role.ANALYST).post("/api/v1/load", QUERY);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(second.headers().firstValue("X-Vitrina-Cache")).hasValue("hit");

        HttpResponse<String> response = server.as(Role.ADMINISTRATOR).get("/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        String text = response.body();
        assertThat(text)
                .containsPattern("http_server_requests_seconds_bucket\\{[^}]*route=\"/api/v1/load\"[^}]*status=\"200\"")
                .containsPattern("http_server_requests_seconds_count\\{[^}]*method=\"POST\"[^}]*route=\"/api/v1/load\"")
                .containsPattern("vitrina_query_answers_total\\{[^}]*cache=\"hit\"")
                .containsPattern("(?m)^vitrina_cache_hits_total [1-9]")
                .containsPattern("(?m)^vitrina_cache_misses_total [1-9]")
                .contains("vitrina_cache_hit_ratio")
                .containsPattern("(?m)^vitrina_data_version [1-9]")
                .contains("vitrina_data_version_age_seconds")
                .containsPattern("(?m)^vitrina_store_size_bytes\\{file=\"database\"} [1-9]")
                .containsPattern("vitrina_store_table_rows\\{table=\"budget.execution\"} [1-9]")
                .containsPattern("vitrina_loads\\{job=\"[^\"]+\",status=\"published\"} [1-9]")
                .contains("vitrina_load_rows{")
                .contains("jvm_memory_used_bytes", "jvm_threads_live_threads", "jvm_gc_");
        // A probe of random paths must not create a time series per path.
        server.get("/no/such/" + UUID.randomUUID());
        assertThat(server.as(Role.ADMINISTRATOR).get("/metrics").body()).contains("route=\"" + AccessLog.UNMATCHED + "\"").doesNotContain("/no/such/");
    }

    @Test
    void requestIdIsEchoedOrMade() {
        HttpResponse<String> given = http.get(server.uri("/health"), "X-Request-Id", "screen-7.req-42");
        assertThat(given.headers().firstValue("X-Request-Id")).hasValue("screen-7.req-42");

        HttpResponse<String> made = http.get(server.uri("/api/v1/meta"));
        assertThat(made.headers().firstValue("X-Request-Id")).hasValueSatisfying(id -> assertThat(UUID.fromString(id)).isNotNull());

        // Text that could break a log line is replaced, not echoed.
        HttpResponse<String> forged = http.get(server.uri("/health"), "X-Request-Id", "x\"} {\"level\":\"ERROR");
        assertThat(forged.headers().firstValue("X-Request-Id")).hasValueSatisfying(id -> assertThat(UUID.fromString(id)).isNotNull());

        // Errors carry it too.
        HttpResponse<String> failed = http.get(server.uri("/api/v1/no-such-route"), "X-Request-Id", "r-404");
        assertThat(failed.statusCode()).isEqualTo(404);
        assertThat(failed.headers().firstValue("X-Request-Id")).hasValue("r-404");
    }
}
