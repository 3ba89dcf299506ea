package ru.vitrina.api.dashboards;

import ru.vitrina.engine.access.Role;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;
import ru.vitrina.api.server.TestServer;
import ru.vitrina.dashboards.DashboardChecker;
import ru.vitrina.engine.store.DataVersion;

import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

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
        browser = Browser.startOrSkip();
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
        // The status of national-project indicators comes from the indicator API, one bar per programme listed.
        assertThat(browser.script("return document.querySelector(\"[data-widget='national_projects']\").dataset.programmes"))
                .isEqualTo("4");
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
        // The tour shows each screen for 10 s; the next one is the municipality card of Asino. A wall that lost the
        // server for a moment (a busy machine) moves on once it answers again, so the wait allows for one retry.
        new WebDriverWait(browser.driver(), Duration.ofSeconds(60))
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

    @Test
    void aClickOnABudgetSectionOpensItsSubsectionsAndTheBreadcrumbLeadsBack() {
        browser.open(SERVER.uri("/d/budget").toString());
        browser.awaitReady(1);
        WebElement canvas = browser.driver().findElement(By.cssSelector("[data-widget='structure'] .chart"));
        Map<String, Object> section = firstSection(canvas);
        assertThat(((Number) section.get("subsections")).intValue()).as("subsections of %s", section.get("name")).isGreaterThan(1);
        clickUntil(canvas, () -> firstSection(canvas), d -> section.get("name").equals(treemapViewRoot(canvas)));
        // The level under the section is on the screen now: its subsections are drawn, not the other sections.
        assertThat(browser.script("""
                const series = echarts.getInstanceByDom(arguments[0]).getModel().getSeriesByIndex(0);
                return series.getViewRoot().children.filter((n) => n.getLayout() && n.getLayout().width > 0).length""", canvas))
                .isEqualTo(((Number) section.get("subsections")).longValue());
        browser.screenshot("budget-structure-drilled");

        clickUntil(canvas, () -> breadcrumb(canvas), d -> "".equals(treemapViewRoot(canvas)));
        assertThat(browser.consoleErrors()).isEmpty();
    }

    /** The first section of the budget treemap at its top level: its name, number of subsections and centre. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> firstSection(WebElement canvas) {
        return (Map<String, Object>) browser.script("""
                const el = arguments[0];
                const series = echarts.getInstanceByDom(el).getModel().getSeriesByIndex(0);
                const root = series.getViewRoot();
                const node = root.children[0];
                const box = series.layoutInfo, at = root.getLayout(), own = node.getLayout();
                return {name: node.name, subsections: node.children.length,
                        x: box.x + at.x + own.x + own.width / 2, y: box.y + at.y + own.y + own.height / 2,
                        width: el.clientWidth, height: el.clientHeight};""", canvas);
    }

    /** The first item of the breadcrumb at the foot of the treemap (the whole budget), or null while there is none. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> breadcrumb(WebElement canvas) {
        return (Map<String, Object>) browser.script("""
                const el = arguments[0], zr = echarts.getInstanceByDom(el).getZr();
                for (let y = el.clientHeight - 1; y > el.clientHeight * 0.8; y -= 2) {
                  for (let x = 0; x < el.clientWidth; x += 2) {
                    let target = zr.handler.findHover(x, y).target;
                    while (target && !target.onclick) target = target.parent;
                    if (target) return {x: x + 3, y: y, width: el.clientWidth, height: el.clientHeight};
                  }
                }
                return null;""", canvas);
    }

    /**
     * Clicks where {@code target} says until {@code done} holds: a click that lands while ECharts is still laying
     * out or animating the chart (a slow machine) is lost, as it would be for a person, who would click again.
     */
    private static void clickUntil(WebElement canvas, Supplier<Map<String, Object>> target, Function<WebDriver, Boolean> done) {
        for (int attempt = 1; ; attempt++) {
            Map<String, Object> point = target.get();
            assertThat(point).as("where to click").isNotNull();
            clickAt(canvas, point);
            try {
                new WebDriverWait(browser.driver(), Duration.ofSeconds(10)).until(done);
                return;
            } catch (TimeoutException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    /**
     * Every shipped screen in English: every text on it — the page, tooltips of the tiles and everything ECharts
     * drew on its canvases — has no Russian word that is not a name from the data (budget sections, ICD chapters,
     * procurement methods are named in Russian only by the cubes; municipalities are not among them: the reference
     * data has their English names), numbers are written 1,234.5, money in thousand/million/billion RUB, and periods
     * with English month names.
     */
    @Test
    @SuppressWarnings("unchecked")
    void everyShippedScreenSpeaksEnglishWhenSwitched() {
        Set<String> dataWords = new HashSet<>();
        JsonNode list = SERVER.parse(SERVER.as(Role.VIEWER).get("/api/v1/dashboards").body()).get("dashboards");
        for (JsonNode item : list) {
            String id = item.get("id").asText();
            JsonNode definition = SERVER.parse(SERVER.as(Role.VIEWER).get("/api/v1/dashboards/" + id).body());
            for (JsonNode widget : definition.get("widgets")) {
                for (DashboardChecker.NamedQuery query : DashboardChecker.queries(widget)) {
                    SERVER.as(Role.VIEWER).load(query.query()).get("data").forEach(row -> row.fields().forEachRemaining(cell -> {
                        if (!cell.getKey().endsWith(".municipality_name") && cell.getValue().isTextual()) {
                            addWords(dataWords, cell.getValue().asText());
                        }
                    }));
                }
            }
            browser.open(SERVER.uri("/d/" + id + "?lang=en").toString());
            browser.awaitReady(1);
            assertThat(browser.attribute("data-errors")).as(id).isEqualTo("0");
            assertThat(browser.consoleErrors()).as(id).isEmpty();
            List<String> texts = (List<String>) browser.script("""
                    const texts = [document.title, document.body.innerText];
                    document.querySelectorAll('[title]').forEach((e) => texts.push(e.title));
                    document.querySelectorAll('.chart, .kpi-spark').forEach((el) => {
                      const chart = echarts.getInstanceByDom(el);
                      if (chart) chart.getZr().storage.getDisplayList(true)
                        .forEach((d) => { if (d.style && typeof d.style.text === 'string') texts.push(d.style.text); });
                    });
                    return texts;""");
            List<String> russian = new ArrayList<>();
            for (String text : texts) {
                Matcher word = CYRILLIC.matcher(text);
                while (word.find()) {
                    String found = word.group();
                    // A name cut short to fit its tile ends in an ellipsis, or just stops where a tiny tile has no
                    // room for one («▶ М»): then the beginning of a name is enough.
                    boolean cut = word.end() == text.length() || text.startsWith("...", word.end()) || text.startsWith("…", word.end());
                    if (!dataWords.contains(found) && !(cut && dataWords.stream().anyMatch(w -> w.startsWith(found)))) {
                        russian.add(found + " in «" + text.substring(Math.max(0, word.start() - 30), Math.min(text.length(), word.end() + 30)) + "»");
                    }
                }
            }
            assertThat(russian).as("Russian words on /d/%s?lang=en", id).isEmpty();
            for (WebElement value : browser.driver().findElements(By.cssSelector(".kpi-value, .gauge-value"))) {
                String number = value.findElement(By.className("kpi-number")).getText();
                String unit = value.findElement(By.className("kpi-unit")).getText();
                assertThat(number).as("%s: %s %s", id, number, unit).matches("[−-]?\\d{1,3}(,\\d{3})*(\\.\\d+)?");
                double scale = unit.startsWith("billion") ? 1e9 : unit.startsWith("million") ? 1e6 : unit.startsWith("thousand") ? 1e3 : 1;
                double shown = Double.parseDouble(number.replace(",", "").replace('−', '-')) * scale;
                int dot = number.indexOf('.');
                double rounding = (0.5 * Math.pow(10, dot < 0 ? 0 : -(number.length() - dot - 1)) + 1e-9) * scale;
                assertThat(shown).as("%s: %s %s", id, number, unit)
                        .isCloseTo(Double.parseDouble(value.getAttribute("data-value")), org.assertj.core.data.Offset.offset(rounding));
            }
            assertThat(browser.driver().findElement(By.cssSelector(".freshness")).getText()).as(id)
                    .matches(".*period: (January|February|March|April|May|June|July|August|September|October|November|December) \\d{4}.*");
            browser.screenshot("dashboard-" + id + "-en");
        }
    }

    /**
     * Municipalities are named in the page's language from the reference data (answers name them in Russian only):
     * the ranking's axis and tooltip, the map's tooltip, the card's heading and its selector.
     */
    @Test
    @SuppressWarnings("unchecked")
    void territoriesAreNamedInThePagesLanguage() {
        browser.open(SERVER.uri("/d/labour?lang=en").toString());
        browser.awaitReady(1);
        assertThat(browser.attribute("data-errors")).isEqualTo("0");
        List<String> ranking = (List<String>) browser.script("""
                return echarts.getInstanceByDom(document.querySelector("[data-widget='ranking'] .chart")).getOption().yAxis[0].data""");
        assertThat(ranking).hasSize(20).contains("Asinovsky District", "Tomsk City").noneMatch(name -> CYRILLIC.matcher(name).find());
        assertThat(browser.script("""
                const option = echarts.getInstanceByDom(document.querySelector("[data-widget='ranking'] .chart")).getOption();
                return option.tooltip[0].formatter({name: option.yAxis[0].data[0], value: 1, data: {}})""").toString())
                .doesNotContainPattern("[А-Яа-яЁё]");
        assertThat(browser.script("""
                return echarts.getInstanceByDom(document.querySelector("[data-widget='map'] .chart")).getOption()
                  .tooltip[0].formatter({name: '69608000', value: 1.5})""").toString()).startsWith("Asinovsky District<br>");

        browser.open(SERVER.uri("/d/municipality?territory=69608000&lang=en").toString());
        browser.awaitReady(1);
        assertThat(browser.driver().findElement(By.cssSelector("h1.title .ru")).getText()).isEqualTo("Asinovsky District");
        assertThat(browser.driver().getTitle()).isEqualTo("Municipality card — Asinovsky District — Vitrina");
        List<String> options = (List<String>) browser.script(
                "return [...document.querySelectorAll('select[name=territory] option')].map((o) => o.textContent)");
        assertThat(options).hasSize(20).contains("Asinovsky District", "Tomsk City").noneMatch(name -> CYRILLIC.matcher(name).find());
        assertThat(browser.script("return document.querySelector('select[name=territory]').selectedOptions[0].textContent"))
                .isEqualTo("Asinovsky District");

        // Russian stays Russian.
        browser.open(SERVER.uri("/d/labour").toString());
        browser.awaitReady(1);
        assertThat((List<String>) browser.script("""
                return echarts.getInstanceByDom(document.querySelector("[data-widget='ranking'] .chart")).getOption().yAxis[0].data"""))
                .contains("Асиновский район", "город Томск");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    /**
     * A municipal officer sees his district's figures on the governor's screen: its title, on the page and in the
     * browser's tab, says so in both languages rather than calling them the governor's.
     */
    @Test
    void aMunicipalOfficerReadsWhoseFiguresTheGovernorsScreenShows() {
        browser.signIn(SERVER.uri("").toString(), SERVER.session(Role.MUNICIPAL_OFFICER));
        try {
            browser.open(SERVER.uri("/d/governor").toString());
            browser.awaitReady(1);
            assertThat(browser.driver().findElement(By.cssSelector("h1.title .ru")).getText()).isEqualTo("Обзор: Асиновский район");
            assertThat(browser.driver().findElement(By.cssSelector("h1.title .en")).getText()).isEqualTo("Overview: Asinovsky District");
            assertThat(browser.driver().getTitle()).isEqualTo("Обзор: Асиновский район — Витрина");

            browser.open(SERVER.uri("/d/governor?lang=en").toString());
            browser.awaitReady(1);
            assertThat(browser.driver().findElement(By.cssSelector("h1.title .ru")).getText()).isEqualTo("Overview: Asinovsky District");
            assertThat(browser.driver().getTitle()).isEqualTo("Overview: Asinovsky District — Vitrina");
            browser.screenshot("governor-municipal-officer-en");
        } finally {
            browser.signIn(SERVER.uri("").toString(), SERVER.session(Role.VIEWER));
        }
    }

    /**
     * The start page says when the data was published in the browser's own time zone, written as the screens write
     * it — not in the server's time without saying so — and so does each tile's «данные на».
     */
    @Test
    void theStartPageAndTheTilesShowTheDataTimeInTheBrowsersTimeZone() {
        DataVersion version = SERVER.store().currentVersion().orElseThrow();
        java.time.Instant published = version.publishedInstant().toInstant();
        // A zone other than the server's at that moment, so that the server's time could not pass for it.
        ZoneId zone = ZoneId.of("Asia/Tomsk");
        if (zone.getRules().getOffset(published).equals(ZoneId.systemDefault().getRules().getOffset(published))) {
            zone = ZoneId.of("America/Sao_Paulo");
        }
        browser.driver().executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", zone.getId()));
        try {
            browser.open(SERVER.uri("/").toString());
            String there = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm").format(published.atZone(zone));
            String thereEn = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm").format(published.atZone(zone));
            new WebDriverWait(browser.driver(), Duration.ofSeconds(20)).until(d -> d.findElement(By.cssSelector(".version"))
                    .getText().startsWith("Данные на " + there + ", версия " + version.version()));
            assertThat(browser.driver().findElement(By.cssSelector(".version")).getText())
                    .contains("data as of " + thereEn + ", version " + version.version());
            assertThat(browser.consoleErrors()).isEmpty();

            browser.open(SERVER.uri("/d/labour").toString());
            browser.awaitReady(1);
            String source = SERVER.parse(SERVER.as(Role.VIEWER).get("/api/v1/dashboards/labour").body())
                    .at("/sources/rate/publishedAt").asText();
            String tile = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm")
                    .format(java.time.OffsetDateTime.parse(source).atZoneSameInstant(zone));
            assertThat(browser.driver().findElement(By.cssSelector("[data-widget='rate'] .provenance")).getText())
                    .endsWith("данные на " + tile);
        } finally {
            browser.driver().executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", ""));
        }
    }

    private static final Pattern CYRILLIC = Pattern.compile("[А-Яа-яЁё]+");

    private static void addWords(Set<String> words, String text) {
        Matcher word = CYRILLIC.matcher(text);
        while (word.find()) {
            words.add(word.group());
        }
    }

    /** The name of the node a treemap shows now; "" for the whole tree. */
    private static String treemapViewRoot(WebElement canvas) {
        return (String) browser.script("""
                const series = echarts.getInstanceByDom(arguments[0]).getModel().getSeriesByIndex(0);
                const root = series.getViewRoot();
                return root === series.getData().tree.root ? '' : root.name;""", canvas);
    }

    /** A real click at a pixel of a canvas given as {x, y, width, height} (pixels from its top left). */
    private static void clickAt(WebElement canvas, Map<String, Object> point) {
        int dx = (int) Math.round(((Number) point.get("x")).doubleValue() - ((Number) point.get("width")).doubleValue() / 2);
        int dy = (int) Math.round(((Number) point.get("y")).doubleValue() - ((Number) point.get("height")).doubleValue() / 2);
        new Actions(browser.driver()).moveToElement(canvas, dx, dy).pause(Duration.ofMillis(300)).click().perform();
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
