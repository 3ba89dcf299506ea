package ru.vitrina.api.dashboards;

import ru.vitrina.engine.access.Role;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;
import ru.vitrina.api.server.TestServer;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The screens in a real browser (Debian's headless Chromium) against the real server with demo data: they draw
 * without console errors, the KPI numbers on the wall are the API's numbers, and a click on a municipality of
 * the map opens its card. Skipped only when /usr/bin/chromedriver is absent (install chromium-driver).
 */
class DashboardPageBrowserTest {
    private static final TestServer SERVER = TestServer.shared();
    private static Browser browser;

    @BeforeAll
    static void start() {
        assumeTrue(Files.isExecutable(Browser.CHROMEDRIVER), "no /usr/bin/chromedriver: apt-get install chromium chromium-driver");
        browser = new Browser(1920, 1080);
        browser.signIn(SERVER.uri("").toString(), SERVER.session(Role.VIEWER));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void theGovernorsWallShowsTheApiNumbersAndAClickOnTheMapOpensTheMunicipalityCard() {
        browser.open(SERVER.uri("/wall/governor").toString());
        browser.awaitReady(1);
        assertThat(browser.attribute("data-ready")).isEqualTo("true");
        assertThat(browser.attribute("data-errors")).isEqualTo("0");
        assertThat(browser.consoleErrors()).isEmpty();
        assertThat(browser.attribute("data-version")).isEqualTo(Long.toString(SERVER.store().currentVersion().orElseThrow().version()));

        JsonNode definition = SERVER.parse(SERVER.as(Role.VIEWER).get("/api/v1/dashboards/governor").body());
        int kpis = 0;
        for (JsonNode widget : definition.get("widgets")) {
            if (!widget.get("type").asText().equals("kpi")) {
                continue;
            }
            String measure = widget.get("query").get("measures").get(0).asText();
            double api = SERVER.as(Role.VIEWER).load(widget.get("query")).get("data").get(0).get(measure).asDouble();
            WebElement value = browser.driver().findElement(By.cssSelector("[data-widget='" + widget.get("id").asText() + "'] .kpi-value"));
            assertThat(Double.parseDouble(value.getAttribute("data-value"))).as(widget.get("id").asText()).isEqualTo(api);
            String shown = value.findElement(By.className("kpi-number")).getText();
            assertThat(shownNumber(shown)).as("%s shows %s for %s", widget.get("id").asText(), shown, api)
                    .isCloseTo(api, org.assertj.core.data.Offset.offset(roundingOf(shown)));
            kpis++;
        }
        assertThat(kpis).isEqualTo(4);
        // Every chart widget drew into its canvas, and the map has a colour for each of the 20 municipalities.
        assertThat(browser.driver().findElements(By.cssSelector(".widget[data-rendered='true']")))
                .hasSize(definition.get("widgets").size());
        assertThat(browser.script("return document.querySelector(\"[data-widget='execution_map'] .chart\").dataset.regions"))
                .isEqualTo("20");
        assertThat(browser.driver().findElement(By.cssSelector("[data-widget='summary'] .summary")).getText())
                .contains("Исполнение бюджета за ").contains(" %").contains("чем годом ранее");
        assertThat(browser.script("return document.documentElement.scrollHeight <= innerHeight")).isEqualTo(true);
        browser.screenshot("governor-wall-1920x1080");

        clickMunicipalityOnTheMap("execution_map", "69624000");
        new WebDriverWait(browser.driver(), Duration.ofSeconds(20))
                .until(d -> d.getCurrentUrl().contains("/wall/municipality?territory=69624000"));
        browser.awaitReady(1);
        assertThat(browser.attribute("data-errors")).isEqualTo("0");
        assertThat(browser.driver().findElement(By.cssSelector("h1.title")).getText()).contains("Каргасокский район");
        assertThat(browser.consoleErrors()).isEmpty();
        browser.screenshot("municipality-card-69624000");
    }

    @Test
    void everyShippedScreenDrawsWithoutErrorsInTheOfficeView() {
        JsonNode list = SERVER.parse(SERVER.as(Role.VIEWER).get("/api/v1/dashboards").body()).get("dashboards");
        for (JsonNode item : list) {
            String id = item.get("id").asText();
            browser.open(SERVER.uri("/d/" + id).toString());
            browser.awaitReady(1);
            assertThat(browser.attribute("data-errors")).as(id).isEqualTo("0");
            assertThat(browser.consoleErrors()).as(id).isEmpty();
            long drawn = browser.driver().findElements(By.cssSelector(".widget[data-rendered='true']")).size();
            assertThat(drawn).as(id).isEqualTo(SERVER.parse(SERVER.as(Role.VIEWER).get("/api/v1/dashboards/" + id).body()).get("widgets").size());
            browser.screenshot("dashboard-" + id);
        }
    }

    @Test
    void aPlaylistMovesTheWallToItsNextScreenWithItsVariables() {
        browser.open(SERVER.uri("/wall/health?playlist=tour&slide=4").toString());
        browser.awaitReady(1);
        assertThat(browser.attribute("data-slide")).isEqualTo("4");
        // The tour shows each screen for 10 s; the next one is the municipality card of Asino.
        new WebDriverWait(browser.driver(), Duration.ofSeconds(30))
                .until(d -> d.getCurrentUrl().contains("/wall/municipality?"));
        assertThat(browser.driver().getCurrentUrl()).contains("playlist=tour").contains("slide=5").contains("territory=69608000");
        browser.awaitReady(1);
        assertThat(browser.driver().findElement(By.cssSelector("h1.title")).getText()).contains("Асиновский район");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void theWallFillsA4kScreenWithoutScrollingAndWithLargerType() {
        browser.viewport(3840, 2160);
        try {
            browser.open(SERVER.uri("/wall/governor").toString());
            browser.awaitReady(1);
            assertThat(browser.attribute("data-errors")).isEqualTo("0");
            assertThat(browser.script("return document.documentElement.scrollHeight <= innerHeight && document.documentElement.scrollWidth <= innerWidth"))
                    .isEqualTo(true);
            Number rem = (Number) browser.script("return parseFloat(getComputedStyle(document.documentElement).fontSize)");
            assertThat(rem.doubleValue()).as("1 rem at 2160 px").isGreaterThan(30);
            assertThat(browser.consoleErrors()).isEmpty();
            browser.screenshot("governor-wall-3840x2160");
        } finally {
            browser.viewport(1920, 1080);
        }
    }

    /** Finds a pixel inside the municipality on the map, then clicks it as a person would. */
    @SuppressWarnings("unchecked")
    private static void clickMunicipalityOnTheMap(String widget, String oktmo) {
        WebElement canvas = browser.driver().findElement(By.cssSelector("[data-widget='" + widget + "'] .chart"));
        List<Number> point = (List<Number>) browser.script("""
                const el = arguments[0], code = arguments[1];
                const chart = echarts.getInstanceByDom(el);
                const geo = chart.getModel().getSeriesByIndex(0).coordinateSystem;
                const center = chart.convertToPixel({seriesIndex: 0}, geo.getRegion(code).getCenter());
                for (let radius = 0; radius < 200; radius += 4) {
                  for (let angle = 0; angle < 360; angle += 15) {
                    const x = center[0] + radius * Math.cos(angle * Math.PI / 180);
                    const y = center[1] + radius * Math.sin(angle * Math.PI / 180);
                    const region = geo.getRegionByCoord(chart.convertFromPixel({seriesIndex: 0}, [x, y]));
                    if (region && region.name === code) return [x, y, el.clientWidth, el.clientHeight];
                  }
                }
                return null;""", canvas, oktmo);
        assertThat(point).as("a pixel inside " + oktmo).isNotNull();
        int dx = (int) Math.round(point.get(0).doubleValue() - point.get(2).doubleValue() / 2);
        int dy = (int) Math.round(point.get(1).doubleValue() - point.get(3).doubleValue() / 2);
        new Actions(browser.driver()).moveToElement(canvas, dx, dy).pause(Duration.ofMillis(300)).click().perform();
    }

    /** "72,2" → 72.2; "1 234" → 1234 (Russian separators: space or no-break space, decimal comma). */
    static double shownNumber(String shown) {
        return Double.parseDouble(shown.replaceAll("[\\s\\u00a0\\u202f]", "").replace(',', '.').replace('−', '-'));
    }

    /** Half a unit of the last shown digit: the most the rounding for display may move the number. */
    static double roundingOf(String shown) {
        int comma = shown.indexOf(',');
        int decimals = comma < 0 ? 0 : shown.length() - comma - 1;
        return 0.5 * Math.pow(10, -decimals) + 1e-9;
    }

}
