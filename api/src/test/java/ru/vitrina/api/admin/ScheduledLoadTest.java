package ru.vitrina.api.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ru.vitrina.api.config.VitrinaConfig;
import ru.vitrina.api.server.Application;
import ru.vitrina.api.server.TestServer;
import ru.vitrina.api.server.VitrinaServer;
import ru.vitrina.engine.access.Role;
import ru.vitrina.engine.store.Store;
import ru.vitrina.ingest.health.HealthReportSimulator;
import ru.vitrina.ingest.reference.ReferenceData;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.YearMonth;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A load the scheduler runs — nobody asks for it — reaches the screens: the open {@code /api/v1/events} stream
 * announces its data version, and the same query, answered from the result cache before, is answered anew with
 * the loaded figures (the cache keys by data version).
 */
class ScheduledLoadTest {
    private static final YearMonth MONTH = YearMonth.of(2031, 1);
    private static final String QUERY = "{\"measures\":[\"health.cases\"],\"timeDimensions\":[{\"dimension\":"
            + "\"health.report_month\",\"dateRange\":[\"2031-01-01\",\"2031-01-31\"]}]}";

    @TempDir
    Path folder;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private Store store;
    private Application application;
    private VitrinaServer server;
    private Path drop;
    private String viewerToken;

    @BeforeEach
    void start() throws IOException {
        Path file = folder.resolve("vitrina.duckdb");
        store = Store.open(file);
        new ReferenceData().publish(store);
        drop = Files.createDirectories(folder.resolve("drop-health"));
        VitrinaConfig config = VitrinaConfig.DEMO.withStore(file).withPort(0).withJobs(Map.of("schedule", true,
                "health", Map.of("cron", "* * * * * ?", "source", drop.toString())));
        application = Application.open(config, store);
        server = new VitrinaServer(application).start("127.0.0.1", 0);
        viewerToken = TestServer.tokens(application).get(Role.VIEWER);
    }

    @AfterEach
    void stop() {
        server.close();
        application.close();
        store.close();
    }

    @Test
    void aScheduledLoadIsAnnouncedAndNoCachedAnswerOutlivesIt() throws Exception {
        HttpResponse<String> before = query();
        assertThat(json.readTree(before.body()).get("data").get(0).get("health.cases").isNull()).isTrue();
        assertThat(query().headers().firstValue("X-Vitrina-Cache")).as("the same question again comes from the cache")
                .hasValue("hit");

        BlockingQueue<String> events = subscribe();
        long expected;
        try (Connection connection = store.connect()) {
            HealthReportSimulator simulator = HealthReportSimulator.fromReference(connection, 8);
            simulator.writeWorkbook(drop.resolve("minzdrav_" + MONTH + ".xlsx"), MONTH);
            expected = simulator.report(MONTH).stream().flatMap(r -> r.cases().stream()).mapToLong(Long::longValue).sum();
        }

        long version = awaitAnnouncedLoad(events);

        HttpResponse<String> after = query();
        assertThat(after.headers().firstValue("X-Vitrina-Cache")).hasValue("miss");
        JsonNode answer = json.readTree(after.body());
        assertThat(answer.get("data").get(0).get("health.cases").asLong()).isEqualTo(expected);
        assertThat(answer.get("dataVersion").get("version").asLong()).isGreaterThanOrEqualTo(version);
    }

    private HttpResponse<String> query() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/api/v1/load?query=" + URLEncoder.encode(QUERY, StandardCharsets.UTF_8)))
                        .header("Authorization", "Bearer " + viewerToken).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response;
    }

    private BlockingQueue<String> subscribe() throws Exception {
        BlockingQueue<String> data = new LinkedBlockingQueue<>();
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/api/v1/events")).header("Accept", "text/event-stream").header("Authorization", "Bearer " + viewerToken)
                .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.startsWith("data: ")) {
                        data.add(line.substring("data: ".length()));
                    }
                }
            } catch (IOException ignored) {
                // the stream ends with the server
            }
        }, "scheduled-load-events");
        reader.setDaemon(true);
        reader.start();
        return data;
    }

    /**
     * Waits for a data-version event at or after the version of a published health load that loaded rows — a run
     * the scheduler started, since nothing else runs jobs here — and returns the load's version. (Loads fire every
     * second and the stream tells the newest version, so the event may name a later, empty run.)
     */
    private long awaitAnnouncedLoad(BlockingQueue<String> events) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String event = events.poll(200, TimeUnit.MILLISECONDS);
            if (event == null) {
                continue;
            }
            JsonNode payload = json.readTree(event);
            long version = payload.get("version").asLong();
            try (Connection connection = store.connect();
                 PreparedStatement select = connection.prepareStatement("SELECT max(data_version) FROM meta.load"
                         + " WHERE job = 'health' AND status = 'published' AND rows_loaded > 0 AND data_version <= ?")) {
                select.setLong(1, version);
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    long loaded = rows.getLong(1);
                    if (!rows.wasNull()) {
                        assertThat(payload.get("publishedBy").asText()).isEqualTo("health");
                        return loaded;
                    }
                }
            }
        }
        throw new AssertionError("no data-version event for a scheduled health load within 30 seconds");
    }
}
