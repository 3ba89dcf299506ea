package ru.vitrina.api.dashboards;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

/**
 * Debian's headless Chromium through Debian's chromedriver: both paths are given, so Selenium Manager never
 * looks for (or downloads) a browser. Each browser gets a fresh profile folder.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final ChromeDriver driver;
    private final Path profile;

    /** A 1920×1080 browser; the test is skipped, not failed, where Debian's chromedriver is not installed. */
    static Browser startOrSkip(String... flags) {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(CHROMEDRIVER),
                "no /usr/bin/chromedriver: apt-get install chromium chromium-driver");
        return new Browser(1920, 1080, flags);
    }

    /** @param flags more Chromium switches, e.g. to expose the garbage collector to a memory test */
    Browser(int width, int height, String... flags) {
        try {
            profile = Files.createTempDirectory("vitrina-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--hide-scrollbars", "--force-device-scale-factor=1", "--lang=ru-RU",
                "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=" + width + "," + height);
        options.addArguments(flags);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        viewport(width, height);
    }

    /**
     * Signs the browser in with a session made on the server side: the cookie is set on the server's origin (on its
     * login page), as a login form would have set it.
     */
    void signIn(String base, String sessionId) {
        driver.get(base + "/login");
        driver.manage().addCookie(new org.openqa.selenium.Cookie("vitrina_session", sessionId, "/"));
    }

    /** The page's viewport exactly (a headless window's own size includes room for browser chrome). */
    void viewport(int width, int height) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                java.util.Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
    }

    ChromeDriver driver() {
        return driver;
    }

    void open(String url) {
        driver.get(url);
    }

    /** Waits until the page has drawn every widget from the server's answers (app.js sets data-ready). */
    void awaitReady(int renders) {
        new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> {
            Object ready = script("return document.documentElement.dataset.ready || ''");
            Object count = script("return Number(document.documentElement.dataset.renders || 0)");
            return ("true".equals(ready) || "error".equals(ready)) && ((Number) count).intValue() >= renders;
        });
    }

    Object script(String code, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(code, args);
    }

    String attribute(String name) {
        return (String) script("return document.documentElement.getAttribute(arguments[0])", name);
    }

    /** Messages the page wrote to the console at level SEVERE (errors, failed requests) since the last call. */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage).toList();
    }

    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            File file = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Path target = SCREENSHOTS.resolve(name + ".png");
            Files.copy(file.toPath(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temporary profile left behind is harmless
            }
        }
    }
}
