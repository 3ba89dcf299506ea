package ru.vitrina.api.indicators;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import ru.vitrina.api.server.TestServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The indicator API on the real test server: anonymous reads of passports, series, ratings and programme statuses;
 * entry refused without a login; bad input answered with 400/404 naming the problem in Russian and English.
 */
class IndicatorRoutesTest {
    private final TestServer server = TestServer.shared();
    private final HttpClient http = HttpClient.newHttpClient();

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
        JsonNode load = server.load(server.parse("{\"measures\":[\"budget.execution_pct\"],\"timeDimensions\":[{\"dimension\":"
                + "\"budget.operation_date\",\"dateRange\":[\"2025-01-01\",\"2025-09-30\"]}]}"));
        assertThat(september.path("value").asDouble()).isCloseTo(load.path("data").get(0).path("budget.execution_pct").asDouble(), within(1e-9));
        assertThat(september.path("status").path("key").asText()).isIn("on_track", "at_risk", "off_track");
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
    void entryWithoutALoginIsRefused() {
        HttpResponse<String> put = send("PUT", "/api/v1/indicators/SK-1/entries/69000000/2024", "{\"value\": 50}");
        assertError(put, 401, "нужно войти");
        assertError(send("PUT", "/api/v1/indicators/NO-SUCH/entries/69000000/2024", "not json"), 401, "нужно войти");
        assertError(server.post("/api/v1/indicators/SK-1/entries/69000000/2024/approve", "{\"version\": 1}"), 401, "нужно войти");
        assertError(server.get("/api/v1/indicators/SK-1/entries"), 401, "нужно войти");
    }

    @Test
    void badInputIsAnsweredWithTheReason() {
        assertError(server.get("/api/v1/indicators/NO-SUCH-1"), 404, "нет показателя с кодом «NO-SUCH-1»");
        assertError(server.get("/api/v1/indicators/NO-SUCH-1/series"), 404, "no indicator with the code");
        assertError(server.get("/api/v1/indicators?status=green"), 400, "on_track");
        assertError(server.get("/api/v1/indicators?project=NOPE"), 404, "нет программы или проекта");
        assertError(server.get("/api/v1/indicators?sector=XYZ"), 404, "нет отрасли");
        assertError(server.get("/api/v1/indicators/TO-BUD-1/series?from=2025"), 400, "периодичность");
        assertError(server.get("/api/v1/indicators/TO-BUD-1/series?from=2025-13"), 400, "не распознан");
        assertError(server.get("/api/v1/indicators/TO-BUD-1/series?from=2025-06&to=2025-01"), 400, "позже конца");
        assertError(server.get("/api/v1/indicators/TO-BUD-1/series?from=1990-01&to=2025-01"), 400, "не больше 240");
        assertError(server.get("/api/v1/indicators/TO-BUD-1/series?territory=123"), 400, "неизвестная территория");
        assertError(server.get("/api/v1/indicators/TO-LAB-1/ratings?period=June"), 400, "не распознан");
        assertError(server.get("/api/v1/programmes/NOPE"), 404, "нет программы или проекта");
    }

    private HttpResponse<String> send(String method, String path, String body) {
        try {
            return http.send(HttpRequest.newBuilder(server.uri(path)).header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode ok(String path) {
        HttpResponse<String> response = server.get(path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return server.parse(response.body());
    }

    private void assertError(HttpResponse<String> response, int status, String message) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = server.parse(response.body());
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("error").asText()).contains(message).contains(" / ");
    }
}
