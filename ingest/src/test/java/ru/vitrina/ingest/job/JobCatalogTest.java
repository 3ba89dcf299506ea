package ru.vitrina.ingest.job;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ru.vitrina.engine.store.Store;
import ru.vitrina.ingest.budget.BudgetSource;
import ru.vitrina.ingest.health.HealthReportSimulator;
import ru.vitrina.ingest.labour.LabourPortalSimulator;
import ru.vitrina.ingest.load.LoadListener;
import ru.vitrina.ingest.load.LoadResult;
import ru.vitrina.ingest.load.TableCounts;
import ru.vitrina.ingest.population.EmissPopulationSimulator;
import ru.vitrina.ingest.population.TestLoad;
import ru.vitrina.ingest.procurement.EisContractSimulator;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every source system's job, configured as a deployment configures it and run through the {@link LoadRunner}
 * against its real simulator: files in drop folders, files served over HTTP on loopback, the labour portal as a
 * live server. Each run is checked in meta.load (published, counts, lineage) and in the target table.
 */
class JobCatalogTest {
    @TempDir
    Path folder;

    @AutoClose
    private Store store;

    @BeforeEach
    void referenceData() {
        store = TestLoad.withReferenceData(Store.open(folder.resolve("store.duckdb")));
    }

    private JobService service(Map<String, Object> section) {
        return new JobService(store, JobCatalog.definitions(JobSettings.from(section, Map.of(), Map.of())));
    }

    private static Map<String, Object> source(String job, Object location) {
        return Map.of(job, Map.of("source", location.toString()));
    }

    @Test
    void everySourceSystemIsAJob() {
        try (JobService service = service(Map.of())) {
            assertThat(service.jobs()).extracting(JobDefinition::name)
                    .containsExactly("budget", "procurement", "health", "labour", "population");
            assertThat(service.jobs()).extracting(JobDefinition::cron).containsExactly(JobDefinition.HOURLY,
                    JobDefinition.DAILY, JobDefinition.DAILY, JobDefinition.DAILY, JobDefinition.DAILY);
        }
    }

    @Test
    void procurementFromADropFolderThenTheSameArchivesAreSkipped() throws Exception {
        Path drop = folder.resolve("procurement");
        EisContractSimulator simulator = EisContractSimulator.demo(5, 600);
        List<Path> archives = simulator.writeArchives(drop, 50, 4);
        try (JobService service = service(source("procurement", drop))) {
            LoadResult first = service.run("procurement", RunOptions.INCREMENTAL, LoadListener.none());

            int contracts = simulator.contracts().size();
            assertThat(first.published()).as(first.error()).isTrue();
            assertThat(first.tables()).containsExactly(new TableCounts("procurement.contract", contracts, contracts, 0));
            assertThat(TestLoad.count(store, "procurement.contract WHERE load_id = " + first.loadId())).isEqualTo(contracts);
            assertThat(TestLoad.count(store, "meta.load_source WHERE load_id = " + first.loadId())).isEqualTo(archives.size());

            long version = store.currentVersion().orElseThrow().version();
            LoadResult again = service.run("procurement", RunOptions.INCREMENTAL, LoadListener.none());
            assertThat(again.status()).isEqualTo(LoadResult.Status.UNCHANGED);
            assertThat(again.tables()).containsExactly(new TableCounts("procurement.contract", 0, 0, 0));
            assertThat(store.currentVersion().orElseThrow().version()).as("nothing new publishes no version").isEqualTo(version);
            assertThat(TestLoad.single(store, "SELECT status FROM meta.load WHERE load_id = " + again.loadId())).isEqualTo("unchanged");
            assertThat(TestLoad.count(store, "procurement.contract")).isEqualTo(contracts);
        }
    }

    @Test
    void procurementArchiveOverHttp() throws Exception {
        Path drop = folder.resolve("served");
        EisContractSimulator simulator = EisContractSimulator.demo(6, 300);
        Path archive = simulator.writeArchives(drop, 300, 1).get(0);
        HttpServer server = serve(archive);
        try (JobService service = service(source("procurement", "http://127.0.0.1:" + server.getAddress().getPort()
                + "/opendata/" + archive.getFileName()))) {
            LoadResult result = service.run("procurement", RunOptions.INCREMENTAL, LoadListener.none());

            int contracts = simulator.contracts().size();
            assertThat(result.published()).as(result.error()).isTrue();
            assertThat(result.loaded()).isEqualTo(contracts);
            assertThat(TestLoad.single(store, "SELECT name FROM meta.load_source WHERE load_id = " + result.loadId()))
                    .isEqualTo(archive.getFileName().toString());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aMissingArchiveOverHttpFailsTheLoadWithTheStatus() throws Exception {
        HttpServer server = serve(folder.resolve("nothing.zip"));
        try (JobService service = service(source("procurement", "http://127.0.0.1:" + server.getAddress().getPort()
                + "/opendata/absent.zip"))) {
            LoadResult result = service.run("procurement", RunOptions.INCREMENTAL, LoadListener.none());
            assertThat(result.published()).isFalse();
            assertThat(result.error()).contains("ответил 404 / the source answered 404");
            assertThat(TestLoad.single(store, "SELECT status FROM meta.load WHERE load_id = " + result.loadId())).isEqualTo("failed");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void healthWorkbooksFromADropFolder() throws Exception {
        Path drop = folder.resolve("health");
        try (Connection connection = store.connect()) {
            HealthReportSimulator.fromReference(connection, 3).writeWorkbooks(drop, YearMonth.of(2024, 1), YearMonth.of(2024, 2));
        }
        try (JobService service = service(source("health", drop))) {
            LoadResult result = service.run("health", RunOptions.INCREMENTAL, LoadListener.none());

            assertThat(result.published()).as(result.error()).isTrue();
            assertThat(result.tables()).containsExactly(new TableCounts("health.morbidity", 800, 800, 0),
                    new TableCounts("health.resources", 40, 40, 0));
            assertThat(TestLoad.strings(store, "SELECT target || ':' || rows_read || '/' || rows_loaded FROM meta.load_table"
                    + " WHERE load_id = " + result.loadId() + " ORDER BY 1"))
                    .containsExactly("health.morbidity:800/800", "health.resources:40/40");
        }
    }

    /**
     * A workbook that cannot be read at all, left in the drop folder: the first run quarantines it, one record; the
     * daily runs after it skip the same bytes (its SHA-256 is recorded with that load, as a loaded file's is) instead
     * of quarantining a copy a day and publishing a data version for it; a resent file, other bytes, is read again.
     */
    @Test
    void anUnreadableWorkbookIsQuarantinedOnceAndAgainOnlyWhenItsBytesChange() throws Exception {
        Path drop = folder.resolve("health");
        try (Connection connection = store.connect()) {
            HealthReportSimulator.fromReference(connection, 3).writeWorkbooks(drop, YearMonth.of(2024, 1), YearMonth.of(2024, 1));
        }
        Path broken = drop.resolve("minzdrav_2024-02.xlsx");
        // A ZIP's signature and nothing of a workbook after it: a transfer cut short.
        Files.write(broken, "PK\u0003\u0004 файл оборван при передаче".getBytes(StandardCharsets.UTF_8));
        String copies = "meta.quarantine WHERE source = 'minzdrav_2024-02.xlsx'";
        try (JobService service = service(source("health", drop))) {
            LoadResult first = service.run("health", RunOptions.INCREMENTAL, LoadListener.none());
            assertThat(first.published()).as(first.error()).isTrue();
            assertThat(first.quarantined()).isEqualTo(1);
            assertThat(TestLoad.count(store, copies)).isEqualTo(1);
            assertThat(TestLoad.strings(store, "SELECT name FROM meta.load_source WHERE load_id = " + first.loadId()
                    + " ORDER BY name")).containsExactly("minzdrav_2024-01.xlsx", "minzdrav_2024-02.xlsx");
            long version = store.currentVersion().orElseThrow().version();

            for (int day = 2; day <= 3; day++) {
                LoadResult again = service.run("health", RunOptions.INCREMENTAL, LoadListener.none());
                assertThat(again.status()).as("day " + day + ": " + again.error()).isEqualTo(LoadResult.Status.UNCHANGED);
                assertThat(TestLoad.count(store, copies)).as("day " + day + ": no copy of the record").isEqualTo(1);
            }
            assertThat(store.currentVersion().orElseThrow().version()).as("no data version for nothing new").isEqualTo(version);

            Files.write(broken, "PK\u0003\u0004 файл снова оборван, другие байты".getBytes(StandardCharsets.UTF_8));
            LoadResult resent = service.run("health", RunOptions.INCREMENTAL, LoadListener.none());
            assertThat(resent.published()).as(resent.error()).isTrue();
            assertThat(resent.quarantined()).isEqualTo(1);
            assertThat(TestLoad.count(store, copies)).as("one record for each version of the file").isEqualTo(2);
        }
    }

    @Test
    void labourFromThePortalSimulatorServing() throws Exception {
        LabourPortalSimulator.Demo demo = LabourPortalSimulator.demo(17, YearMonth.of(2024, 3), YearMonth.of(2024, 3));
        try (LabourPortalSimulator portal = demo.serve(LabourPortalSimulator.Faults.none());
             JobService service = service(Map.of("labour", Map.of("source", portal.baseUri().toString(),
                     "requests_per_second", 1000)))) {
            LoadResult result = service.run("labour", RunOptions.INCREMENTAL, LoadListener.none());

            long records = demo.unemployment().size() + demo.vacancies().size();
            assertThat(result.published()).as(result.error()).isTrue();
            assertThat(result.tables()).containsExactly(new TableCounts("labour.market", records, records, 0));
            assertThat(TestLoad.count(store, "labour.market")).isEqualTo(demo.market().size());
        }
    }

    @Test
    void labourWithoutAPortalFailsSayingWhatToConfigure() {
        try (JobService service = service(Map.of())) {
            LoadResult result = service.run("labour", RunOptions.INCREMENTAL, LoadListener.none());
            assertThat(result.published()).isFalse();
            assertThat(result.error()).contains("jobs.labour.source", "VITRINA_JOBS_LABOUR_SOURCE");
        }
    }

    @Test
    void populationFromAFolderAndFromAUrl() throws Exception {
        Path drop = Files.createDirectories(folder.resolve("population"));
        EmissPopulationSimulator simulator;
        try (Connection connection = store.connect()) {
            simulator = EmissPopulationSimulator.fromReference(connection, 4);
        }
        simulator.write(drop.resolve("emiss_2023.xml"));
        int figures = simulator.figures().size();
        try (JobService service = service(source("population", drop))) {
            LoadResult result = service.run("population", RunOptions.INCREMENTAL, LoadListener.none());
            assertThat(result.published()).as(result.error()).isTrue();
            assertThat(result.tables()).containsExactly(new TableCounts("ref.population", figures, figures, 0));
        }
        HttpServer server = serve(drop.resolve("emiss_2023.xml"));
        try (JobService service = service(source("population", "http://127.0.0.1:" + server.getAddress().getPort()
                + "/emiss/emiss_2023.xml"))) {
            LoadResult result = service.run("population", RunOptions.INCREMENTAL, LoadListener.none());
            assertThat(result.published()).as(result.error()).isTrue();
            assertThat(result.loaded()).isEqualTo(figures);
            assertThat(TestLoad.count(store, "ref.population WHERE load_id = " + result.loadId())).isEqualTo(figures);
        } finally {
            server.stop(0);
        }
    }

    /**
     * {@code jobs.quality_rules} points the jobs at a deployment's own rules folder: its rules, not the shipped
     * ones, give the findings of a load; the environment wins over the file, and a folder that is not there stops
     * the start naming it.
     */
    @Test
    void theConfiguredQualityRulesFolderReplacesTheShippedRules() throws Exception {
        Path drop = Files.createDirectories(folder.resolve("population"));
        try (Connection connection = store.connect()) {
            EmissPopulationSimulator.fromReference(connection, 4).write(drop.resolve("emiss_2023.xml"));
        }
        Path rules = Files.createDirectories(folder.resolve("own-rules"));
        Files.writeString(rules.resolve("population.yaml"), "table: ref.population\nkey: [oktmo, year]\nrules:\n"
                + "  - {name: large_municipality, severity: warning, range: {column: population, max: 20000}}\n");
        Map<String, Object> section = Map.of("population", Map.of("source", drop.toString()),
                "quality_rules", rules.toString());
        JobSettings settings = JobSettings.from(section, Map.of(), Map.of());
        assertThat(settings.qualityRules()).contains(rules);
        try (JobService service = new JobService(store, settings)) {
            LoadResult result = service.run("population", RunOptions.INCREMENTAL, LoadListener.none());
            assertThat(result.published()).as(result.error()).isTrue();
            long large = TestLoad.count(store, "ref.population WHERE load_id = " + result.loadId() + " AND population > 20000");
            assertThat(large).isPositive();
            assertThat(TestLoad.strings(store, "SELECT rule || ':' || subject FROM meta.quality WHERE load_id = "
                    + result.loadId())).containsExactly("large_municipality:" + large + " строк / rows");
        }

        Path other = folder.resolve("other-rules");
        assertThat(JobSettings.from(section, Map.of("VITRINA_JOBS_QUALITY_RULES", other.toString()), Map.of())
                .qualityRules()).contains(other);
        assertThatThrownBy(() -> new JobService(store, JobSettings.from(Map.of("quality_rules", other.toString()),
                Map.of(), Map.of()))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jobs.quality_rules").hasMessageContaining(other.toAbsolutePath().toString());
        assertThat(JobSettings.from(Map.of(), Map.of(), Map.of()).rules().rules())
                .extracting(ru.vitrina.ingest.quality.QualityRules.Rule::name).contains("population_plausible");
    }

    @Test
    void aFileGivenForOneRunReplacesTheConfiguredSource() throws Exception {
        Path file = folder.resolve("one.xlsx");
        try (Connection connection = store.connect()) {
            HealthReportSimulator.fromReference(connection, 3).writeWorkbook(file, YearMonth.of(2024, 5));
        }
        try (JobService service = service(source("health", folder.resolve("empty-and-absent")))) {
            LoadResult result = service.run("health", RunOptions.file(file, false), LoadListener.none());
            assertThat(result.published()).as(result.error()).isTrue();
            assertThat(result.loaded()).isEqualTo(420);
        }
    }

    @Test
    void settingsComeFromTheSectionUnderTheEnvironment() {
        Map<String, Object> section = new HashMap<>();
        section.put("health", Map.of("cron", "0 30 6 * * ?", "source", "/srv/drop/health"));
        section.put("budget", Map.of("source", "jdbc:postgresql://db:5432/budget", "schema", "ufk"));
        JobSettings settings = JobSettings.from(section, Map.of("VITRINA_JOBS_HEALTH_SOURCE", "/mnt/health",
                "VITRINA_JOBS_LABOUR_SOURCE", "https://opendata.trudvsem.ru"), Map.of());
        assertThat(settings.source("health")).isEqualTo(new JobSettings.Source("0 30 6 * * ?", "/mnt/health"));
        assertThat(settings.source("labour").remote()).isTrue();
        assertThat(settings.source("procurement")).isEqualTo(new JobSettings.Source(JobDefinition.DAILY, "data/drop/procurement"));
        assertThat(settings.budget().table()).isEqualTo("ufk.operation");
        assertThat(settings.budget().url()).isEqualTo("jdbc:postgresql://db:5432/budget");
        assertThat(settings.schedule()).as("a configured source switches the schedule on").isTrue();
        assertThat(JobSettings.from(section, Map.of("VITRINA_JOBS_SCHEDULE", "off"), Map.of()).schedule()).isFalse();
        assertThat(JobSettings.from(Map.of(), Map.of(), Map.of()).schedule()).isFalse();
    }

    @Test
    void aBudgetSourceThatIsNotAJdbcUrlIsTheTreasuryExportToRead() {
        JobSettings export = JobSettings.from(Map.of("budget", Map.of("source", "/srv/drop/budget/treasury_export.csv")),
                Map.of(), Map.of());
        assertThat(export.budgetExport()).contains(Path.of("/srv/drop/budget/treasury_export.csv"));
        assertThat(export.budget().url()).as("the system's default stays for a run given --pg options").isEqualTo(BudgetSource.DEFAULT_URL);
        assertThat(JobSettings.from(Map.of(), Map.of(), Map.of()).budgetExport()).isEmpty();
        assertThat(JobSettings.from(Map.of(), Map.of("VITRINA_BUDGET_PG_URL", "jdbc:postgresql://db/budget"), Map.of())
                .budgetExport()).isEmpty();
        assertThat(export.withBudget(BudgetSource.local("budget_src")).budgetExport())
                .as("a system given on the command line replaces the export").isEmpty();
    }

    @Test
    void aMistakeInTheSectionNamesTheSetting() {
        assertThatThrownBy(() -> JobSettings.from(Map.of("helth", Map.of()), Map.of(), Map.of()))
                .hasMessageContaining("unknown job 'helth'");
        assertThatThrownBy(() -> JobSettings.from(Map.of("health", Map.of("sorce", "/x")), Map.of(), Map.of()))
                .hasMessageContaining("jobs.health: unknown setting 'sorce'");
        assertThatThrownBy(() -> JobSettings.from(Map.of("health", "/x"), Map.of(), Map.of()))
                .hasMessageContaining("jobs.health must be a mapping");
    }

    /** Serves {@code file} at any path on a loopback port; other files' paths answer 404. */
    private static HttpServer serve(Path file) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String name = exchange.getRequestURI().getPath();
            if (!Files.exists(file) || !name.endsWith("/" + file.getFileName())) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            byte[] body = Files.readAllBytes(file);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }
}
