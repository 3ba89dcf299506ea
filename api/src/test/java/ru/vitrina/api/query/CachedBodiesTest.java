package ru.vitrina.api.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import ru.vitrina.api.server.TestServer;
import ru.vitrina.engine.access.Role;

import java.net.http.HttpResponse;

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
