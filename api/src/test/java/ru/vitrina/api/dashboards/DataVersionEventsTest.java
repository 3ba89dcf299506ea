package ru.vitrina.api.dashboards;

import ru.vitrina.api.server.TestServer;
import ru.vitrina.engine.access.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ru.vitrina.api.config.VitrinaConfig;
import ru.vitrina.api.server.Application;
import ru.vitrina.api.server.VitrinaServer;
import ru.vitrina.engine.store.Store;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * New data is pushed to open screens: a publication in the store reaches an open {@code /api/v1/events} stream
 * within a few seconds. Runs on its own store, so publishing does not move the shared test server's version.
 */
class DataVersionEventsTest {
    private static Store store;
    private static Application application;
    private static VitrinaServer server;
    private static String viewerToken;

    @BeforeAll
    static void start() throws IOException {
        Path folder = Files.createTempDirectory("vitrina-events");
        store = Store.open(folder.resolve("events.duckdb"));
        application = Application.open(VitrinaConfig.DEMO.withStore(folder.resolve("events.duckdb")).withPort(0), store);
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

    @Test
    void aPublicationIsAnnouncedToAnOpenScreen() throws Exception {
        store.publish("first-load", "test", transaction -> { });
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/events"))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + viewerToken).GET().build();
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        Thread reader = new Thread(() -> {
            try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the stream ends with the test
            }
        }, "sse-test-reader");
        reader.setDaemon(true);
        reader.start();

        // At once: the version the screen should draw.
        assertThat(nextData(lines)).contains("\"version\":1").contains("\"publishedBy\":\"first-load\"");

        store.publish("second-load", "test", transaction -> { });
        assertThat(nextData(lines)).contains("\"version\":2").contains("\"publishedBy\":\"second-load\"").contains("\"publishedAt\":\"");
        response.body().close();
    }

    /** The data line of the next data-version event, waiting at most ten seconds. */
    private static String nextData(BlockingQueue<String> lines) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        boolean inEvent = false;
        while (System.nanoTime() < deadline) {
            String line = lines.poll(200, TimeUnit.MILLISECONDS);
            if (line == null) {
                continue;
            }
            if (line.equals("event: data-version")) {
                inEvent = true;
            } else if (inEvent && line.startsWith("data: ")) {
                return line.substring("data: ".length());
            }
        }
        throw new AssertionError("no data-version event within ten seconds");
    }
}
