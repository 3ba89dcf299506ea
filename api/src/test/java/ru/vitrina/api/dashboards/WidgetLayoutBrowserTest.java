package ru.vitrina.api.dashboards;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ru.vitrina.api.server.TestServer;
import ru.vitrina.engine.access.Role;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a tile draws, measured in the page: boxes that must not overlap or be cut, labels that must be readable
 * whole, in a real browser against the real server with demo data.
 */
class WidgetLayoutBrowserTest {
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

    /** 1. A citizen's phone: one column, nothing wider than the screen, the title whole, no number or name cut. */
    @Test
    void thePublicScreenOnAPhoneIsOneColumnWithNothingCut() {
        try (Browser phone = new Browser(390, 844)) {
            phone.open(SERVER.uri("/d/open-budget").toString());
            phone.awaitReady(1);
            assertThat(phone.attribute("data-errors")).isEqualTo("0");
            assertThat(phone.script("return document.documentElement.scrollWidth <= innerWidth")).as("horizontal overflow").isEqualTo(true);
            @SuppressWarnings("unchecked")
            Map<String, Object> title = (Map<String, Object>) phone.script("""
                    const t = document.querySelector('h1.title'), b = t.getBoundingClientRect();
                    return {left: b.left, right: b.right, height: b.height, cut: t.scrollWidth > t.clientWidth};""");
            assertThat(((Number) title.get("height")).doubleValue()).as("title shown").isGreaterThan(10);
            assertThat(((Number) title.get("right")).doubleValue()).isLessThanOrEqualTo(390);
            assertThat(title.get("cut")).as("title truncated").isEqualTo(false);
            // Every tile spans the width of the screen (one column), and the big numbers fit whole inside it.
            assertThat((List<?>) phone.script("""
                    return [...document.querySelectorAll('.widget')].filter((w) => {
                      const b = w.getBoundingClientRect();
                      return b.width < 330 || b.right > innerWidth || b.height < 80;
                    }).map((w) => w.dataset.widget);""")).as("tiles not one per row or squeezed").isEmpty();
            assertThat((List<?>) phone.script("""
                    return [...document.querySelectorAll('.kpi-number, .kpi-unit')].filter((n) => {
                      const b = n.getBoundingClientRect(), w = n.closest('.widget').getBoundingClientRect();
                      return n.scrollWidth > n.clientWidth + 1 || b.right > w.right - 2 || b.left < w.left;
                    }).map((n) => n.closest('.widget').dataset.widget + ': ' + n.textContent);""")).as("numbers cut").isEmpty();
            // The summary reads as sentences, not a word a line.
            assertThat(((Number) phone.script("return Math.min(...[...document.querySelectorAll('.summary p')].map((p) => p.getBoundingClientRect().width))"))
                    .doubleValue()).isGreaterThan(300);
            // The districts' names are drawn whole on the rankings.
            assertThat((List<?>) phone.script(TEXTS + """
                    return [...document.querySelectorAll("[data-type='ranking'] .chart")].flatMap(texts)
                      .map((t) => t.text).filter((t) => t.endsWith('...') || t.endsWith('…'));""")).as("names cut").isEmpty();
            phone.screenshot("open-budget-390x844");
        }
    }

    /** 2. A KPI's unit and comparison stay left of its trend line and inside the tile, on a 1080p wall and on 4K. */
    @Test
    void kpiUnitsAndComparisonsNeverRunUnderTheSparkline() {
        try {
            for (int[] size : new int[][] {{1920, 1080}, {3840, 2160}}) {
                browser.viewport(size[0], size[1]);
                for (String page : List.of("/d/governor", "/d/budget", "/d/health", "/d/procurement", "/d/labour", "/d/open-budget")) {
                    open(page);
                    assertThat((List<?>) browser.script("""
                            const out = [];
                            for (const w of document.querySelectorAll('.widget-kpi')) {
                              const main = w.querySelector('.kpi-main').getBoundingClientRect();
                              const spark = w.querySelector('.kpi-spark');
                              const limit = spark ? spark.getBoundingClientRect().left : w.getBoundingClientRect().right;
                              for (const n of w.querySelectorAll('.kpi-number, .kpi-unit, .kpi-change > span, .kpi-target, .kpi-status > span:not(.visually-hidden)')) {
                                const b = n.getBoundingClientRect();
                                if (b.width && (b.right > main.right + 0.5 || b.right > limit)) out.push(`${w.dataset.widget}: «${n.textContent}» ends at ${b.right}, room to ${Math.min(main.right, limit)}`);
                              }
                            }
                            return out;""")).as("%s at %dx%d", page, size[0], size[1]).isEmpty();
                }
            }
        } finally {
            browser.viewport(1920, 1080);
        }
    }

    /** 3. Counts hidden by disclosure are rows marked hidden, between the counts shown and the zeros. */
    @Test
    void theDisclosedRankingShowsEveryDistrictWithTheHiddenCountsMarked() {
        open("/d/open-budget");
        String widget = "[data-widget='congenital']";
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) browser.script("""
                const chart = echarts.getInstanceByDom(document.querySelector(arguments[0] + ' .chart'));
                const option = chart.getOption();
                return option.series[0].data.map((d, i) => ({name: option.yAxis[0].data[i], value: d.value, hidden: !!d.hidden}));""", widget);
        int hidden = Integer.parseInt((String) browser.script("return document.querySelector(arguments[0]).dataset.hidden", widget));
        assertThat(hidden).isGreaterThanOrEqualTo(2);
        // All 20 municipalities are listed: none vanishes because its count was hidden.
        assertThat(rows).hasSize(20);
        assertThat(rows.stream().filter(r -> (Boolean) r.get("hidden")).count()).isEqualTo(hidden);
        int firstHidden = rows.indexOf(rows.stream().filter(r -> (Boolean) r.get("hidden")).findFirst().orElseThrow());
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> row = rows.get(i);
            if ((Boolean) row.get("hidden")) {
                continue;
            }
            double value = ((Number) row.get("value")).doubleValue();
            // What is shown is either a count from 5 up, or a true zero; zeros come after the hidden rows.
            assertThat(value == 0 || value >= 5).as("shown count %s", row).isTrue();
            assertThat(value == 0 ? i > firstHidden : i < firstHidden).as("place of %s", row).isTrue();
        }
        assertThat((List<?>) browser.script(TEXTS + "return texts(document.querySelector(arguments[0] + ' .chart')).map((t) => t.text).filter((t) => t === 'скрыто')", widget))
                .hasSize(hidden);
        assertThat((String) browser.script("return document.querySelector(arguments[0] + ' .widget-sub').textContent", widget))
                .contains("от 1 до 4 скрыты");
    }

    /** 4. Every link of a tile is reached with Tab, shows a focus ring and opens with Enter; bars with the arrows. */
    @Test
    void aKeyboardUserReachesAndOpensEveryLinkOfTheScreen() {
        open("/d/governor");
        browser.script("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)");
        List<String> reached = new java.util.ArrayList<>();
        org.openqa.selenium.interactions.Actions keys = new org.openqa.selenium.interactions.Actions(browser.driver());
        for (int i = 0; i < 40; i++) {
            keys.sendKeys(org.openqa.selenium.Keys.TAB).perform();
            @SuppressWarnings("unchecked")
            Map<String, Object> at = (Map<String, Object>) browser.script("""
                    const a = document.activeElement, w = a && a.closest('.widget');
                    return {widget: w ? w.dataset.widget : '', role: a.getAttribute('role') || '', cls: a.className || '',
                            ring: getComputedStyle(a).outlineStyle};""");
            if (!((String) at.get("widget")).isEmpty()) {
                assertThat(at.get("role")).as("role of %s", at).isEqualTo("link");
                assertThat(at.get("ring")).as("focus ring of %s", at).isNotEqualTo("none");
                reached.add(at.get("widget") + " " + at.get("cls"));
            }
        }
        // Each KPI with a link (title and card), the map and the ranking, the linked gauge.
        assertThat(reached).contains("budget_execution widget-body", "budget_execution widget-title linked",
                "procurement_savings widget-body", "unemployment widget-body", "morbidity widget-body",
                "execution_map chart", "unemployment_ranking chart", "smb_share chart");

        focus("[data-widget='budget_execution'] .widget-body");
        keys.sendKeys(org.openqa.selenium.Keys.ENTER).perform();
        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), java.time.Duration.ofSeconds(20))
                .until(d -> d.getCurrentUrl().contains("/d/budget"));

        open("/d/governor");
        focus("[data-widget='unemployment_ranking'] .chart");
        keys.sendKeys(org.openqa.selenium.Keys.ARROW_DOWN).sendKeys(org.openqa.selenium.Keys.ARROW_DOWN).perform();
        assertThat(browser.script("return document.querySelector(\"[data-widget='unemployment_ranking'] .chart\").dataset.focusIndex")).isEqualTo("1");
        String second = (String) browser.script("""
                const chart = echarts.getInstanceByDom(document.querySelector("[data-widget='unemployment_ranking'] .chart"));
                return chart.getOption().yAxis[0].data[1];""");
        keys.sendKeys(org.openqa.selenium.Keys.ENTER).perform();
        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), java.time.Duration.ofSeconds(20))
                .until(d -> d.getCurrentUrl().contains("/d/municipality?territory="));
        browser.awaitReady(1);
        assertThat(browser.driver().findElement(org.openqa.selenium.By.cssSelector("h1.title")).getText()).contains(second);
    }

    /** 5. The budget gauge draws the mark its subtitle names: the even pace, where the target is. */
    @Test
    void theGaugeDrawsTheTargetMarkItsSubtitlePromises() {
        open("/d/budget");
        String widget = "[data-widget='execution_gauge']";
        String subtitle = (String) browser.script("return document.querySelector(arguments[0] + ' .widget-sub').textContent", widget);
        @SuppressWarnings("unchecked")
        Map<String, Object> drawn = (Map<String, Object>) browser.script("""
                const canvas = document.querySelector(arguments[0] + ' .chart');
                const series = echarts.getInstanceByDom(canvas).getOption().series;
                return {needle: series[0].pointer.show, marks: series.length - 1,
                        mark: series.length > 1 && series[1].pointer.show ? series[1].data[0].value : null,
                        target: Number(canvas.dataset.target)};""", widget);
        assertThat(subtitle).contains("риска — равномерный темп");
        assertThat(drawn.get("marks")).isEqualTo(1L);
        assertThat(((Number) drawn.get("mark")).doubleValue()).isEqualTo(((Number) drawn.get("target")).doubleValue());
        // The value is the arc, not a needle: the subtitle says what is drawn.
        assertThat(drawn.get("needle")).isEqualTo(false);
        assertThat(subtitle).doesNotContain("стрелка");
    }

    /** 6. A treemap or sunburst label is drawn whole enough to read, with its unit, or not at all. */
    @Test
    void structureLabelsAreReadableOrHidden() {
        for (String page : List.of("/d/budget", "/d/open-budget", "/d/procurement", "/d/municipality?territory=69608000")) {
            open(page);
            @SuppressWarnings("unchecked")
            List<List<String>> labels = (List<List<String>>) browser.script(TEXTS + """
                    return [...document.querySelectorAll("[data-type='treemap'] .chart, [data-type='sunburst'] .chart")].flatMap((c) => {
                      const byLabel = new Map();
                      for (const t of texts(c)) {
                        if (!byLabel.has(t.label)) byLabel.set(t.label, []);
                        byLabel.get(t.label).push(t.text);
                      }
                      return [...byLabel.values()].map((lines) => [c.closest('.widget').dataset.type, ...lines]);
                    });""");
            assertThat(labels).as(page).isNotEmpty();
            for (List<String> label : labels) {
                for (String line : label.subList(1, label.size())) {
                    String letters = line.replace("▶", "").replace("...", "").replace("…", "").strip();
                    assertThat(letters.length()).as("%s: %s", page, label).isGreaterThanOrEqualTo(Math.min(6, line.strip().length()));
                }
                if (label.get(0).equals("treemap") && label.size() > 2) {
                    assertThat(label.get(2)).as("%s: value with its unit %s", page, label).matches(".*\\d.*руб\\.");
                }
            }
        }
    }

    /** 7. The dashed line of the whole passes behind the bars' values, and its own label overlaps none of them. */
    @Test
    void theRankingsOverallLineNeverCoversAValue() {
        for (String page : List.of("/d/governor", "/d/budget", "/d/procurement", "/d/health", "/d/labour", "/d/open-budget")) {
            open(page);
            assertThat((List<?>) browser.script("""
                    const out = [];
                    for (const c of document.querySelectorAll("[data-type='ranking'] .chart")) {
                      const list = echarts.getInstanceByDom(c).getZr().storage.getDisplayList(true);
                      const box = (e) => { const b = e.getBoundingRect().clone(); if (e.transform) b.applyTransform(e.transform); return b; };
                      const line = list.findIndex((e) => e.type === 'ec-line');
                      if (line < 0) continue;
                      const l = box(list[line]);
                      const tag = list.find((e) => e.type === 'tspan' && /^(в целом|overall)/.test(e.style.text));
                      const values = list.map((e, i) => [e, i]).filter(([e]) => e.type === 'tspan' && /^[0-9]/.test(e.style.text));
                      for (const [e, i] of values) {
                        const b = box(e);
                        if (tag && b.intersect(box(tag))) out.push(`${c.closest('.widget').dataset.widget}: «${tag.style.text}» over ${e.style.text}`);
                        const crossed = b.x < l.x + l.width && b.x + b.width > l.x;
                        if (crossed && (i < line || !e.parent.style.backgroundColor)) out.push(`${c.closest('.widget').dataset.widget}: line over ${e.style.text}`);
                      }
                    }
                    return out;""")).as(page).isEmpty();
        }
    }

    /** 8. On a 1080p wall every tile's title and subtitle is read whole: in smaller type or on two lines, never cut. */
    @Test
    void everyTileTitleIsReadWholeOnA1080pWall() {
        for (String screen : SCREENS) {
            for (String lang : List.of("", "lang=en")) {
                String page = "/wall/" + screen + (lang.isEmpty() ? "" : (screen.contains("?") ? "&" : "?") + lang);
                open(page);
                // Smaller type, yes, but not past four fifths of a title's (1.02 rem) or a subtitle's (0.75 rem).
                assertThat((List<?>) browser.script(HEADINGS + """
                        return headings().filter((h) => h.cut || h.size < (h.title ? 0.79 : 0.58))
                          .map((h) => `${h.widget}: «${h.text}» ${h.size.toFixed(2)} rem`);"""))
                        .as("titles cut or shrunk past reading on %s at 1920x1080", page).isEmpty();
            }
        }
        browser.screenshot("governor-wall-titles-1920x1080");
    }

    /** 9. Where a title cannot be whole (a portrait screen: type sized for its height, tiles a third as wide), it says itself on hover. */
    @Test
    void aTitleThatMustBeShortenedKeepsItsFullTextInItsTitle() {
        try {
            browser.viewport(1080, 1920);
            int shortened = 0;
            for (String screen : SCREENS) {
                open("/wall/" + screen);
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> headings = (List<Map<String, Object>>) browser.script(HEADINGS + "return headings();");
                for (Map<String, Object> heading : headings) {
                    if ((Boolean) heading.get("cut")) {
                        shortened++;
                        assertThat(heading.get("hover")).as("%s on %s", heading, screen).isEqualTo(heading.get("text"));
                    }
                }
            }
            assertThat(shortened).as("titles shortened at 1080x1920").isPositive();
        } finally {
            browser.viewport(1920, 1080);
        }
    }

    /** 10. The same kind of number has the same decimals on every card: one rule from the measure's format. */
    @Test
    void numbersOfOneKindShowTheSameDecimalsOnEveryCard() {
        Map<String, String> formats = new java.util.HashMap<>();
        for (com.fasterxml.jackson.databind.JsonNode cube : SERVER.parse(SERVER.as(Role.VIEWER).get("/api/v1/meta").body()).get("cubes")) {
            for (com.fasterxml.jackson.databind.JsonNode measure : cube.get("measures")) {
                formats.put(measure.get("name").asText(), measure.path("format").asText("number"));
            }
        }
        Map<String, Integer> rule = Map.of("percent", 1, "currency", 1, "number", 1, "integer", 0);
        Map<String, java.util.Set<String>> seen = new java.util.TreeMap<>();
        List<String> wrong = new java.util.ArrayList<>();
        for (String screen : SCREENS) {
            open("/d/" + screen);
            @SuppressWarnings("unchecked")
            List<List<String>> shown = (List<List<String>>) browser.script("""
                    return [...document.querySelectorAll('[data-measure]')].map((n) => [n.closest('.widget').dataset.widget,
                      n.dataset.measure, (n.querySelector('.kpi-number') || n.querySelector('b') || n).textContent]);""");
            @SuppressWarnings("unchecked")
            List<List<String>> changes = (List<List<String>>) browser.script("""
                    return [...document.querySelectorAll('.kpi-change .delta')].map((n) => [n.closest('.widget').dataset.widget, n.textContent]);""");
            for (List<String> number : shown) {
                String member = number.get(1);
                while (!formats.containsKey(member) && member.contains(".")) {
                    member = member.substring(0, member.lastIndexOf('.'));
                }
                String format = formats.getOrDefault(member, "number");
                int decimals = decimalsOf(number.get(2));
                seen.computeIfAbsent(format, f -> new java.util.TreeSet<>()).add(decimals + " (" + screen + " " + number.get(0) + ": " + number.get(2) + ")");
                if (decimals != rule.get(format)) {
                    wrong.add(screen + " " + number.get(0) + " " + number.get(1) + " (" + format + "): «" + number.get(2) + "»");
                }
            }
            for (List<String> change : changes) {
                if (!change.get(1).equals("±0") && decimalsOf(change.get(1)) != 1) {
                    wrong.add(screen + " " + change.get(0) + " change: «" + change.get(1) + "»");
                }
            }
        }
        assertThat(seen.keySet()).as("kinds of number checked").contains("percent", "currency", "number", "integer");
        assertThat(wrong).as("decimals against the rule %s; all seen: %s", rule, seen).isEmpty();
    }

    /** 11. A status is said in a sign and in words, not by colour alone: for a screen reader and a monochrome projector. */
    @Test
    void everyStatusColourIsAlsoSaidInASignAndInWords() {
        Map<String, List<String>> says = Map.of(
                "good", List.of("✓", "в норме", "on track"),
                "warn", List.of("⚠", "под риском", "at risk"),
                "bad", List.of("✗", "не достигнуто", "off track"));
        java.util.Set<String> statusesSeen = new java.util.TreeSet<>();
        for (String page : List.of("/d/governor", "/d/budget", "/d/procurement", "/d/labour", "/d/health",
                "/d/municipality?territory=69654000", "/d/open-budget", "/d/governor?lang=en")) {
            boolean english = page.endsWith("lang=en");
            open(page);
            @SuppressWarnings("unchecked")
            List<Map<String, String>> coloured = (List<Map<String, String>>) browser.script("""
                    const out = [];
                    const said = (box, status, where) => {
                      const text = box.querySelector('.status-text');
                      const b = text ? text.getBoundingClientRect() : null;
                      out.push({where, status, visible: text && b.width > 0 && b.height > 0 ? text.innerText : '',
                                spoken: text ? text.textContent : ''});
                    };
                    for (const w of document.querySelectorAll('.widget[data-status]')) {
                      if (['good', 'warn', 'bad'].includes(w.dataset.status)) said(w, w.dataset.status, w.dataset.widget);
                    }
                    for (const td of document.querySelectorAll('td[class*="status-"]')) {
                      const status = [...td.classList].find((c) => c.startsWith('status-')).slice(7);
                      said(td, status, td.closest('.widget').dataset.widget + ' cell');
                    }
                    return out;""");
            for (Map<String, String> shown : coloured) {
                List<String> expected = says.get(shown.get("status"));
                statusesSeen.add(shown.get("status"));
                assertThat(shown.get("visible")).as("%s: the sign shown", shown).contains(expected.get(0));
                assertThat(shown.get("spoken")).as("%s: the words read", shown).contains(expected.get(english ? 2 : 1));
            }
        }
        assertThat(statusesSeen).as("statuses found on the screens").containsExactly("bad", "good", "warn");
    }

    /** 12. National projects: a bar without data carries no value, and «100 %» is written only on a whole share. */
    @Test
    void programmeBarsWriteAValueOnlyWhereItIs() {
        open("/d/governor");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> labels = (List<Map<String, Object>>) browser.script("""
                const chart = echarts.getInstanceByDom(document.querySelector("[data-widget='national_projects'] .chart"));
                const out = [];
                chart.getModel().eachSeries((series) => {
                  const data = series.getData();
                  data.each((i) => {
                    const label = data.getItemGraphicEl(i) && data.getItemGraphicEl(i).getTextContent();
                    const shown = label && !label.ignore && !label.invisible && label.style.text ? label.style.text : '';
                    out.push({series: series.name, row: i, value: series.getRawValue(i), text: shown});
                  });
                });
                return out;""");
        assertThat(labels).isNotEmpty();
        for (Map<String, Object> label : labels) {
            String text = (String) label.get("text");
            double value = ((Number) label.get("value")).doubleValue();
            if (label.get("series").equals("нет данных")) {
                assertThat(text).as("no-data bar %s", label).doesNotContainPattern("\\d");
            }
            if (text.contains("100")) {
                assertThat(value).as("«100» on %s", label).isEqualTo(1.0);
            }
            if (!text.isEmpty() && text.matches(".*\\d.*")) {
                double written = Double.parseDouble(text.replaceAll("[^0-9,]", "").replace(',', '.')) / 100;
                assertThat(written).as("%s", label).isCloseTo(value, org.assertj.core.data.Offset.offset(0.0006));
            }
        }
        // The programme with indicators of several statuses has its shares written where they fit.
        assertThat(labels).anySatisfy(l -> assertThat((String) l.get("text")).containsPattern("\\d"));
    }

    /** The screens shipped, each with the variables it needs. */
    private static final List<String> SCREENS = List.of("governor", "budget", "procurement", "labour", "health",
            "municipality?territory=69654000", "open-budget");

    /**
     * The titles and subtitles of the tiles: headings() gives {widget, title (whether a title, not a subtitle), text,
     * hover (its title attribute), cut (text beyond its box), size (in rem)}.
     */
    private static final String HEADINGS = """
            const headings = () => [...document.querySelectorAll('.widget-title, .widget-sub')].map((h) => ({
              widget: h.closest('.widget').dataset.widget, title: h.classList.contains('widget-title'), text: h.textContent,
              hover: h.getAttribute('title') || '',
              cut: h.scrollWidth > h.clientWidth + 1 || h.scrollHeight > h.clientHeight + 1,
              size: parseFloat(getComputedStyle(h).fontSize) / parseFloat(getComputedStyle(document.documentElement).fontSize)}));
            """;

    /** Decimals of the first number in a text written the Russian way: «1 234,5 %» has 1. */
    private static int decimalsOf(String text) {
        Matcher number = Pattern.compile("\\d(?:[\\d\\u00a0\\u202f ]*\\d)?(?:,(\\d+))?").matcher(text);
        assertThat(number.find()).as("a number in «%s»", text).isTrue();
        return number.group(1) == null ? 0 : number.group(1).length();
    }

    /** The drawn lines of text in an ECharts chart: texts(canvas) gives {text, label} with label the text's element. */
    private static final String TEXTS = """
            const texts = (canvas) => {
              const list = echarts.getInstanceByDom(canvas).getZr().storage.getDisplayList(true);
              return list.filter((e) => e.type === 'tspan' && e.style.text && e.style.text.trim())
                .map((e) => ({text: e.style.text, label: e.parent}));
            };
            """;

    private static void focus(String selector) {
        browser.script("document.querySelector(arguments[0]).focus()", selector);
    }

    private static void open(String page) {
        browser.open(SERVER.uri(page).toString());
        browser.awaitReady(1);
        assertThat(browser.attribute("data-errors")).as(page).isEqualTo("0");
    }
}
