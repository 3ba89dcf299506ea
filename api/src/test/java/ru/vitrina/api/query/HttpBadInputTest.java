package ru.vitrina.api.query;

import ru.vitrina.engine.access.Role;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import ru.vitrina.api.server.TestServer;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input over real HTTP: a clear status and message, never a 500 or a stack trace. */
class HttpBadInputTest {
    private final TestServer server = TestServer.shared();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "malformed JSON | POST | /api/v1/load | {\"query\": {\"measures\": [\"budget.fact\"] | 400 | not valid JSON",
            "empty body | POST | /api/v1/load | | 400 | no query",
            "JSON that is not an object | POST | /api/v1/load | [1, 2, 3] | 400 | must be a JSON object",
            "unknown member through the Cube route | POST | /cubejs-api/v1/load | {\"query\": {\"measures\": [\"budget.fakt\"]}} | 400 | did you mean 'budget.fact'",
            "unknown format | POST | /api/v1/load?format=xml | {\"query\": {\"measures\": [\"budget.fact\"]}} | 400 | Unknown format 'xml'",
            "limit above the maximum | POST | /api/v1/load | {\"query\": {\"measures\": [\"budget.fact\"], \"limit\": 10001}} | 400 | above the maximum of 10000",
            "unknown route under the API | GET | /api/v1/nothing-here | | 404 | no such route",
    })
    void refusedWithStatusAndMessage(String name, String method, String path, String body, int status, String fragment) {
        HttpResponse<String> response = method.equals("GET") ? server.as(Role.ANALYST).get(path) : server.as(Role.ANALYST).post(path, body == null ? "" : body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(server.parse(response.body()).get("error").asText()).contains(fragment);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @ParameterizedTest(name = "GET ?query= {0}")
    @CsvSource(delimiter = '|', value = {
            "bad date | {\"measures\": [\"budget.fact\"], \"timeDimensions\": [{\"dimension\": \"budget.operation_date\", \"dateRange\": [\"2024-02-30\", \"2024-03-01\"]}]} | bad date '2024-02-30'",
            "measure as dimension | {\"dimensions\": [\"budget.plan\"]} | is a measure, not a dimension",
    })
    void getWithQueryParameterIsValidatedTheSameWay(String name, String query, String fragment) {
        HttpResponse<String> response = server.as(Role.ANALYST).get("/api/v1/load?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(server.parse(response.body()).get("error").asText()).contains(fragment);
    }
}
