package ru.vitrina.api.query;

import ru.vitrina.engine.access.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import ru.vitrina.api.server.TestServer;

import java.io.IOException;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input over real HTTP: a clear status and message, never a 500 or a stack trace. */
class HttpBadInputTest {
    private final TestServer server = TestServer.shared();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "malformed JSON | POST | /api/v1/load | {\"query\": {\"measures\": [\"budget.fact\"] | 400 | invalid JSON: the text ends too early at line 1, column 39",
            "JSON with a second query after the first | POST | /api/v1/load | {\"query\": {\"measures\": [\"budget.fact\"]}} {\"query\": {}} | 400 | invalid JSON: more text follows the JSON value at line 1, column 42",
            "Cube's array of queries | POST | /cubejs-api/v1/load | {\"query\": [{\"measures\": [\"budget.fact\"]}, {\"measures\": [\"budget.plan\"]}], \"queryType\": \"multi\"} | 400 | several queries in one request are not supported: send them one by one",
            "an empty or, which DuckDB refused with a 500 | POST | /api/v1/load | {\"query\": {\"measures\": [\"budget.fact\"], \"filters\": [{\"or\": []}]}} | 400 | \"or\" needs at least one condition",
            "an empty or explained | POST | /api/v1/explain | {\"query\": {\"measures\": [\"budget.fact\"], \"filters\": [{\"or\": []}]}} | 400 | \"or\" needs at least one condition",
            "a range of days DuckDB overflowed on | POST | /api/v1/load | {\"query\": {\"measures\": [\"budget.fact\"], \"timeDimensions\": [{\"dimension\": \"budget.operation_date\", \"dateRange\": \"last 99999999999 days\"}]}} | 400 | reaches beyond the allowed dates, 1900-01-01 to 2200-12-31",
            "a limit beyond a long | POST | /api/v1/load | {\"query\": {\"measures\": [\"budget.fact\"], \"limit\": 99999999999999999999}} | 400 | above the maximum of 10000",
            "empty body | POST | /api/v1/load | | 400 | no query",
            "JSON that is not an object | POST | /api/v1/load | [1, 2, 3] | 400 | must be a JSON object",
            "unknown member through the Cube route | POST | /cubejs-api/v1/load | {\"query\": {\"measures\": [\"budget.fakt\"]}} | 400 | did you mean 'budget.fact'",
            "unknown format | POST | /api/v1/load?format=xml | {\"query\": {\"measures\": [\"budget.fact\"]}} | 400 | Unknown format 'xml'",
            "limit above the maximum | POST | /api/v1/load | {\"query\": {\"measures\": [\"budget.fact\"], \"limit\": 10001}} | 400 | above the maximum of 10000",
            "an export above its own maximum, not told to use an export | POST | /api/v1/load?format=csv | {\"query\": {\"measures\": [\"budget.fact\"], \"limit\": 2000000}} | 400 | limit 2000000 is above the maximum of 1000000 rows of an export (limits.export_max_rows)",
            "unknown route under the API | GET | /api/v1/nothing-here | | 404 | no such route",
    })
    void refusedWithStatusAndMessage(String name, String method, String path, String body, int status, String fragment) {
        HttpResponse<String> response = method.equals("GET") ? server.as(Role.ANALYST).get(path) : server.as(Role.ANALYST).post(path, body == null ? "" : body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(server.parse(response.body()).get("error").asText()).contains(fragment);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void invalidJsonIsToldWithoutTheParsersInternals() {
        HttpResponse<String> broken = server.as(Role.ANALYST).post("/api/v1/load", "{\"query\":{");
        HttpResponse<String> deep = server.as(Role.ANALYST).post("/api/v1/load", "[".repeat(1200) + "]".repeat(1200));
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(server.parse(broken.body()).get("error").asText()).isEqualTo(
                "Неверный JSON: текст обрывается в строке 1, столбце 11 / invalid JSON: the text ends too early at line 1, column 11");
        assertThat(deep.statusCode()).isEqualTo(400);
        assertThat(server.parse(deep.body()).get("error").asText()).isEqualTo(
                "Неверный JSON: вложенность глубже 1000 уровней / invalid JSON: nested deeper than 1000 levels");
        for (HttpResponse<String> response : List.of(broken, deep)) {
            assertThat(response.body()).doesNotContain("Source").doesNotContain("REDACTED").doesNotContain("`")
                    .doesNotContain("StreamReadConstraints");
        }
    }

    /** Every route that takes JSON reads it alike: the query API's words, never Jackson's. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "ANALYST | /api/v1/load",
            "ADMINISTRATOR | /api/v1/indicators/SK-1/entries/69000000/2024/submit",
            "ANALYST | /api/v1/auth/tokens",
            "PUBLIC | /api/v1/auth/login",
            "PUBLIC | /api/3/action/datastore_search",
            "PUBLIC | /api/3/action/datastore_search?resource_id=7000000885-BudgetExecution&filters=",
    })
    void invalidJsonIsToldAlikeByEveryRoute(Role role, String route) {
        String broken = "{\"a\": {";
        String deep = "[".repeat(1200) + "]".repeat(1200);
        for (String[] sent : new String[][] {
                {broken, "Неверный JSON: текст обрывается в строке 1, столбце 8 / invalid JSON: the text ends too early at line 1, column 8"},
                {deep, "Неверный JSON: вложенность глубже 1000 уровней / invalid JSON: nested deeper than 1000 levels"}}) {
            // The CKAN filters parameter carries its JSON in the query string; the others in the body.
            HttpResponse<String> response = route.endsWith("filters=")
                    ? server.as(role).get(route + URLEncoder.encode(sent[0], StandardCharsets.UTF_8))
                    : server.as(role).post(route, sent[0]);
            assertThat(response.statusCode()).as(response.body()).isBetween(400, 409);
            var error = server.parse(response.body()).get("error");
            assertThat(error.isObject() ? error.get("message").asText() : error.asText()).endsWith(sent[1]);
            assertThat(response.body()).doesNotContain("Source").doesNotContain("REDACTED").doesNotContain("`")
                    .doesNotContain("StreamReadConstraints").doesNotContain("Exception");
        }
    }

    @Test
    void aBodyStartingWithAByteOrderMarkIsRead() {
        HttpResponse<String> response = server.as(Role.ANALYST).post("/api/v1/load", "\uFEFF{\"query\": {\"measures\": [\"budget.fact\"]}}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(server.parse(response.body()).get("data")).hasSize(1);
    }

    /** Sent over a socket: Java's HTTP client refuses to send a URI with a broken percent-encoding. */
    @Test
    void aQueryParameterThatIsNotValidUrlEncodingIsNamed() throws IOException {
        String authorization = server.as(Role.ANALYST).request("/api/v1/load").GET().build().headers()
                .firstValue("Authorization").orElseThrow();
        String answer;
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("GET /api/v1/load?query=%ZZ HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
                    + authorization + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(answer).startsWith("HTTP/1.1 400").contains("the query parameter is not valid URL encoding");
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
