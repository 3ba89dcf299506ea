package ru.vitrina.api.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ru.vitrina.engine.access.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;
import ru.vitrina.api.config.VitrinaConfig;
import ru.vitrina.api.server.Application;
import ru.vitrina.api.server.TestServer;
import ru.vitrina.api.server.VitrinaServer;
import ru.vitrina.engine.store.Store;
import ru.vitrina.ingest.demo.DemoRegion;
import ru.vitrina.ingest.demo.DemoSize;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A wall over its own server, whose data the tests change and which they stop at the end: when the next month's
 * data is overdue the open screen turns stale; many loads pushed to an open wall leave its charts and memory as
 * they were; new data published while it is open is drawn without a reload; when the server goes away the wall
 * keeps its last picture and says since when it has had no connection.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveWallBrowserTest {
    private static Store store;
    private static Application application;
    private static VitrinaServer server;
    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        // The memory test reads the JS heap exactly and collects garbage before it does.
        browser = Browser.startOrSkip("--js-flags=--expose-gc", "--enable-precise-memory-info");
        Path folder = Files.createTempDirectory("vitrina-live-wall");
        store = Store.open(folder.resolve("wall.duckdb"));
        new DemoRegion(TestServer.SEED, DemoSize.TEST).generate(store, (stage, done, total) -> { });
        application = Application.open(VitrinaConfig.DEMO.withStore(folder.resolve("wall.duckdb")).withPort(0), store);
        server = new VitrinaServer(application).start("127.0.0.1", 0);
        browser.signIn("http://127.0.0.1:" + server.port(), TestServer.session(application, Role.VIEWER));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
        if (application != null) {
            application.close();
        }
    }

    @Test
    @Order(1)
    void anOpenScreenTurnsStaleWhenTheLatestDataLeftIsOverdue() throws Exception {
        browser.open("http://127.0.0.1:" + server.port() + "/wall/labour");
        browser.awaitReady(1);
        int renders = Integer.parseInt(browser.attribute("data-renders"));
        // A correction load takes back every month after March 2025: the newest month left is March, so April's
        // data was due by 30 April + 45 days of grace, long past. The screen learns it by SSE, as from any load.
        store.publish("test-correction", "stale test", transaction -> {
            try (Statement statement = transaction.createStatement()) {
                statement.executeUpdate("DELETE FROM labour.market WHERE report_month >= DATE '2025-04-01'");
            }
        });
        browser.awaitReady(renders + 1);
        WebElement badge = browser.driver().findElement(By.cssSelector(".badge.stale"));
        assertThat(badge.isDisplayed()).isTrue();
        assertThat(badge.getText()).isEqualTo("Данные устарели: новые ожидались до 14.06.2025");
        assertThat(browser.driver().findElement(By.cssSelector(".freshness")).getText()).contains("март 2025 года");
        // Every tile is visibly marked, not only the badge.
        for (WebElement tile : browser.driver().findElements(By.cssSelector(".widget"))) {
            assertThat(tile.getCssValue("background-image")).as(tile.getAttribute("data-widget")).contains("repeating-linear-gradient");
        }
        assertThat(browser.attribute("data-errors")).isEqualTo("0");
        assertThat(browser.consoleErrors()).isEmpty();
        browser.screenshot("labour-wall-stale");

        // The governor's screen reads four cubes: only the tiles of the labour market are behind, and only they are marked.
        browser.open("http://127.0.0.1:" + server.port() + "/wall/governor");
        browser.awaitReady(1);
        JsonNode due = JSON.readTree((String) browser.script("""
                const request = new XMLHttpRequest();
                request.open('GET', '/api/v1/dashboards/governor', false);
                request.send();
                return request.responseText;""")).get("freshness").get("widgets");
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        List<String> labour = new ArrayList<>();
        due.fields().forEachRemaining(tile -> {
            boolean overdue = today.compareTo(tile.getValue().get("due").asText()) > 0;
            WebElement element = browser.driver().findElement(By.cssSelector("[data-widget='" + tile.getKey() + "']"));
            assertThat(element.getAttribute("class").contains("stale")).as(tile.getKey()).isEqualTo(overdue);
            if (tile.getValue().get("month").asText().equals("2025-03")) {
                labour.add(tile.getKey());
                assertThat(overdue).as(tile.getKey()).isTrue();
            }
        });
        assertThat(labour).contains("unemployment", "unemployment_ranking").hasSizeLessThan(due.size());
        assertThat(browser.driver().findElement(By.cssSelector(".badge.stale")).getText()).startsWith("Данные устарели (");
        browser.screenshot("governor-wall-labour-stale");
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A wall runs for days and redraws at every load: after many loads it has the same chart instances, canvases,
     * DOM nodes and points as after the first few, and its JS heap (after garbage collection) has not grown.
     */
    @Test
    @Order(2)
    void manyLoadsPushedToAnOpenWallReuseItsChartsAndItsMemoryStaysFlat() {
        browser.open("http://127.0.0.1:" + server.port() + "/wall/budget");
        browser.awaitReady(1);
        publishAndAwaitRedraw(3); // code paths, fonts and ECharts' own caches warm up before the baseline
        Map<String, Number> before = footprint();
        publishAndAwaitRedraw(20);
        Map<String, Number> after = footprint();
        assertThat(before.get("instances").intValue()).isGreaterThanOrEqualTo(6);
        for (String count : List.of("instances", "canvases", "nodes", "points")) {
            assertThat(after.get(count).longValue()).as(count).isEqualTo(before.get(count).longValue());
        }
        assertThat(after.get("heap").doubleValue()).as("JS heap after 20 more loads, bytes (before: %s)", before.get("heap"))
                .isLessThan(before.get("heap").doubleValue() * 1.3);
        assertThat(browser.attribute("data-errors")).isEqualTo("0");
        assertThat(browser.consoleErrors()).isEmpty();
        browser.screenshot("budget-wall-after-23-loads");
    }

    /** Publishes loads one after another, each time until the open wall has drawn the new version. */
    private static void publishAndAwaitRedraw(int loads) {
        for (int i = 0; i < loads; i++) {
            String version = Long.toString(store.publish("soak", "load " + i, transaction -> { }).version());
            new WebDriverWait(browser.driver(), Duration.ofSeconds(60)).until(d -> version.equals(browser.attribute("data-version")));
        }
    }

    /** What a leaking screen would grow: chart instances, canvases, DOM nodes, series points, the JS heap. */
    @SuppressWarnings("unchecked")
    private static Map<String, Number> footprint() {
        return (Map<String, Number>) browser.script("""
                gc();
                gc();
                const charts = [...document.querySelectorAll('[_echarts_instance_]')].map((el) => echarts.getInstanceByDom(el));
                const points = charts.reduce((sum, chart) => sum + chart.getOption().series
                  .reduce((n, series) => n + (Array.isArray(series.data) ? series.data.length : 0), 0), 0);
                return {instances: charts.length, canvases: document.querySelectorAll('canvas').length,
                        nodes: document.getElementsByTagName('*').length, points,
                        heap: performance.memory.usedJSHeapSize};""");
    }

    @Test
    @Order(3)
    void newDataIsPushedAndALostServerLeavesTheLastPictureMarked() {
        browser.open("http://127.0.0.1:" + server.port() + "/wall/labour");
        browser.awaitReady(1);
        String shown = browser.driver().findElement(By.cssSelector("[data-widget='rate'] .kpi-number")).getText();
        long version = store.currentVersion().orElseThrow().version();

        // A load completes: the open screen is told by SSE and draws again, on the new version.
        store.publish("test-load", "offline test", transaction -> { });
        browser.awaitReady(2);
        assertThat(browser.attribute("data-version")).isEqualTo(Long.toString(version + 1));

        server.close();
        new WebDriverWait(browser.driver(), Duration.ofSeconds(30))
                .until(d -> d.findElement(By.cssSelector(".badge.offline")).isDisplayed());
        assertThat(browser.driver().findElement(By.cssSelector(".badge.offline")).getText()).startsWith("Нет связи с сервером с ");
        assertThat(browser.driver().findElement(By.cssSelector("[data-widget='rate'] .kpi-number")).getText()).isEqualTo(shown);
        assertThat(browser.driver().findElements(By.cssSelector(".widget[data-rendered='true']"))).hasSize(8);
        browser.screenshot("labour-wall-offline");
    }
}
