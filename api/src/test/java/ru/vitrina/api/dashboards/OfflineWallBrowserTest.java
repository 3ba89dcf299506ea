package ru.vitrina.api.dashboards;

import ru.vitrina.engine.access.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * When the server goes away the wall keeps its last picture and says since when it has had no connection; new
 * data published while it is open is drawn without a reload. Runs its own server, which it stops.
 */
class OfflineWallBrowserTest {
    private static Store store;
    private static Application application;
    private static VitrinaServer server;
    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(Browser.CHROMEDRIVER), "no /usr/bin/chromedriver: apt-get install chromium chromium-driver");
        Path folder = Files.createTempDirectory("vitrina-offline");
        store = Store.open(folder.resolve("offline.duckdb"));
        new DemoRegion(TestServer.SEED, DemoSize.TEST).generate(store, (stage, done, total) -> { });
        application = Application.open(VitrinaConfig.DEMO.withStore(folder.resolve("offline.duckdb")).withPort(0), store);
        server = new VitrinaServer(application).start("127.0.0.1", 0);
        browser = new Browser(1920, 1080);
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
