package ru.vitrina.api.indicators;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import ru.vitrina.api.security.AuthStore;
import ru.vitrina.api.security.Security;
import ru.vitrina.api.server.TestServer;
import ru.vitrina.engine.access.Role;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The indicator API on the real test server with real logins (API tokens): passports, series, ratings and programme
 * statuses read by a viewer; the entry workflow by data officers and an administrator; nothing without a login; bad
 * input answered with 400/403/404/409 naming the problem in Russian and English.
 */
class IndicatorRoutesTest {
    private final TestServer server = TestServer.shared();
    private final TestServer.Caller viewer = server.as(Role.VIEWER);
    private final TestServer.Caller administrator = server.as(Role.ADMINISTRATOR);

    @Test
    void listsEveryPassportWithItsStatusAndFilters() {
        JsonNode all = ok("/api/v1/indicators");
        assertThat(all.path("total").asInt()).isEqualTo(190);
        assertThat(all.path("indicators").get(0).path("status").path("key").asText()).isNotEmpty();
        assertThat(ok("/api/v1/indicators?sector=EDU&project=SK-CT-2022").path("total").asInt()).isEqualTo(27);
        JsonNode search = ok("/api/v1/indicators?q=" + URLEncoder.encode("безработицы", StandardCharsets.UTF_8));
        assertThat(search.path("indicators")).extracting(n -> n.path("code").asText()).containsExactly("TO-LAB-1");
        int byStatus = 0;
        for (String status : List.of("on_track", "at_risk", "off_track", "no_data")) {
            JsonNode found = ok("/api/v1/indicators?status=" + status);
            found.path("indicators").forEach(n -> assertThat(n.path("status").path("key").asText()).isEqualTo(status));
            byStatus += found.path("total").asInt();
        }
        assertThat(byStatus).isEqualTo(190);
        JsonNode responsible = ok("/api/v1/indicators?responsible=" + URLEncoder.encode("департамент финансов", StandardCharsets.UTF_8));
        assertThat(responsible.path("indicators")).extracting(n -> n.path("code").asText()).containsExactly("TO-BUD-1");
    }

    @Test
    void passportSaysEverythingAboutTheIndicator() {
        JsonNode passport = ok("/api/v1/indicators/GOV-01-1");
        assertThat(passport.path("name").path("ru").asText()).startsWith("Количество реализованных");
        assertThat(passport.path("projects")).hasSize(4);
        assertThat(passport.path("alsoListedAs")).extracting(JsonNode::asText).containsExactly("GOV-03-1", "GOV-05-1", "GOV-08-1");
        assertThat(passport.path("targets").path("2024").path("value").asDouble()).isEqualTo(80);
        assertThat(passport.path("responsible").path("ru").asText()).contains("энергетики, промышленности и связи");
        assertThat(passport.path("freshness").path("overdue").asBoolean()).isTrue();
        JsonNode cube = ok("/api/v1/indicators/TO-PRC-2");
        assertThat(cube.path("method").path("numerator").asText()).isEqualTo("procurement.smb_amount");
        assertThat(cube.path("legalBasis").path("ru").asText()).contains("44-ФЗ");
    }

    @Test
    void seriesOfACubeIndicatorComesFromTheQueryApi() {
        JsonNode series = ok("/api/v1/indicators/TO-BUD-1/series?from=2025-01&to=2025-12");
        assertThat(series.path("points")).hasSize(12);
        JsonNode september = series.path("points").get(8);
        assertThat(september.path("period").asText()).isEqualTo("2025-09");
        assertThat(september.path("target").path("value").asDouble()).isCloseTo(71.25, within(1e-9));
        assertThat(september.path("target").path("why").path("ru").asText()).isEqualTo("нарастающим итогом: ≥ 95 × 9/12");
        assertThat(september.path("target").path("why").path("en").asText()).isEqualTo("year to date: ≥ 95 × 9/12");
        assertThat(september.path("reason").fieldNames()).toIterable().as("Russian first").containsExactly("ru", "en");
        JsonNode load = viewer.load(server.parse("{\"measures\":[\"budget.execution_pct\"],\"timeDimensions\":[{\"dimension\":"
                + "\"budget.operation_date\",\"dateRange\":[\"2025-01-01\",\"2025-09-30\"]}]}"));
        assertThat(september.path("value").asDouble()).isCloseTo(load.path("data").get(0).path("budget.execution_pct").asDouble(), within(1e-9));
        assertThat(september.path("status").path("key").asText()).isIn("on_track", "at_risk", "off_track");
    }

    /**
     * One definition of every measure: each indicator computed from the cubes shows, month by month, what the query
     * API answers for the same measure (from 1 January for year-to-date indicators); a ratio, its two measures divided.
     */
    @Test
    void everyCubeIndicatorEqualsItsMeasureThroughTheQueryApi() {
        int compared = 0;
        for (JsonNode item : ok("/api/v1/indicators?project=TO-SC").path("indicators")) {
            JsonNode passport = ok("/api/v1/indicators/" + item.path("code").asText());
            JsonNode method = passport.path("method");
            if (method.path("kind").asText().equals("manual")) {
                continue;
            }
            boolean cube = method.path("kind").asText().equals("cube");
            JsonNode series = ok(passport.path("links").path("series").asText() + "?from=2025-01&to=2025-06");
            for (JsonNode point : series.path("points")) {
                String month = point.path("period").asText();
                String from = passport.path("targetReading").asText().equals("cumulative") ? "2025-01-01" : month + "-01";
                String to = java.time.YearMonth.parse(month).atEndOfMonth().toString();
                String measures = cube ? "\"" + method.path("measure").asText() + "\""
                        : "\"" + method.path("numerator").asText() + "\",\"" + method.path("denominator").asText() + "\"";
                JsonNode row = viewer.load(server.parse("{\"measures\":[" + measures + "],\"timeDimensions\":[{\"dimension\":\""
                        + method.path("time").asText() + "\",\"dateRange\":[\"" + from + "\",\"" + to + "\"]}]}")).path("data").get(0);
                if (row == null || row.path(cube ? method.path("measure").asText() : method.path("numerator").asText()).isNull()) {
                    assertThat(point.path("value").isNull()).as(item.path("code").asText() + " " + month).isTrue();
                    continue;
                }
                double expected = cube ? row.path(method.path("measure").asText()).asDouble()
                        : row.path(method.path("numerator").asText()).asDouble() / row.path(method.path("denominator").asText()).asDouble()
                          * method.path("scale").asDouble(1);
                assertThat(point.path("value").asDouble()).as(item.path("code").asText() + " " + month)
                        .isEqualTo(expected, within(1e-9));
                compared++;
            }
        }
        assertThat(compared).isGreaterThanOrEqualTo(6 * 5);
        // The cube defines labour-market tension itself (rounded to hundredths): the indicator is that measure, not a
        // second quotient of unemployed and vacancies that showed 0.448 where the labour dashboard showed 0.45.
        JsonNode tension = ok("/api/v1/indicators/TO-LAB-2/series?from=2025-01&to=2025-01").path("points").get(0);
        JsonNode load = viewer.load(server.parse("{\"measures\":[\"labour.tension\"],\"timeDimensions\":[{\"dimension\":"
                + "\"labour.report_month\",\"dateRange\":[\"2025-01-01\",\"2025-01-31\"]}]}"));
        assertThat(tension.path("value").asDouble()).isEqualTo(load.path("data").get(0).path("labour.tension").asDouble());
    }

    @Test
    void aMunicipalOfficersSeriesIsLabelledAsTheirOwnTerritory() {
        String path = "/api/v1/indicators/TO-BUD-1/series?from=2025-01&to=2025-03";
        JsonNode own = json(user("asino-reader", Role.MUNICIPAL_OFFICER, Set.of("69608000"), Set.of()).get(path), 200);
        assertThat(own.path("territory").asText()).isEqualTo("69608000");
        assertThat(own.path("territoryName").asText()).isEqualTo("Асиновский район");
        assertThat(own.has("freshness")).as("the freshness is the region's").isFalse();
        assertThat(own.path("points")).isEqualTo(ok(path + "&territory=69608000").path("points"));
        assertThat(own.path("points")).isNotEqualTo(ok(path).path("points"));
        HttpResponse<String> several = user("two-districts", Role.MUNICIPAL_OFFICER, Set.of("69608000", "69604000"), Set.of()).get(path);
        assertError(several, 400, "укажите территорию");
        assertThat(several.body()).contains("69604000", "69608000");
    }

    @Test
    void ratingsRankMunicipalitiesBestFirst() {
        JsonNode rating = ok("/api/v1/indicators/TO-LAB-1/ratings?period=2025-06");
        assertThat(rating.path("direction").asText()).isEqualTo("lower");
        List<Double> values = new ArrayList<>();
        rating.path("places").forEach(p -> {
            if (!p.path("value").isNull()) {
                values.add(p.path("value").asDouble());
            }
        });
        assertThat(values).hasSizeGreaterThan(10).isSorted();
        assertThat(rating.path("places").get(0).path("rank").asInt()).isEqualTo(1);
        assertThat(rating.path("places").get(0).path("name").asText()).isNotEmpty();
    }

    @Test
    void programmeStatusGivesSharesThatAddUp() {
        JsonNode programmes = ok("/api/v1/programmes");
        JsonNode strategy = null;
        for (JsonNode programme : programmes.path("programmes")) {
            if (programme.path("code").asText().equals("SK-CT-2022")) {
                strategy = programme;
            }
        }
        assertThat(strategy).isNotNull();
        assertThat(strategy.path("indicators").asInt()).isEqualTo(90);
        double shares = 0;
        for (String status : List.of("on_track", "at_risk", "off_track", "no_data")) {
            shares += strategy.path("shares").path(status).asDouble();
        }
        assertThat(shares).isCloseTo(1.0, within(1e-3));
        assertThat(strategy.path("projects")).hasSize(43);
        JsonNode project = ok("/api/v1/programmes/SK-CT-GOV-05");
        assertThat(project.path("items")).hasSize(8);
    }

    @Test
    void withoutALoginNothingIsReadOrEntered() {
        assertThat(server.get("/api/v1/indicators").statusCode()).isEqualTo(401);
        assertThat(server.get("/api/v1/programmes").statusCode()).isEqualTo(401);
        assertThat(send(server.as(Role.PUBLIC), "PUT", "/api/v1/indicators/SK-1/entries/69000000/2024", "{\"value\": 50}").statusCode())
                .isEqualTo(401);
        assertThat(server.post("/api/v1/indicators/SK-1/entries/69000000/2024/approve", "{\"version\": 1}").statusCode()).isEqualTo(401);
        assertError(send(viewer, "PUT", "/api/v1/indicators/SK-1/entries/69000000/2024", "{\"value\": 50}"), 403, null);
    }

    @Test
    void officersEnterAndAnAdministratorApprovesOverHttp() {
        TestServer.Caller officer = user("hr-officer", Set.of(), Set.of("SK-2"));
        TestServer.Caller colleague = user("hr-colleague", Set.of(), Set.of("SK-2"));
        TestServer.Caller tomsk = user("tomsk-officer", Set.of("69701000"), Set.of("TO-MFC-9"));
        String entry = "/api/v1/indicators/SK-2/entries/69000000/2023";

        JsonNode draft = json(send(officer, "PUT", entry, "{\"value\": 70, \"unit\": \"%\", \"version\": 0}"), 200);
        assertThat(draft.path("state").asText()).isEqualTo("draft");
        assertError(officer.post(entry + "/submit", "{\"version\": 1}"), 400, "добавьте комментарий"); // 2023 target 80
        JsonNode explained = json(send(officer, "PUT", entry, "{\"value\": 70, \"comment\": \"Перенос сроков\", \"version\": 1}"), 200);
        assertError(send(colleague, "PUT", entry, "{\"value\": 72, \"comment\": \"x\", \"version\": 1}"), 409, "hr-officer");
        JsonNode submitted = json(officer.post(entry + "/submit", "{\"version\": " + explained.path("version").asInt() + "}"), 200);
        assertError(officer.post(entry + "/approve", "{\"version\": " + submitted.path("version").asInt() + "}"), 403, "администратор");
        JsonNode returned = json(administrator.post(entry + "/return",
                "{\"comment\": \"Приложите протокол\", \"version\": " + submitted.path("version").asInt() + "}"), 200);
        assertThat(returned.path("state").asText()).isEqualTo("returned");
        JsonNode resubmitted = json(officer.post(entry + "/submit", "{\"version\": " + returned.path("version").asInt() + "}"), 200);
        JsonNode approved = json(administrator.post(entry + "/approve", "{\"version\": " + resubmitted.path("version").asInt() + "}"), 200);
        assertThat(approved.path("publishedValue").asDouble()).isEqualTo(70);

        JsonNode point = ok("/api/v1/indicators/SK-2/series?from=2023&to=2023").path("points").get(0);
        assertThat(point.path("value").asDouble()).isEqualTo(70);
        assertThat(point.path("status").path("key").asText()).isEqualTo("off_track"); // 10 short of 80, band 4
        JsonNode history = json(officer.get(entry), 200).path("history");
        assertThat(history).extracting(h -> h.path("action").asText())
                .containsExactly("save", "save", "submit", "return", "submit", "approve");
        assertThat(history.get(3).path("login").asText()).isEqualTo(Security.demoLogin(Role.ADMINISTRATOR));

        assertError(send(tomsk, "PUT", "/api/v1/indicators/TO-MFC-9/entries/69604000/2025", "{\"value\": 90}"), 403, "69604000");
        assertError(send(tomsk, "PUT", "/api/v1/indicators/TO-MFC-9/entries/69701000/2027", "{\"value\": 90}"), 400, "ещё не закончился");
        assertError(send(tomsk, "PUT", "/api/v1/indicators/TO-MFC-9/entries/69701000/2025", "{\"value\": \"90\"}"), 400, "числом");
        assertError(send(tomsk, "PUT", "/api/v1/indicators/TO-MFC-9/entries/69701000/2025", "{\"value\": 90, \"unit\": \"руб.\"}"), 400, "единица");
        assertError(send(tomsk, "PUT", "/api/v1/indicators/TO-MFC-9/entries/69701000/2025", "{value: 90"), 400, "Неверный JSON: ошибка синтаксиса в строке 1, столбце 2");
        assertError(send(tomsk, "PUT", "/api/v1/indicators/NO-SUCH/entries/69701000/2025", "{\"value\": 90}"), 404, "нет показателя");
        assertThat(json(send(tomsk, "PUT", "/api/v1/indicators/TO-MFC-9/entries/69701000/2025", "{\"value\": 90}"), 200)
                .path("state").asText()).isEqualTo("draft");
    }

    /** A data officer saved in the users file, with an API token. */
    private TestServer.Caller user(String login, Set<String> territories, Set<String> indicators) {
        return user(login, Role.DATA_OFFICER, territories, indicators);
    }

    /** A user of {@code role} saved in the users file, with an API token. */
    private TestServer.Caller user(String login, Role role, Set<String> territories, Set<String> indicators) {
        AuthStore users = server.application().security().users();
        users.saveUser(new AuthStore.UserAccount(login, Set.of(role), territories, indicators, false), null);
        return server.withAuthorization("Bearer " + users.issueToken(login, "tests", Instant.now().plus(Duration.ofHours(1))).secret());
    }

    private HttpResponse<String> send(TestServer.Caller caller, String method, String path, String body) {
        return caller.send(caller.request(path).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
    }

    private JsonNode json(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return server.parse(response.body());
    }

    @Test
    void badInputIsAnsweredWithTheReason() {
        assertError(viewer.get("/api/v1/indicators/NO-SUCH-1"), 404, "нет показателя с кодом «NO-SUCH-1»");
        assertError(viewer.get("/api/v1/indicators/NO-SUCH-1/series"), 404, "no indicator with the code");
        assertError(viewer.get("/api/v1/indicators?status=green"), 400, "on_track");
        assertError(viewer.get("/api/v1/indicators?project=NOPE"), 404, "нет программы или проекта");
        assertError(viewer.get("/api/v1/indicators?sector=XYZ"), 404, "нет отрасли");
        assertError(viewer.get("/api/v1/indicators/TO-BUD-1/series?from=2025"), 400, "периодичностью «месяц», а не «2025»");
        assertError(viewer.get("/api/v1/indicators/TO-BUD-1/series?from=2025-13"), 400, "не распознан");
        assertError(viewer.get("/api/v1/indicators/TO-BUD-1/series?from=1025-01"), 400,
                "parameter from: period «1025-01»: the year is outside 1900–2200");
        assertError(viewer.get("/api/v1/indicators/TO-BUD-1/series?from=2025-06&to=2025-01"), 400, "позже конца");
        assertError(viewer.get("/api/v1/indicators/TO-BUD-1/series?from=1990-01&to=2025-01"), 400, "не больше 240");
        assertError(viewer.get("/api/v1/indicators/TO-BUD-1/series?territory=123"), 400, "неизвестная территория");
        assertError(viewer.get("/api/v1/indicators/TO-LAB-1/ratings?period=June"), 400, "не распознан");
        assertError(viewer.get("/api/v1/programmes/NOPE"), 404, "нет программы или проекта");
        TestServer.Caller officer = user("twice-officer", Set.of(), Set.of("RF-NAT-2"));
        assertError(send(officer, "PUT", "/api/v1/indicators/RF-NAT-2/entries/69000000/2023", "{\"value\": 55, \"value\": 56, \"version\": 0}"),
                400, "поле «value» указано дважды");
        assertError(officer.get("/api/v1/indicators/RF-NAT-2/entries/69000000/2023"), 404, "ещё не вносилось");
    }

    private JsonNode ok(String path) {
        HttpResponse<String> response = viewer.get(path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return server.parse(response.body());
    }

    private void assertError(HttpResponse<String> response, int status, String message) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = server.parse(response.body());
        assertThat(body.path("status").asInt()).isEqualTo(status);
        if (message != null) {
            assertThat(body.path("error").asText()).contains(message).contains(" / ");
        }
    }
}
