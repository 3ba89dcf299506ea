package ru.vitrina.api.dashboards;

import ru.vitrina.engine.access.Role;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import ru.vitrina.api.server.TestServer;
import ru.vitrina.dashboards.DashboardChecker;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard routes of the real server over demo data. */
class DashboardRoutesTest {
    private static final TestServer SERVER = TestServer.shared();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void listsTheShippedScreensWithRussianAndEnglishTitles() {
        HttpResponse<String> response = SERVER.as(Role.VIEWER).get("/api/v1/dashboards");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode list = SERVER.parse(response.body()).get("dashboards");
        List<String> ids = new ArrayList<>();
        list.forEach(d -> ids.add(d.get("id").asText()));
        assertThat(ids).contains("governor", "budget", "procurement", "labour", "health", "municipality");
        JsonNode governor = find(list, "governor");
        assertThat(governor.get("title").asText()).isEqualTo("Обзор губернатора");
        assertThat(governor.get("titleEn").asText()).isEqualTo("Governor's overview");
        assertThat(governor.get("url").asText()).isEqualTo("/d/governor");
    }

    @Test
    void aLatestPeriodIsTheNewestMonthWithData() throws Exception {
        JsonNode definition = SERVER.parse(SERVER.as(Role.VIEWER).get("/api/v1/dashboards/governor").body());
        JsonNode period = definition.get("variables").get(0);
        assertThat(period.get("name").asText()).isEqualTo("period");
        assertThat(period.get("latest").asBoolean()).isTrue();
        JsonNode newest = SERVER.as(Role.VIEWER).load(json.readTree("""
                {"timeDimensions": [{"dimension": "budget.operation_date", "granularity": "month"}],
                 "order": {"budget.operation_date.month": "desc"}, "limit": 1}"""));
        assertThat(period.get("value").asText()).isEqualTo(newest.get("data").get(0).get("budget.operation_date.month").asText().substring(0, 7));
        assertThat(definition.get("dataVersion").get("version").asLong())
                .isEqualTo(SERVER.store().currentVersion().orElseThrow().version());
        assertThat(definition.get("breadcrumbs")).isEmpty();
    }

    @Test
    void everyQueryOfEveryScreenIsAnsweredAndEveryKpiHasItsNumber() {
        JsonNode list = SERVER.parse(SERVER.as(Role.VIEWER).get("/api/v1/dashboards").body()).get("dashboards");
        int queries = 0;
        for (JsonNode item : list) {
            JsonNode definition = SERVER.parse(SERVER.as(Role.VIEWER).get("/api/v1/dashboards/" + item.get("id").asText()).body());
            for (JsonNode widget : definition.get("widgets")) {
                for (DashboardChecker.NamedQuery query : DashboardChecker.queries(widget)) {
                    JsonNode answer = SERVER.as(Role.VIEWER).load(query.query());
                    String where = item.get("id").asText() + "/" + widget.get("id").asText() + "/" + query.path();
                    assertThat(answer.get("data").size()).as(where).isPositive();
                    if (widget.get("type").asText().equals("kpi") && query.path().equals("query")) {
                        String measure = widget.get("query").get("measures").get(0).asText();
                        assertThat(answer.get("data").get(0).get(measure).isNumber()).as(where).isTrue();
                    }
                    queries++;
                }
            }
        }
        assertThat(queries).isGreaterThan(60);
    }

    @Test
    void urlValuesFillTheVariablesAndBadOnesAreRefused() {
        JsonNode card = SERVER.parse(SERVER.as(Role.VIEWER).get("/api/v1/dashboards/municipality?territory=69608000&period=2025-03").body());
        assertThat(card.get("variables").findValuesAsText("value")).containsExactly("69608000", "2025-03");
        JsonNode kpi = card.get("widgets").get(0);
        assertThat(kpi.at("/query/filters/0/values/0").asText()).isEqualTo("69608000");
        assertThat(kpi.at("/query/timeDimensions/0/dateRange").toString()).isEqualTo("[\"2025-01-01\",\"2025-03-31\"]");
        assertThat(kpi.at("/previousQuery/timeDimensions/0/dateRange").toString()).isEqualTo("[\"2024-01-01\",\"2024-03-31\"]");
        assertThat(card.get("breadcrumbs").get(0).get("id").asText()).isEqualTo("governor");

        HttpResponse<String> bad = SERVER.as(Role.VIEWER).get("/api/v1/dashboards/municipality?territory=%22%5D%7D");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(SERVER.parse(bad.body()).get("error").asText()).contains("territory").contains("не подходит");

        HttpResponse<String> missing = SERVER.as(Role.VIEWER).get("/api/v1/dashboards/nope");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(SERVER.parse(missing.body()).get("error").asText()).contains("nope");
    }

    @Test
    void aMunicipalOfficerLandsOnHisOwnTerritoryAndIsRefusedAnother() {
        JsonNode card = SERVER.parse(SERVER.as(Role.MUNICIPAL_OFFICER).get("/api/v1/dashboards/municipality").body());
        JsonNode territory = card.get("variables").get(0);
        assertThat(territory.get("value").asText()).isEqualTo("69608000");
        assertThat(territory.get("choices").toString()).isEqualTo("[\"69608000\"]");
        assertThat(card.get("widgets").get(0).at("/query/filters/0/values/0").asText()).isEqualTo("69608000");

        HttpResponse<String> other = SERVER.as(Role.MUNICIPAL_OFFICER).get("/api/v1/dashboards/municipality?territory=69701000");
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(SERVER.parse(other.body()).get("error").asText()).contains("69701000").contains("недоступна").contains("not yours");
        assertThat(SERVER.as(Role.MUNICIPAL_OFFICER).get("/api/v1/dashboards/municipality/data/"
                + card.get("widgets").get(0).get("id").asText() + "/query?territory=69701000").statusCode()).isEqualTo(403);

        // Everyone else keeps the screen's default and every territory.
        JsonNode viewer = SERVER.parse(SERVER.as(Role.VIEWER).get("/api/v1/dashboards/municipality").body()).get("variables").get(0);
        assertThat(viewer.get("value").asText()).isEqualTo("69701000");
        assertThat(viewer.has("choices")).isFalse();
    }

    @Test
    void aLimitedUsersTotalsAreLabelledAsHisTerritoriesNotTheRegion() {
        JsonNode own = SERVER.parse(SERVER.as(Role.MUNICIPAL_OFFICER).get("/api/v1/dashboards/governor").body());
        assertThat(own.get("ownTerritories").asBoolean()).isTrue();
        JsonNode ranking = widget(own, "unemployment_ranking").get("subtitle");
        assertThat(ranking.get("ru").asText()).contains("итого по вашим территориям").doesNotContain("по области");
        assertThat(ranking.get("en").asText()).contains("total of your territories").doesNotContain("region");

        JsonNode region = SERVER.parse(SERVER.as(Role.VIEWER).get("/api/v1/dashboards/governor").body());
        assertThat(region.get("ownTerritories").asBoolean()).isFalse();
        assertThat(widget(region, "unemployment_ranking").get("subtitle").get("ru").asText()).contains("в целом по области");
    }

    @Test
    void aLimitedUsersScreensSayWhoseFiguresTheyAre() {
        JsonNode own = SERVER.parse(SERVER.as(Role.MUNICIPAL_OFFICER).get("/api/v1/dashboards/governor").body());
        assertThat(own.get("title").get("ru").asText()).isEqualTo("Обзор: Асиновский район");
        assertThat(own.get("title").get("en").asText()).isEqualTo("Overview: Asinovsky District");
        assertThat(SERVER.as(Role.MUNICIPAL_OFFICER).get("/d/governor").body())
                .contains("<title>Обзор: Асиновский район — Витрина</title>")
                .contains("<span class=\"en\">Overview: Asinovsky District</span>").doesNotContain("губернатора");
        // Every screen he reaches from it, the list and the start page say so too.
        JsonNode card = SERVER.parse(SERVER.as(Role.MUNICIPAL_OFFICER).get("/api/v1/dashboards/municipality").body());
        assertThat(card.get("breadcrumbs").get(0).get("title").asText()).isEqualTo("Обзор: Асиновский район");
        JsonNode list = SERVER.parse(SERVER.as(Role.MUNICIPAL_OFFICER).get("/api/v1/dashboards").body()).get("dashboards");
        assertThat(find(list, "labour").get("title").asText()).isEqualTo("Рынок труда: Асиновский район");
        assertThat(find(list, "labour").get("titleEn").asText()).isEqualTo("Labour market: Asinovsky District");
        assertThat(SERVER.as(Role.MUNICIPAL_OFFICER).get("/").body()).contains("Обзор: Асиновский район").doesNotContain("губернатора");
        // A public screen shows him the public's figures: its title stays the public's.
        assertThat(SERVER.parse(SERVER.as(Role.MUNICIPAL_OFFICER).get("/api/v1/dashboards/open-budget").body())
                .get("title").get("ru").asText()).isEqualTo("Открытый бюджет");

        JsonNode region = SERVER.parse(SERVER.as(Role.VIEWER).get("/api/v1/dashboards/governor").body());
        assertThat(region.get("title").get("ru").asText()).isEqualTo("Обзор губернатора");
        assertThat(region.get("title").get("en").asText()).isEqualTo("Governor's overview");
    }

    @Test
    void aScreenCarriesTheTerritoriesNamesInRussianAndEnglishFromTheReferenceData() {
        JsonNode names = SERVER.parse(SERVER.as(Role.VIEWER).get("/api/v1/dashboards/labour").body()).get("territoryNames");
        assertThat(names.get("69608000").get("ru").asText()).isEqualTo("Асиновский район");
        assertThat(names.get("69608000").get("en").asText()).isEqualTo("Asinovsky District");
        assertThat(names.get("69701000").get("en").asText()).isEqualTo("Tomsk City");
        // The region and its 20 municipal formations, with no Cyrillic letter in an English name.
        assertThat(names.size()).isEqualTo(21);
        names.forEach(name -> assertThat(name.get("en").asText()).doesNotContainPattern("[А-Яа-яЁё]"));
        // A public screen names them for visitors too.
        assertThat(SERVER.parse(SERVER.get("/api/v1/dashboards/open-budget").body()).get("territoryNames").get("69608000")
                .get("en").asText()).isEqualTo("Asinovsky District");
    }

    private static JsonNode widget(JsonNode definition, String id) {
        for (JsonNode widget : definition.get("widgets")) {
            if (widget.get("id").asText().equals(id)) {
                return widget;
            }
        }
        throw new AssertionError("no widget " + id);
    }

    @Test
    void aMonthAfterTheLatestWithDataIsRefusedNamingTheLatest() {
        String newest = SERVER.parse(SERVER.as(Role.VIEWER).get("/api/v1/dashboards/governor").body())
                .get("variables").get(0).get("value").asText();
        String after = java.time.YearMonth.parse(newest).plusMonths(5).toString();
        for (String path : List.of("/api/v1/dashboards/governor?period=", "/api/v1/dashboards/governor/data/budget_execution/query?period=")) {
            HttpResponse<String> future = SERVER.as(Role.VIEWER).get(path + after);
            assertThat(future.statusCode()).as(path).isEqualTo(400);
            assertThat(SERVER.parse(future.body()).get("error").asText())
                    .isEqualTo("Нет данных за " + after + ": последний месяц с данными — " + newest
                            + " / no data for " + after + ": the latest month with data is " + newest);
        }
        assertThat(SERVER.as(Role.VIEWER).get("/api/v1/dashboards/governor?period=" + newest).statusCode()).isEqualTo(200);
    }

    /** The shipped passports also hold another region's (Stavropol Krai's) as reference content: no Tomsk screen shows them. */
    @Test
    void theProgrammesOnTheScreensAreFederalOrTomsks() {
        JsonNode list = SERVER.parse(SERVER.as(Role.VIEWER).get("/api/v1/dashboards").body()).get("dashboards");
        int programmes = 0;
        for (JsonNode item : list) {
            JsonNode definition = SERVER.parse(SERVER.as(Role.VIEWER).get("/api/v1/dashboards/" + item.get("id").asText()).body());
            for (JsonNode widget : definition.get("widgets")) {
                for (JsonNode code : widget.path("programmes")) {
                    HttpResponse<String> programme = SERVER.as(Role.VIEWER).get("/api/v1/programmes/" + code.asText());
                    assertThat(programme.statusCode()).as(code.asText()).isEqualTo(200);
                    JsonNode name = SERVER.parse(programme.body()).get("name");
                    assertThat(code.asText()).matches("(RF|TO)-.+");
                    assertThat(name.get("ru").asText()).as(code.asText()).doesNotContain("Ставрополь").doesNotContain("край");
                    assertThat(name.get("en").asText()).as(code.asText()).doesNotContain("Stavropol");
                    programmes++;
                }
            }
        }
        assertThat(programmes).isGreaterThanOrEqualTo(4);
    }

    @Test
    void pagesAndWallScreens() {
        HttpResponse<String> page = SERVER.as(Role.VIEWER).get("/d/governor");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains("data-dashboard=\"governor\"").contains("data-wall=\"false\"")
                .contains("<title>Обзор губернатора — Витрина</title>")
                .contains("/assets/echarts/dist/echarts.min.js").contains("/assets/js/app.js")
                .doesNotContain("http://").doesNotContain("https://");
        assertThat(SERVER.as(Role.VIEWER).get("/wall/governor").body()).contains("data-wall=\"true\"");
        assertThat(SERVER.as(Role.VIEWER).get("/d/governor?wall=1").body()).contains("data-wall=\"true\"");
        HttpResponse<String> missing = SERVER.as(Role.VIEWER).get("/d/nope");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("Нет экрана «nope»");
    }

    @Test
    void theStartPageIsRussianFirstAndLeadsToTheScreensAndTheApi() {
        HttpResponse<String> index = SERVER.as(Role.VIEWER).get("/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.body()).contains("<html lang=\"ru\">").contains("Обзор губернатора")
                .contains("href=\"/d/governor\"").contains("href=\"/wall/governor\"")
                .contains("href=\"/api/v1/meta\"").contains("href=\"/api/v1/dashboards\"")
                .contains("OpenStreetMap").contains("Данные на ")
                // The time with its offset, for the page's script to show in the browser's zone.
                .containsPattern("<time class=\"published\" datetime=\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(Z|[+-]\\d\\d:\\d\\d)\">")
                .contains("<script type=\"module\" src=\"/assets/js/index.js\"></script>");
    }

    @Test
    void theFrontEndAndEChartsComeFromTheJar() throws Exception {
        HttpResponse<byte[]> app = SERVER.as(Role.VIEWER).getBytes("/assets/js/app.js", null);
        assertThat(app.statusCode()).isEqualTo(200);
        assertThat(app.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        HttpResponse<byte[]> echarts = SERVER.as(Role.VIEWER).getBytes("/assets/echarts/dist/echarts.min.js", null);
        assertThat(echarts.statusCode()).isEqualTo(200);
        assertThat(echarts.body().length).isGreaterThan(900_000);
        assertThat(echarts.headers().firstValue("Cache-Control")).hasValueSatisfying(c -> assertThat(c).contains("immutable"));
        assertThat(SERVER.as(Role.VIEWER).getBytes("/assets/css/vitrina.css", null).statusCode()).isEqualTo(200);

        // A screen reloading at night revalidates instead of downloading again.
        String etag = app.headers().firstValue("ETag").orElseThrow();
        HttpResponse<byte[]> again = HttpClient.newHttpClient().send(HttpRequest.newBuilder(SERVER.uri("/assets/js/app.js"))
                .header("If-None-Match", etag).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(again.statusCode()).isEqualTo(304);

        assertThat(SERVER.as(Role.VIEWER).getBytes("/assets/js/nothing.js", null).statusCode()).isEqualTo(404);
        assertThat(SERVER.as(Role.VIEWER).getBytes("/assets/%2e%2e/dashboards/governor.yaml", null).statusCode()).isIn(400, 404);
        HttpResponse<byte[]> escape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                SERVER.uri("/assets/").toString() + "js/..%2F..%2Fdashboards%2Fgovernor.yaml")).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(escape.statusCode()).isIn(400, 404);
    }

    @Test
    void theMapHasTheTwentyMunicipalFormationsKeyedByOktmo() {
        HttpResponse<String> response = SERVER.as(Role.VIEWER).get("/geo/tomsk.geojson");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/geo+json"));
        JsonNode geo = SERVER.parse(response.body());
        assertThat(geo.get("features")).hasSize(20);
        geo.get("features").forEach(f -> assertThat(f.at("/properties/oktmo").asText()).matches("69\\d{6}"));
        assertThat(geo.get("features").findValuesAsText("oktmo")).contains("69701000", "69608000", "69624000");
    }

    @Test
    void playlistsAreServedWithTheirSlides() {
        JsonNode list = SERVER.parse(SERVER.as(Role.VIEWER).get("/api/v1/playlists").body()).get("playlists");
        assertThat(list.findValuesAsText("name")).contains("wall", "tour");
        JsonNode tour = SERVER.parse(SERVER.as(Role.VIEWER).get("/api/v1/playlists/tour").body());
        assertThat(tour.get("title").asText()).isEqualTo("Короткий показ всех экранов");
        JsonNode last = tour.get("screens").get(tour.get("screens").size() - 1);
        assertThat(last.get("dashboard").asText()).isEqualTo("municipality");
        assertThat(last.get("seconds").asInt()).isEqualTo(10);
        assertThat(last.get("url").asText()).isEqualTo("/wall/municipality?playlist=tour&slide=5&territory=69608000");
        assertThat(SERVER.as(Role.VIEWER).get("/api/v1/playlists/nope").statusCode()).isEqualTo(404);
        assertThat(SERVER.as(Role.VIEWER).get("/").body()).contains("?playlist=wall&amp;slide=0");
    }

    private static JsonNode find(JsonNode list, String id) {
        for (JsonNode item : list) {
            if (item.get("id").asText().equals(id)) {
                return item;
            }
        }
        throw new AssertionError("no " + id);
    }
}
