package ru.vitrina.api.dashboards;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import ru.vitrina.api.config.VitrinaConfig;
import ru.vitrina.api.server.Application;
import ru.vitrina.api.server.TestServer;
import ru.vitrina.api.server.VitrinaServer;
import ru.vitrina.engine.access.Role;
import ru.vitrina.engine.store.DataVersion;
import ru.vitrina.engine.store.Store;
import ru.vitrina.ingest.demo.DemoRegion;
import ru.vitrina.ingest.demo.DemoSize;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A wall behind a proxy that the tests can break (it answers 502, as nginx does while the server is away): the
 * wall keeps its last picture through HTTP errors and an expired session, says which, and comes back by itself.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WallConnectionBrowserTest {
    private static Store store;
    private static Application application;
    private static VitrinaServer server;
    private static Browser browser;
    private static HttpServer proxy;
    private static final AtomicBoolean DOWN = new AtomicBoolean();
    /** What the proxy does to the widgets' queries (/api/v1/load), the rest passing as usual. */
    private static final AtomicReference<Loads> LOADS = new AtomicReference<>(Loads.PASS);
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final Set<String> HOP = Set.of("connection", "content-length", "transfer-encoding", "host", "upgrade",
            "keep-alive", "expect");

    @BeforeAll
    static void start() throws Exception {
        browser = Browser.startOrSkip();
        Path folder = Files.createTempDirectory("vitrina-wall-connection");
        store = Store.open(folder.resolve("wall.duckdb"));
        new DemoRegion(TestServer.SEED, DemoSize.TEST).generate(store, (stage, done, total) -> { });
        application = Application.open(VitrinaConfig.DEMO.withStore(folder.resolve("wall.duckdb")).withPort(0), store);
        server = new VitrinaServer(application).start("127.0.0.1", 0);
        proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        proxy.setExecutor(Executors.newCachedThreadPool());
        proxy.createContext("/", WallConnectionBrowserTest::forward);
        proxy.start();
    }

    @BeforeEach
    void signIn() {
        browser.signIn(base(), TestServer.session(application, Role.VIEWER));
    }

    @AfterEach
    void mendTheProxy() {
        LOADS.set(Loads.PASS);
        DOWN.set(false);
    }

    /** The widgets' queries through the proxy: passed, answered a second late, never answered, or answered 500. */
    private enum Loads { PASS, SLOW, HANG, FAIL }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (proxy != null) {
            proxy.stop(0);
        }
        if (server != null) {
            server.close();
        }
        if (application != null) {
            application.close();
        }
    }

    private static String base() {
        return "http://127.0.0.1:" + proxy.getAddress().getPort();
    }

    /** Passes a request on to the server and streams its answer back (the event stream too), or answers 502. */
    private static void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (exchange.getRequestURI().getPath().equals("/api/v1/load") && !loadPasses(exchange)) {
                return;
            }
            if (DOWN.get()) {
                byte[] page = "<html><body><h1>502 Bad Gateway</h1></body></html>".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/html");
                exchange.sendResponseHeaders(502, page.length);
                exchange.getResponseBody().write(page);
                return;
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                    + exchange.getRequestURI())).method(exchange.getRequestMethod(),
                    HttpRequest.BodyPublishers.ofByteArray(exchange.getRequestBody().readAllBytes()));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP.contains(name.toLowerCase())) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            HttpResponse<InputStream> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            response.headers().map().forEach((name, values) -> {
                if (!HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            boolean empty = response.statusCode() == 304 || response.statusCode() == 204;
            exchange.sendResponseHeaders(response.statusCode(), empty ? -1 : 0);
            try (InputStream in = response.body(); OutputStream out = exchange.getResponseBody()) {
                byte[] buffer = new byte[8192];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                    out.flush();
                    if (DOWN.get()) {
                        return; // the outage cuts open streams too
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the browser went away
        }
    }

    /** Applies {@link #LOADS} to a widget's query: whether it goes on to the server after that. */
    private static boolean loadPasses(HttpExchange exchange) throws IOException, InterruptedException {
        switch (LOADS.get()) {
            case SLOW -> Thread.sleep(1000);
            case HANG -> {
                while (LOADS.get() == Loads.HANG) {
                    Thread.sleep(100); // the browser waits for an answer that never comes
                }
                return false;
            }
            case FAIL -> {
                byte[] body = "{\"error\": \"test: the query failed\"}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(500, body.length);
                exchange.getResponseBody().write(body);
                return false;
            }
            default -> { }
        }
        return true;
    }

    private static WebDriverWait waiting(int seconds) {
        return new WebDriverWait(browser.driver(), Duration.ofSeconds(seconds));
    }

    private static WebElement offlineBadge() {
        return browser.driver().findElement(By.cssSelector(".badge.offline"));
    }

    @Test
    @Order(1)
    void aSessionThatExpiredIsSaidAndTheWallGoesToSignInAndBack() {
        browser.open(base() + "/wall/governor?refresh=5");
        browser.awaitReady(1);
        String shown = browser.driver().findElement(By.cssSelector(".grid")).getText();
        browser.driver().manage().deleteCookieNamed("vitrina_session");
        waiting(30).until(d -> offlineBadge().isDisplayed());
        assertThat(offlineBadge().getText()).isEqualTo("Сеанс истёк — войдите снова");
        assertThat(browser.driver().findElement(By.cssSelector(".grid")).getText()).isEqualTo(shown);
        browser.screenshot("governor-wall-session-expired");
        waiting(30).until(d -> d.getCurrentUrl().contains("/login"));
        assertThat(browser.driver().getCurrentUrl())
                .isEqualTo(base() + "/login?next=%2Fwall%2Fgovernor%3Frefresh%3D5");
    }

    @Test
    @Order(2)
    void afterAProxysErrorsTheWallSaysTheStatusAndComesBackWithLiveUpdates() {
        browser.open(base() + "/wall/labour");
        browser.awaitReady(1);
        String shown = browser.driver().findElement(By.cssSelector("[data-widget='rate'] .kpi-number")).getText();
        DOWN.set(true);
        try {
            // The next refresh is 300 s away: the event stream's failure is what tells the page first.
            waiting(60).until(d -> offlineBadge().isDisplayed() && offlineBadge().getText().contains("502"));
            assertThat(offlineBadge().getText()).startsWith("Сервер отвечает ошибкой 502 с ");
            assertThat(browser.driver().findElement(By.cssSelector("[data-widget='rate'] .kpi-number")).getText()).isEqualTo(shown);
            browser.screenshot("labour-wall-502");
            sleep(20); // long enough for EventSource to have given up after its HTTP errors
        } finally {
            DOWN.set(false);
        }
        waiting(15).until(d -> !offlineBadge().isDisplayed());
        // The event stream is back: a load published now is drawn at once, not at the next refresh.
        long version = store.publish("after-outage", "proxy test", transaction -> { }).version();
        waiting(45).until(d -> Long.toString(version).equals(browser.attribute("data-version")));
        assertThat(browser.attribute("data-errors")).isEqualTo("0");
    }

    @Test
    @Order(3)
    void theDataTimeIsShownInTheBrowsersTimeZone() {
        browser.driver().executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", "Asia/Tomsk"));
        try {
            browser.open(base() + "/wall/labour");
            browser.awaitReady(1);
            DataVersion version = store.currentVersion().orElseThrow();
            String tomsk = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm")
                    .format(version.publishedAt().atZone(ZoneId.systemDefault()).withZoneSameInstant(ZoneId.of("Asia/Tomsk")));
            assertThat(browser.driver().findElement(By.cssSelector(".freshness")).getText()).startsWith("данные на " + tomsk + " ·");
            assertThat(browser.script("return Intl.DateTimeFormat().resolvedOptions().timeZone")).isEqualTo("Asia/Tomsk");
        } finally {
            browser.driver().executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", ""));
        }
    }

    @Test
    @Order(4)
    void noPageAsksForAMissingFavicon() throws Exception {
        HttpResponse<byte[]> icon = CLIENT.send(HttpRequest.newBuilder(URI.create(base() + "/favicon.ico")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(icon.statusCode()).isEqualTo(200);
        assertThat(icon.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("image/svg+xml"));
        assertThat(icon.body().length).isLessThan(1024);
        browser.consoleErrors();
        for (String page : List.of("/", "/d/labour", "/api/v1/dashboards")) {
            browser.open(base() + page);
            if (page.startsWith("/d/")) {
                browser.awaitReady(1);
            }
            sleep(1);
            assertThat(browser.consoleErrors()).as(page).isEmpty();
        }
    }

    @Test
    @Order(5)
    void aMonthChosenWhileTheServerIsDownKeepsThePageAndIsDrawnOnItsReturn() {
        browser.open(base() + "/d/labour?period=2025-06");
        browser.awaitReady(1);
        String freshness = browser.driver().findElement(By.cssSelector(".freshness")).getText();
        assertThat(freshness).contains("июнь 2025");
        browser.script("document.documentElement.dataset.marker = 'same page'");
        DOWN.set(true);
        try {
            browser.script("""
                    const input = document.querySelector('input[name=period]');
                    input.value = '2025-03';
                    input.dispatchEvent(new Event('change'));""");
            waiting(15).until(d -> offlineBadge().isDisplayed());
            assertThat(browser.attribute("data-marker")).isEqualTo("same page");
            assertThat(browser.driver().getCurrentUrl()).endsWith("/d/labour?period=2025-03");
            assertThat(browser.driver().findElement(By.cssSelector(".freshness")).getText()).isEqualTo(freshness);
            assertThat(browser.driver().findElements(By.cssSelector(".widget[data-rendered='true']"))).isNotEmpty();
        } finally {
            DOWN.set(false);
        }
        waiting(20).until(d -> d.findElement(By.cssSelector(".freshness")).getText().contains("март 2025"));
        assertThat(offlineBadge().isDisplayed()).isFalse();
        assertThat(browser.attribute("data-marker")).isEqualTo("same page");
    }

    /**
     * A slide of a tour is shown for its seconds once its data is drawn: the tour's governor screen (10 s) whose
     * queries are answered a second late is drawn some seconds after it opened, and stays 10 s after that.
     */
    @Test
    @Order(6)
    void aSlideIsShownWithItsDataForItsSeconds() {
        LOADS.set(Loads.SLOW);
        browser.open(base() + "/wall/governor?playlist=tour&slide=0");
        browser.awaitReady(1);
        // The page's own clock (epoch milliseconds): when it started and when it drew its data ...
        @SuppressWarnings("unchecked")
        Map<String, Number> slide = (Map<String, Number>) browser.script("""
                return {started: performance.timeOrigin,
                        drawn: performance.timeOrigin + performance.getEntriesByName('vitrina-drawn')[0].startTime};""");
        waiting(60).until(d -> d.getCurrentUrl().contains("/wall/budget?"));
        // ... and when the next slide's navigation started.
        double moved = pageStarted();
        double started = slide.get("started").doubleValue();
        double drawn = slide.get("drawn").doubleValue();
        assertThat((drawn - started) / 1000).as("seconds to draw the slow screen").isGreaterThan(3);
        assertThat((moved - drawn) / 1000).as("seconds shown with its data").isBetween(10.0, 14.0);
        assertThat(browser.driver().getCurrentUrl()).contains("playlist=tour").contains("slide=1");
    }

    /** A slide whose queries are never answered moves on after its seconds and a bounded wait for its data. */
    @Test
    @Order(7)
    void aSlideWhoseDataHangsDoesNotStopTheTour() {
        LOADS.set(Loads.HANG);
        browser.open(base() + "/wall/governor?playlist=tour&slide=0");
        double started = pageStarted();
        waiting(60).until(d -> d.getCurrentUrl().contains("/wall/budget?"));
        // 10 s of the slide, then 15 s of waiting for its data; then the next page is asked for (on a busy machine
        // perhaps twice: 10 s, then again after 5 s).
        assertThat((pageStarted() - started) / 1000).isBetween(10.0 + 15, 10 + 15 + 20.0);
        assertThat(browser.driver().getCurrentUrl()).contains("playlist=tour").contains("slide=1");
    }

    /** A slide whose queries fail (500) moves on too: the server still serves the next screen. */
    @Test
    @Order(8)
    void aSlideWhoseDataFailsDoesNotStopTheTour() {
        LOADS.set(Loads.FAIL);
        browser.open(base() + "/wall/governor?playlist=tour&slide=0");
        double started = pageStarted();
        waiting(30).until(d -> offlineBadge().isDisplayed());
        assertThat(offlineBadge().getText()).startsWith("Сервер отвечает ошибкой 500 с ");
        waiting(60).until(d -> d.getCurrentUrl().contains("/wall/budget?"));
        assertThat((pageStarted() - started) / 1000).isBetween(10.0 + 15, 10 + 15 + 20.0);
        LOADS.set(Loads.PASS);
        browser.awaitReady(1);
        assertThat(browser.attribute("data-errors")).isEqualTo("0");
    }

    /** When the page now shown started loading, by the browser's clock (epoch milliseconds). */
    private static double pageStarted() {
        return ((Number) browser.script("return performance.timeOrigin")).doubleValue();
    }

    private static void sleep(int seconds) {
        try {
            Thread.sleep(seconds * 1000L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
