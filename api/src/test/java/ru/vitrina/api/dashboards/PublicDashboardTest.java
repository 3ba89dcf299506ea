package ru.vitrina.api.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import ru.vitrina.api.server.TestServer;
import ru.vitrina.dashboards.DashboardChecker;
import ru.vitrina.engine.access.Role;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Public dashboards over the real server: a visitor without a login opens the screens marked {@code public: true}
 * and reads their widgets' data through the screen's own queries only, with small counts of people hidden; every
 * other screen and its data, and {@code /api/v1/load}, refuse the visitor; signed-in users see everything as before.
 */
class PublicDashboardTest {
    private static final TestServer SERVER = TestServer.shared();
    private static final String PUBLIC = "open-budget";

    @Test
    void aVisitorWithoutALoginReadsEveryQueryOfThePublicScreen() {
        HttpResponse<String> response = SERVER.get("/api/v1/dashboards/" + PUBLIC);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode definition = SERVER.parse(response.body());
        assertThat(definition.get("public").asBoolean()).isTrue();
        int queries = 0;
        for (JsonNode widget : definition.get("widgets")) {
            for (DashboardChecker.NamedQuery query : DashboardChecker.queries(widget)) {
                HttpResponse<String> data = SERVER.get(dataPath(PUBLIC, widget.get("id").asText(), query.path(), "period=" + period(definition)));
                assertThat(data.statusCode()).as(widget.get("id") + "/" + query.path() + ": " + data.body()).isEqualTo(200);
                JsonNode answer = SERVER.parse(data.body());
                assertThat(answer.get("data").size()).as(widget.get("id") + "/" + query.path()).isPositive();
                assertThat(answer.get("dataVersion").get("version").asLong()).isEqualTo(SERVER.store().currentVersion().orElseThrow().version());
                queries++;
            }
        }
        assertThat(queries).isGreaterThan(8);
        assertThat(SERVER.get("/d/" + PUBLIC).statusCode()).isEqualTo(200);
        assertThat(SERVER.get("/wall/" + PUBLIC).statusCode()).isEqualTo(200);
    }

    @Test
    void aVisitorIsRefusedEveryOtherScreenItsDataAndTheQueryApi() {
        JsonNode list = SERVER.parse(SERVER.as(Role.VIEWER).get("/api/v1/dashboards").body()).get("dashboards");
        int closed = 0;
        for (JsonNode item : list) {
            String id = item.get("id").asText();
            if (item.get("public").asBoolean()) {
                continue;
            }
            HttpResponse<String> definition = SERVER.get("/api/v1/dashboards/" + id);
            assertThat(definition.statusCode()).as(id).isEqualTo(401);
            assertThat(definition.headers().firstValue("WWW-Authenticate")).as(id).isPresent();
            assertThat(SERVER.parse(definition.body()).get("error").asText())
                    .isEqualTo("Нужен вход: экран «" + id + "» не публичный / sign in first: dashboard '" + id + "' is not public");
            JsonNode widgets = SERVER.parse(SERVER.as(Role.VIEWER).get("/api/v1/dashboards/" + id).body()).get("widgets");
            for (JsonNode widget : widgets) {
                for (DashboardChecker.NamedQuery query : DashboardChecker.queries(widget)) {
                    HttpResponse<String> data = SERVER.get(dataPath(id, widget.get("id").asText(), query.path(), ""));
                    assertThat(data.statusCode()).as(id + "/" + widget.get("id") + "/" + query.path()).isEqualTo(401);
                    assertThat(data.body()).doesNotContain("\"data\"");
                }
            }
            // A browser is sent to the sign-in form, as for every closed page; a script gets 401.
            for (String page : List.of("/d/", "/wall/")) {
                HttpResponse<String> html = SERVER.as(Role.PUBLIC).send(SERVER.as(Role.PUBLIC).request(page + id + "?period=2025-01")
                        .header("Accept", "text/html").GET().build());
                assertThat(html.statusCode()).as(page + id).isEqualTo(303);
                assertThat(html.headers().firstValue("Location")).hasValue("/login?next="
                        + URLEncoder.encode(page + id + "?period=2025-01", StandardCharsets.UTF_8));
                assertThat(SERVER.get(page + id).statusCode()).as(page + id).isEqualTo(401);
            }
            closed++;
        }
        assertThat(closed).isGreaterThanOrEqualTo(6);
        // The public screen's own queries are no way into the query API.
        JsonNode query = SERVER.parse(SERVER.get("/api/v1/dashboards/" + PUBLIC).body()).get("widgets").get(0).get("query");
        assertThat(SERVER.post("/api/v1/load", "{\"query\": " + query + "}").statusCode()).isEqualTo(401);
        assertThat(SERVER.get("/api/v1/dashboards").statusCode()).isEqualTo(401);
    }

    @Test
    void onlyTheScreensOwnQueriesAreAnsweredAndBadNamesAreRefusedByName() {
        HttpResponse<String> widget = SERVER.get(dataPath(PUBLIC, "nothing", "query", ""));
        assertThat(widget.statusCode()).isEqualTo(404);
        assertThat(SERVER.parse(widget.body()).get("error").asText())
                .isEqualTo("На экране «open-budget» нет виджета «nothing» / dashboard 'open-budget' has no widget 'nothing'");
        HttpResponse<String> part = SERVER.get(dataPath(PUBLIC, "fact", "sql", ""));
        assertThat(part.statusCode()).isEqualTo(404);
        assertThat(SERVER.parse(part.body()).get("error").asText()).contains("нет запроса «sql»").contains("it has: [query, previousQuery, trend]");
        HttpResponse<String> period = SERVER.get(dataPath(PUBLIC, "fact", "query", "period=2025-13"));
        assertThat(period.statusCode()).isEqualTo(400);
        assertThat(SERVER.parse(period.body()).get("error").asText()).contains("«2025-13»").contains("variable 'period'");
        // A query written into the URL changes nothing: the answer is the dashboard's own query.
        JsonNode answer = SERVER.parse(SERVER.get(dataPath(PUBLIC, "fact", "query", "query=%7B%22measures%22%3A%5B%22budget.limits%22%5D%7D")).body());
        assertThat(answer.get("query").get("measures").get(0).asText()).isEqualTo("budget.fact");
        assertThat(answer.get("data").get(0).has("budget.limits")).isFalse();
    }

    /** Every date a month gives its queries stays within the dates a query may name, so the month sent is what is refused. */
    @Test
    void aMonthIsRefusedAsSentAndTheFirstAndLastAcceptedOnesAreAnswered() {
        for (String month : List.of("0000-01", "1900-12", "2201-01")) {
            for (String part : List.of("query", "previousQuery", "trend")) {
                HttpResponse<String> refused = SERVER.get(dataPath(PUBLIC, "fact", part, "period=" + month));
                assertThat(refused.statusCode()).as(month + " " + part + ": " + refused.body()).isEqualTo(400);
                assertThat(SERVER.parse(refused.body()).get("error").asText()).as(month + " " + part).isEqualTo("Значение «" + month
                        + "» не подходит переменной «period» (month, 1901-01…2200-12) / value '" + month
                        + "' does not fit variable 'period' (month, 1901-01…2200-12)");
            }
        }
        for (String part : List.of("query", "previousQuery", "trend")) {
            HttpResponse<String> answered = SERVER.get(dataPath(PUBLIC, "fact", part, "period=1901-01"));
            assertThat(answered.statusCode()).as(part + ": " + answered.body()).isEqualTo(200);
            // The last month a variable takes is still after the data: refused as such, not as out of range.
            HttpResponse<String> after = SERVER.get(dataPath(PUBLIC, "fact", part, "period=2200-12"));
            assertThat(after.statusCode()).as(part + ": " + after.body()).isEqualTo(400);
            assertThat(SERVER.parse(after.body()).get("error").asText()).startsWith("Нет данных за 2200-12: последний месяц с данными — ");
        }
    }

    @Test
    void smallCountsOfPeopleAreHiddenWithAComplementaryCellAndTheRestAreTheQueryApisNumbers() {
        JsonNode definition = SERVER.parse(SERVER.get("/api/v1/dashboards/" + PUBLIC).body());
        JsonNode widget = null;
        for (JsonNode candidate : definition.get("widgets")) {
            if (candidate.get("id").asText().equals("congenital")) {
                widget = candidate;
            }
        }
        assertThat(widget).isNotNull();
        // The same numbers as an analyst of the region sees them, month by month, until a month has small counts.
        String month = period(definition);
        Map<String, Double> full = counts(SERVER.as(Role.VIEWER).load(widget.get("query")));
        assertThat(full.values()).as("a month of congenital anomalies by district has small counts").anyMatch(v -> v > 0 && v < 5);
        for (Role role : List.of(Role.PUBLIC, Role.VIEWER)) {
            JsonNode shown = SERVER.parse(SERVER.as(role).get(dataPath(PUBLIC, "congenital", "query", "period=" + month)).body());
            Map<String, Double> disclosed = counts(shown);
            assertThat(disclosed.keySet()).as(role.name()).isEqualTo(full.keySet());
            List<String> hidden = new ArrayList<>();
            disclosed.forEach((district, value) -> {
                if (value == null) {
                    hidden.add(district);
                } else {
                    assertThat(value).as(district).isEqualTo(full.get(district));
                    assertThat(value > 0 && value < 5).as("%s shows %s", district, value).isFalse();
                }
            });
            full.forEach((district, value) -> {
                if (value > 0 && value < 5) {
                    assertThat(hidden).as("%s has %s", district, value).contains(district);
                }
            });
            // One hidden district could be worked out from the regional total: there are never fewer than two.
            assertThat(hidden.size()).as(role.name()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void aSignedInOfficerLimitedToHisDistrictSeesThePublicFiguresOfAPublicScreen() {
        JsonNode definition = SERVER.parse(SERVER.as(Role.MUNICIPAL_OFFICER).get("/api/v1/dashboards/" + PUBLIC).body());
        assertThat(definition.get("ownTerritories").asBoolean()).isFalse();
        String path = dataPath(PUBLIC, "districts", "query", "period=" + period(definition));
        JsonNode publicAnswer = SERVER.parse(SERVER.get(path).body());
        JsonNode officers = SERVER.parse(SERVER.as(Role.MUNICIPAL_OFFICER).get(path).body());
        assertThat(publicAnswer.get("data").size()).isEqualTo(20);
        assertThat(officers.get("data")).isEqualTo(publicAnswer.get("data"));
        assertThat(officers.get("totals")).isEqualTo(publicAnswer.get("totals"));
    }

    /** District → count (null where hidden). */
    private static Map<String, Double> counts(JsonNode answer) {
        Map<String, Double> counts = new HashMap<>();
        for (JsonNode row : answer.get("data")) {
            JsonNode value = row.get("health.cases");
            counts.put(row.get("health.municipality").asText(), value == null || value.isNull() ? null : value.asDouble());
        }
        return counts;
    }

    private static String period(JsonNode definition) {
        return definition.get("variables").get(0).get("value").asText();
    }

    private static String dataPath(String dashboard, String widget, String part, String query) {
        return "/api/v1/dashboards/" + dashboard + "/data/" + widget + "/" + URLEncoder.encode(part, StandardCharsets.UTF_8)
                + (query.isEmpty() ? "" : "?" + query);
    }
}
