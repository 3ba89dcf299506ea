package ru.vitrina.api.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ru.vitrina.api.config.VitrinaConfig;
import ru.vitrina.api.server.Application;
import ru.vitrina.api.server.TestServer;
import ru.vitrina.api.server.VitrinaServer;
import ru.vitrina.engine.access.Role;
import ru.vitrina.engine.store.Store;
import ru.vitrina.ingest.demo.DemoRegion;
import ru.vitrina.ingest.demo.DemoSize;
import ru.vitrina.ingest.reference.MetaLoad;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each tile names the load of its own cube's job: after a labour load the budget tiles still name the budget's; and
 * those loads are read once per data version. Runs on its own store, so the extra loads do not move the shared test
 * server's version (nor its statements fill the query log).
 */
class TileSourcesTest {
    private static Store store;
    private static Application application;
    private static VitrinaServer server;
    private static String viewerToken;
    /** The demo generator's version: the budget's load, whichever test published a labour load first. */
    private static long demo;

    @BeforeAll
    static void start() throws Exception {
        Path folder = Files.createTempDirectory("vitrina-sources");
        store = Store.open(folder.resolve("sources.duckdb"));
        new DemoRegion(TestServer.SEED, DemoSize.TEST).generate(store, (stage, done, total) -> { });
        demo = store.currentVersion().orElseThrow().version();
        application = Application.open(VitrinaConfig.DEMO.withStore(folder.resolve("sources.duckdb")).withPort(0), store);
        server = new VitrinaServer(application).start("127.0.0.1", 0);
        viewerToken = TestServer.tokens(application).get(Role.VIEWER);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (application != null) {
            application.close();
        }
    }

    /**
     * The tiles' loads are read once per data version, not once per tile and refresh: DuckDB's own query log counts
     * the statements that read meta.load_table while a screen is asked for again and again.
     */
    @Test
    void theTilesLoadsAreReadOncePerDataVersion() throws Exception {
        try (Connection connection = store.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CALL enable_logging('QueryLog')");
            try {
                definition();
                long before = loadReads(statement);
                for (int i = 0; i < 5; i++) {
                    definition();
                }
                assertThat(loadReads(statement) - before).as("refreshes within one data version").isZero();

                store.publish("labour", "test", transaction -> MetaLoad.recordPublished(transaction,
                        MetaLoad.nextLoadId(transaction), "labour", LocalDateTime.now(), MetaLoad.nextDataVersion(transaction),
                        "test", Map.of("labour.market", 0L), Map.of()));
                long labour = store.currentVersion().orElseThrow().version();
                for (int i = 0; i < 5; i++) {
                    assertThat(definition().at("/sources/unemployment/version").asLong())
                            .as("the new load is named as soon as it is published").isEqualTo(labour);
                }
                assertThat(loadReads(statement) - before).as("one read for the new data version").isEqualTo(1);
            } finally {
                statement.execute("CALL disable_logging()");
                statement.execute("CALL truncate_duckdb_logs()");
            }
        }
    }

    private static long loadReads(Statement statement) throws Exception {
        try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM duckdb_logs WHERE type = 'QueryLog'"
                + " AND message LIKE 'SELECT%meta.load_table%' AND message NOT LIKE '%duckdb_logs%'")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static JsonNode definition() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/api/v1/dashboards/governor"))
                .header("Authorization", "Bearer " + viewerToken).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body());
    }

    @Test
    void eachTileNamesTheLastLoadOfItsOwnCube() throws Exception {
        store.publish("labour", "test", transaction -> {
            MetaLoad.recordPublished(transaction, MetaLoad.nextLoadId(transaction), "labour", LocalDateTime.now(),
                    MetaLoad.nextDataVersion(transaction), "test", Map.of("labour.market", 0L), Map.of());
        });
        long labour = store.currentVersion().orElseThrow().version();
        assertThat(labour).isGreaterThan(demo);

        JsonNode definition = definition();
        assertThat(definition.at("/dataVersion/publishedBy").asText()).isEqualTo("labour");
        JsonNode sources = definition.get("sources");
        assertThat(sources.at("/budget_execution/publishedBy").asText()).isEqualTo("demo");
        assertThat(sources.at("/budget_execution/version").asLong()).isEqualTo(demo);
        assertThat(sources.at("/unemployment/publishedBy").asText()).isEqualTo("labour");
        assertThat(sources.at("/unemployment/version").asLong()).isEqualTo(labour);
    }

    /** The health ministry has not reported October yet: the morbidity tile shows September and says so. */
    @Test
    void aTileWhoseCubeLagsShowsItsNewestMonthAndSaysSo() throws Exception {
        store.publish("health", "test", transaction -> {
            try (var statement = transaction.createStatement()) {
                statement.execute("DELETE FROM health.morbidity WHERE report_month >= DATE '2026-10-01'");
            }
            MetaLoad.recordPublished(transaction, MetaLoad.nextLoadId(transaction), "health", LocalDateTime.now(),
                    MetaLoad.nextDataVersion(transaction), "test", Map.of("health.morbidity", 0L), Map.of());
        });
        JsonNode definition = definition();
        assertThat(definition.at("/variables/0/value").asText()).isEqualTo(DemoRegion.LAST_MONTH.toString());
        JsonNode morbidity = widget(definition, "morbidity");
        assertThat(morbidity.at("/shownMonth").asText()).isEqualTo("2026-09");
        assertThat(morbidity.at("/query/timeDimensions/0/dateRange/0").asText()).isEqualTo("2026-09-01");
        assertThat(widget(definition, "unemployment").has("shownMonth")).isFalse();

        try (Browser browser = Browser.startOrSkip()) {
            String base = "http://127.0.0.1:" + server.port();
            browser.signIn(base, TestServer.session(application, Role.VIEWER));
            browser.open(base + "/wall/governor");
            try {
                browser.awaitReady(1);
            } catch (RuntimeException e) {
                throw new AssertionError("not drawn; console: " + browser.consoleErrors() + ", page: "
                        + browser.script("return document.body.innerText.slice(0, 500)") + ", shot: " + browser.screenshot("tile-month"), e);
            }
            assertThat(browser.script("return document.querySelector(\"[data-widget='morbidity'] .widget-month\").textContent"))
                    .isEqualTo("данные за сентябрь 2026 — последние поступившие");
            assertThat(browser.script("return document.querySelectorAll('.widget-month').length")).isEqualTo(1L);
            assertThat(browser.script("return document.querySelector(\"[data-widget='morbidity'] .kpi-value\").dataset.value"))
                    .isNotEqualTo("");
        }
    }

    private static JsonNode widget(JsonNode definition, String id) {
        for (JsonNode widget : definition.get("widgets")) {
            if (widget.get("id").asText().equals(id)) {
                return widget;
            }
        }
        throw new AssertionError("no widget " + id);
    }
}
