package ru.vitrina.api.query;

import ru.vitrina.engine.access.Role;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import ru.vitrina.api.server.TestServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cube's REST contract on /cubejs-api/v1: the whole response to fixed queries over the seeded demo data is a golden
 * file (volatile fields removed). Regenerate with -Dvitrina.golden.update=true after a deliberate change.
 */
class CubeCompatibilityTest {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final TestServer server = TestServer.shared();

    @Test
    void loadAnswersAsCubeDoes() throws IOException {
        String query = """
                {"measures": ["procurement.contracts", "procurement.contract_amount"],
                 "dimensions": ["procurement.method"],
                 "timeDimensions": [{"dimension": "procurement.sign_date", "granularity": "quarter", "dateRange": ["2025-01-01", "2025-06-30"]}],
                 "filters": [{"member": "procurement.method", "operator": "equals", "values": ["EA44", "EP44"]}],
                 "order": [["procurement.sign_date", "asc"], ["procurement.method", "asc"]]}""";
        HttpResponse<String> response = server.as(Role.ANALYST).get("/cubejs-api/v1/load?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = stable(server.parse(response.body()));

        JsonNode row = answer.get("data").get(0);
        assertThat(row.get("procurement.contracts").isTextual()).as("Cube returns numbers as strings").isTrue();
        assertThat(row.get("procurement.sign_date.quarter").asText()).isEqualTo("2025-01-01T00:00:00.000");
        assertThat(row.get("procurement.sign_date").asText()).as("and the time dimension under its plain name").isEqualTo("2025-01-01T00:00:00.000");
        assertThat(answer.get("annotation").get("timeDimensions").has("procurement.sign_date.quarter")).isTrue();
        assertThat(answer.get("annotation").get("measures").get("procurement.contract_amount").get("type").asText()).isEqualTo("number");
        assertGolden("cube-load.json", answer);
    }

    @Test
    void metaListsEveryCubeWithCubeNames() throws IOException {
        JsonNode meta = server.parse(server.as(Role.ANALYST).get("/cubejs-api/v1/meta").body());
        assertThat(meta.get("cubes")).hasSize(6);
        JsonNode budget = null;
        for (JsonNode cube : meta.get("cubes")) {
            if (cube.get("name").asText().equals("budget")) {
                budget = cube;
            }
        }
        assertThat(budget).isNotNull();
        assertThat(budget.get("title").asText()).isEqualTo("Исполнение бюджета");
        assertThat(budget.get("titleEn").asText()).isEqualTo("Budget execution");
        assertThat(budget.get("measures").get(0).get("name").asText()).startsWith("budget.");
        assertGolden("cube-meta-budget.json", budget);
    }

    /** Drops what changes from run to run: times, durations, cache state. */
    private static JsonNode stable(JsonNode answer) {
        ObjectNode copy = answer.deepCopy();
        copy.remove(java.util.List.of("lastRefreshTime", "durationMs", "cache", "dataVersion"));
        return copy;
    }

    private void assertGolden(String name, JsonNode actual) throws IOException {
        String text = JSON.writeValueAsString(actual) + "\n";
        if (Boolean.getBoolean("vitrina.golden.update")) {
            Path file = Path.of("src/test/resources/ru/vitrina/api/query", name);
            Files.writeString(file, text, StandardCharsets.UTF_8);
        }
        try (InputStream in = getClass().getResourceAsStream(name)) {
            assertThat(in).as("golden file %s (create it with -Dvitrina.golden.update=true)", name).isNotNull();
            JsonNode expected = JSON.readTree(in);
            assertThat(JSON.writeValueAsString(actual)).isEqualTo(JSON.writeValueAsString(expected));
        }
    }
}
