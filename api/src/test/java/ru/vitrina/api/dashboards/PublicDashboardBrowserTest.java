package ru.vitrina.api.dashboards;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import ru.vitrina.api.server.TestServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A citizen's browser without a login: the public screen draws every widget (from its own queries, as the page's
 * requests show) and keeps in touch by SSE; a closed screen sends the browser to the sign-in form.
 */
class PublicDashboardBrowserTest {
    private static final TestServer SERVER = TestServer.shared();
    private static Browser browser;

    @BeforeAll
    static void start() {
        browser = Browser.startOrSkip();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void aVisitorWithoutALoginSeesEveryWidgetOfThePublicScreenAndNoClosedOne() {
        int widgets = SERVER.parse(SERVER.get("/api/v1/dashboards/open-budget").body()).get("widgets").size();
        for (String page : new String[] {"/d/open-budget", "/wall/open-budget", "/d/open-budget?lang=en"}) {
            browser.open(SERVER.uri(page).toString());
            browser.awaitReady(1);
            assertThat(browser.attribute("data-ready")).as(page).isEqualTo("true");
            assertThat(browser.attribute("data-errors")).as(page).isEqualTo("0");
            assertThat(browser.consoleErrors()).as(page).isEmpty();
            assertThat(browser.driver().findElements(By.cssSelector(".widget[data-rendered='true']"))).as(page).hasSize(widgets);
            // Every answer came through the screen's own queries; the query API was never asked.
            Object asked = browser.script("""
                    return performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname)
                      .filter((p) => p.startsWith('/api/'));""");
            assertThat((java.util.List<?>) asked).as(page).isNotEmpty()
                    .allSatisfy(p -> assertThat((String) p).matches("/api/v1/(dashboards/open-budget(/data/.+)?|events)"));
            assertThat(browser.driver().findElement(By.cssSelector(".badge.offline")).isDisplayed()).as(page).isFalse();
            browser.screenshot("public" + page.replace('/', '-').replace('?', '-').replace('=', '-'));
        }
        // The disclosed ranking shows no count under 5.
        Object small = browser.script("""
                const chart = echarts.getInstanceByDom(document.querySelector("[data-widget='congenital'] .chart"));
                return chart.getOption().series[0].data.map((d) => d.value).filter((v) => v > 0 && v < 5).length;""");
        assertThat(((Number) small).intValue()).isZero();
        // …and says how many it hid (in English: the last page opened).
        WebElement congenital = browser.driver().findElement(By.cssSelector("[data-widget='congenital']"));
        assertThat(Integer.parseInt(congenital.getAttribute("data-hidden"))).isGreaterThanOrEqualTo(2);
        assertThat(congenital.findElement(By.className("provenance")).getText())
                .startsWith(congenital.getAttribute("data-hidden") + " small counts hidden · health.cases");

        browser.open(SERVER.uri("/d/governor").toString());
        assertThat(browser.driver().getCurrentUrl()).contains("/login?next=%2Fd%2Fgovernor");
    }
}
