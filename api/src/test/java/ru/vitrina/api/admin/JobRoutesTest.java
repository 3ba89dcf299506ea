package ru.vitrina.api.admin;

import ru.vitrina.api.server.TestServer;
import ru.vitrina.engine.access.Role;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import ru.vitrina.api.config.VitrinaConfig;
import ru.vitrina.api.server.Application;
import ru.vitrina.api.server.VitrinaServer;
import ru.vitrina.engine.store.Store;
import ru.vitrina.ingest.budget.BudgetSource;
import ru.vitrina.ingest.budget.BudgetSourceSimulator;
import ru.vitrina.ingest.demo.DemoRegion;
import ru.vitrina.ingest.demo.DemoSize;
import ru.vitrina.ingest.demo.ProgressListener;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The job API on a real server over a real DuckDB file, pulling from the PostgreSQL server on 127.0.0.1:5432. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobRoutesTest {
    private static final long SEED = 77;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private BudgetSource source;
    private BudgetSourceSimulator simulator;
    private Store store;
    private Application application;
    private VitrinaServer server;
    private String adminToken;

    @BeforeAll
    void start() throws Exception {
        source = BudgetSource.local("budget_src_api" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36));
        simulator = new BudgetSourceSimulator(source);
        simulator.fill(SEED, DemoSize.TEST, ProgressListener.none());
        Path folder = Files.createTempDirectory("vitrina-jobs");
        store = Store.open(folder.resolve("vitrina.duckdb"));
        new DemoRegion(SEED, DemoSize.TEST).generate(store, ProgressListener.none());
        application = Application.open(VitrinaConfig.DEMO.withStore(folder.resolve("vitrina.duckdb")).withPort(0), store);
        // JobRoutes reads its settings when the server is configured; the property points it at this test's schema.
        System.setProperty("vitrina.budget.pg-schema", source.schema());
        try {
            server = new VitrinaServer(application).start("127.0.0.1", 0);
            adminToken = TestServer.tokens(application).get(Role.ADMINISTRATOR);
        } finally {
            System.clearProperty("vitrina.budget.pg-schema");
        }
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
        application.close();
        store.close();
        simulator.drop();
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Bearer " + adminToken)
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode ok(String path) throws Exception {
        HttpResponse<String> response = send("GET", path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    /** The stage of the running load once it has named one. */
    private String awaitStage(long loadId) throws Exception {
        for (int i = 0; i < 600; i++) {
            JsonNode stage = ok("/api/v1/admin/loads/" + loadId).get("progress").get("stage");
            if (!stage.isNull()) {
                return stage.asText();
            }
            Thread.sleep(10);
        }
        throw new AssertionError("load " + loadId + " named no stage");
    }

    private JsonNode awaitFinished(long loadId) throws Exception {
        for (int i = 0; i < 600; i++) {
            JsonNode load = ok("/api/v1/admin/loads/" + loadId);
            if (!load.get("status").asText().equals("running")) {
                return load;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("load " + loadId + " still running");
    }

    @Test
    void runningAJobShowsProgressRefusesASecondRunAndRecordsTheLoad() throws Exception {
        JsonNode jobs = ok("/api/v1/admin/jobs").get("jobs");
        assertThat(jobs).extracting(job -> job.get("job").asText())
                .containsExactly("budget", "procurement", "health", "labour", "population");
        assertThat(jobs.get(0).get("job").asText()).isEqualTo("budget");
        assertThat(jobs.get(0).get("cron").asText()).isEqualTo("0 0 * * * ?");
        assertThat(jobs.get(0).get("scheduled").asBoolean()).isFalse();

        long loadId;
        // Holding a lock on the source table keeps the load running while the API is asked about it.
        try (Connection pg = source.connect(); Statement lock = pg.createStatement()) {
            pg.setAutoCommit(false);
            lock.execute("LOCK TABLE " + source.table() + " IN ACCESS EXCLUSIVE MODE");
            HttpResponse<String> started = send("POST", "/api/v1/admin/jobs/budget/run?full=true");
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            loadId = json.readTree(started.body()).get("loadId").asLong();

            HttpResponse<String> again = send("POST", "/api/v1/admin/jobs/budget/run");
            assertThat(again.statusCode()).isEqualTo(409);
            assertThat(json.readTree(again.body()).get("error").asText())
                    .isEqualTo("Задание «budget» уже выполняется (загрузка " + loadId + ") / job budget is already running (load " + loadId + ")");
            assertThat(json.readTree(again.body()).get("status").asInt()).isEqualTo(409);

            JsonNode running = ok("/api/v1/admin/loads/" + loadId);
            assertThat(running.get("status").asText()).isEqualTo("running");
            assertThat(running.get("progress").get("rows").asLong()).isZero();
            // The load names its stage first thing; the lock holds it there.
            assertThat(awaitStage(loadId)).isEqualTo("чтение источника / reading the source");
            // Held before the source says how much there is: no total and no percentage, not 0 of 0.
            JsonNode progress = ok("/api/v1/admin/loads/" + loadId).get("progress");
            assertThat(progress.get("total").isNull()).as(progress.toString()).isTrue();
            assertThat(progress.get("percent").isNull()).as(progress.toString()).isTrue();
            assertThat(ok("/api/v1/admin/jobs").get("jobs").get(0).get("running").get("loadId").asLong()).isEqualTo(loadId);
            pg.rollback();
        }

        JsonNode load = awaitFinished(loadId);
        assertThat(load.get("status").asText()).as(load.toString()).isEqualTo("published");
        assertThat(load.get("rowsRead").asLong()).isEqualTo(5_000);
        assertThat(load.get("rowsLoaded").asLong()).isEqualTo(5_000);
        assertThat(load.get("rowsQuarantined").asLong()).isZero();
        assertThat(load.get("dataVersion").asLong()).isEqualTo(store.currentVersion().orElseThrow().version());
        assertThat(load.get("tables").get(0).get("table").asText()).isEqualTo("budget.execution");
        assertThat(load.get("sources").get(0).get("sha256").asText()).hasSize(64);
        assertThat(load.get("progress").isNull()).isTrue();
        assertThat(ok("/api/v1/admin/loads?job=budget").get("loads").get(0).get("loadId").asLong()).isEqualTo(loadId);
        assertThat(ok("/api/v1/admin/jobs").get("jobs").get(0).get("lastLoad").get("loadId").asLong()).isEqualTo(loadId);
    }

    @Test
    void quarantineAndQualityOfALoad() throws Exception {
        simulator.execute("INSERT INTO " + source.table() + " SELECT 990001, 'ПП-X', operation_date, '69999000',"
                + " kbk_administrator, kbk_subsection, kbk_target_article, kbk_expense_type, 0, 0, 1.00,"
                + " TIMESTAMP '2031-01-01 00:00:00' FROM " + source.table() + " ORDER BY operation_id LIMIT 1");
        simulator.execute("INSERT INTO " + source.table() + " SELECT 990002, 'ПП-Y', operation_date, budget_oktmo,"
                + " kbk_administrator, kbk_subsection, kbk_target_article, kbk_expense_type, 0, 0, 999999999999.00,"
                + " TIMESTAMP '2031-01-01 00:00:00' FROM " + source.table() + " ORDER BY operation_id LIMIT 1");
        HttpResponse<String> started = send("POST", "/api/v1/admin/jobs/budget/run?full=true");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        long loadId = json.readTree(started.body()).get("loadId").asLong();
        assertThat(awaitFinished(loadId).get("status").asText()).isEqualTo("published");

        JsonNode quarantine = ok("/api/v1/admin/loads/" + loadId + "/quarantine");
        assertThat(quarantine.get("total").asLong()).isEqualTo(1);
        JsonNode row = quarantine.get("rows").get(0);
        assertThat(row.get("table").asText()).isEqualTo("budget.execution");
        assertThat(row.get("source").asText()).isEqualTo(source.describe());
        assertThat(row.get("position").asText()).isEqualTo("operation_id=990001");
        assertThat(row.get("raw").asText()).startsWith("990001;ПП-X;");
        assertThat(row.get("reason").asText()).isEqualTo("Неизвестный ОКТМО 69999000 / unknown OKTMO 69999000");
        JsonNode farPage = ok("/api/v1/admin/loads/" + loadId + "/quarantine?offset=2000000");
        assertThat(farPage.get("offset").asLong()).as("a page past ten thousand rows can be asked for").isEqualTo(2_000_000);
        assertThat(farPage.get("rows")).isEmpty();

        JsonNode findings = ok("/api/v1/admin/loads/" + loadId + "/quality").get("findings");
        assertThat(findings).anySatisfy(f -> {
            assertThat(f.get("rule").asText()).isEqualTo("fact_above_plan");
            assertThat(f.get("severity").asText()).isEqualTo("warning");
        });
    }

    @Test
    void errorsAreJson() throws Exception {
        HttpResponse<String> unknown = send("POST", "/api/v1/admin/jobs/weather/run");
        assertThat(unknown.statusCode()).isEqualTo(404);
        // The server's 404 handler words every 404 under /api/ as "no such route"; the shape is what matters here.
        assertThat(json.readTree(unknown.body()).get("status").asInt()).isEqualTo(404);
        HttpResponse<String> missing = send("GET", "/api/v1/admin/loads/987654");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json.readTree(missing.body()).get("error").asText()).isNotBlank();
        assertThat(send("GET", "/api/v1/admin/loads/abc").statusCode()).isEqualTo(400);
        assertThat(send("GET", "/api/v1/admin/loads?limit=-1").statusCode()).isEqualTo(400);
        HttpResponse<String> unknownJob = send("GET", "/api/v1/admin/loads?job=weather");
        assertThat(unknownJob.statusCode()).isEqualTo(404);
        assertThat(json.readTree(unknownJob.body()).get("error").asText()).contains("weather").contains("budget");
    }
}
