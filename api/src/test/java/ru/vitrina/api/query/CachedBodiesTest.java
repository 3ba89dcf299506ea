package ru.vitrina.api.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import ru.vitrina.api.server.TestServer;
import ru.vitrina.engine.access.Role;

import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** A hit served from its kept body says what the hit written afresh said, apart from its duration. */
class CachedBodiesTest {
    private final TestServer server = TestServer.shared();

    @Test
    void aKeptBodyIsTheHitItWasKeptFrom() {
        String query = "{\"measures\": [\"budget.fact\", \"budget.execution_pct\"], \"dimensions\": [\"budget.section\"],"
                + " \"timeDimensions\": [{\"dimension\": \"budget.operation_date\", \"granularity\": \"quarter\"}], \"limit\": 321}";
        HttpResponse<String> miss = server.as(Role.ANALYST).post("/api/v1/load", query);
        HttpResponse<String> hit = server.as(Role.ANALYST).post("/api/v1/load", query);
        long hitsBefore = server.application().engine().cache().hits();
        HttpResponse<String> kept = server.as(Role.ANALYST).post("/api/v1/load", query);

        assertThat(miss.headers().firstValue("X-Vitrina-Cache")).hasValue("miss");
        assertThat(kept.statusCode()).isEqualTo(200);
        for (String header : new String[]{"X-Vitrina-Cache", "X-Vitrina-Data-Version", "X-Vitrina-Rollup", "Content-Type"}) {
            assertThat(kept.headers().firstValue(header)).as(header).isEqualTo(hit.headers().firstValue(header));
        }
        assertThat(kept.headers().firstValue("Server-Timing")).isPresent();
        assertThat(withoutDuration(kept.body())).isEqualTo(withoutDuration(hit.body()));
        assertThat(server.parse(kept.body()).get("durationMs").isNumber()).isTrue();
        assertThat(server.application().engine().cache().hits()).as("still counted as a hit").isEqualTo(hitsBefore + 1);
    }

    @Test
    void aClientThatAcceptsGzipGetsItForAFreshAnswerAndForAKeptBody() throws Exception {
        String query = "{\"measures\": [\"budget.fact\"], \"dimensions\": [\"budget.section\", \"budget.municipality\"], \"limit\": 323}";
        String path = "/api/v1/load?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8);
        HttpResponse<byte[]> fresh = gzipGet(path);
        server.as(Role.ANALYST).get(path);
        HttpResponse<byte[]> kept = gzipGet(path);
        HttpResponse<String> plain = server.as(Role.ANALYST).get(path);

        assertThat(fresh.headers().firstValue("X-Vitrina-Cache")).hasValue("miss");
        assertThat(kept.headers().firstValue("X-Vitrina-Cache")).hasValue("hit");
        assertThat(plain.headers().firstValue("Content-Encoding")).as("a client that does not ask for gzip").isEmpty();
        for (HttpResponse<byte[]> gzipped : List.of(fresh, kept)) {
            assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
            assertThat(gzipped.headers().firstValue("Vary")).hasValue("Accept-Encoding");
            assertThat(gzipped.body().length).isLessThan(plain.body().getBytes(StandardCharsets.UTF_8).length / 2);
        }
        assertThat(withoutDuration(inflated(kept))).isEqualTo(withoutDuration(plain.body()));
        ObjectNode freshAnswer = (ObjectNode) withoutDuration(inflated(fresh));
        freshAnswer.put("cache", "hit");
        assertThat(freshAnswer).isEqualTo(withoutDuration(plain.body()));
    }

    private HttpResponse<byte[]> gzipGet(String path) throws Exception {
        return HttpClient.newHttpClient().send(server.as(Role.ANALYST).request(path)
                .header("Accept-Encoding", "gzip, deflate, br").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String inflated(HttpResponse<byte[]> response) throws Exception {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(response.body()))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void cubesStringNumbersAreKeptApartFromJsonNumbers() {
        String query = "{\"measures\": [\"budget.plan\"], \"dimensions\": [\"budget.municipality\"], \"limit\": 322}";
        for (int i = 0; i < 3; i++) {
            server.as(Role.ANALYST).post("/api/v1/load", query);
        }
        JsonNode cube = null;
        for (int i = 0; i < 3; i++) {
            cube = server.parse(server.as(Role.ANALYST).post("/cubejs-api/v1/load", query).body());
        }
        assertThat(cube.get("data").get(0).get("budget.plan").isTextual()).as("Cube's API writes numbers as strings").isTrue();
        JsonNode ours = server.parse(server.as(Role.ANALYST).post("/api/v1/load", query).body());
        assertThat(ours.get("data").get(0).get("budget.plan").isNumber()).isTrue();
    }

    private JsonNode withoutDuration(String body) {
        ObjectNode node = (ObjectNode) server.parse(body);
        node.remove("durationMs");
        return node;
    }
}
