package ru.vitrina.api.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import ru.vitrina.api.config.VitrinaConfig;
import ru.vitrina.api.server.Application;
import ru.vitrina.api.server.TestServer;
import ru.vitrina.api.server.VitrinaServer;
import ru.vitrina.dashboards.DashboardChecker;
import ru.vitrina.engine.access.Role;
import ru.vitrina.engine.store.Store;
import ru.vitrina.ingest.demo.DemoRegion;
import ru.vitrina.ingest.demo.DemoSize;
import ru.vitrina.ingest.demo.ProgressListener;
import ru.vitrina.ingest.sources.DemoPipeline;
import ru.vitrina.ingest.sources.DemoSources;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code vitrina demo} at the test size into a temporary store: the region arrives through the five simulated
 * source systems and the five jobs, and what the screens need is there. Compared with the direct generator
 * ({@link DemoRegion}) run for the same seed and size.
 */
class DemoPipelineTest {
    /** The API tests' seed: at the test size its 250 contracts give every screen's filter some rows. */
    private static final long SEED = TestServer.SEED;
    private static Path folder;
    private static Store loaded;
    private static Store generated;

    @BeforeAll
    static void runTheDemoCommand() throws Exception {
        folder = Files.createTempDirectory("vitrina-demo-pipeline");
        int exit = new CommandLine(new Main()).execute("demo", "--no-serve", "--size", "test", "--seed", Long.toString(SEED),
                "--store", folder.resolve("vitrina.duckdb").toString());
        assertThat(exit).isZero();
        loaded = Store.open(folder.resolve("vitrina.duckdb"));
        generated = Store.open(folder.resolve("generated.duckdb"));
        new DemoRegion(SEED, DemoSize.TEST).generate(generated, ProgressListener.none());
    }

    @AfterAll
    static void close() throws IOException {
        loaded.close();
        generated.close();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    @Test
    void theJobHistoryHoldsAPublishedLoadOfEveryJobAfterTheReferenceData() throws SQLException {
        List<String> jobs = new ArrayList<>();
        List<String> rows = rows(loaded, "SELECT job || ' ' || status || ' ' || (data_version IS NOT NULL)"
                + " || ' ' || (finished_at IS NOT NULL) FROM meta.load ORDER BY load_id");
        jobs.add("reference published true true");
        DemoPipeline.JOBS.forEach(job -> jobs.add(job + " published true true"));
        assertThat(rows).containsExactlyElementsOf(jobs);
    }

    @Test
    void everyTableOfEveryLoadReadsWhatItLoadedPlusWhatItQuarantinedAndOnlyTheInjectedFaultsAreQuarantined()
            throws SQLException {
        assertThat(rows(loaded, "SELECT target FROM meta.load_table WHERE rows_read <> rows_loaded + rows_quarantined"))
                .isEmpty();
        assertThat(rows(loaded, "SELECT DISTINCT job FROM meta.load JOIN meta.load_table USING (load_id)"))
                .containsAll(DemoPipeline.JOBS);
        Map<String, Integer> quarantined = new LinkedHashMap<>();
        for (String row : rows(loaded, "SELECT job || '=' || count(*) FROM meta.quarantine GROUP BY job ORDER BY job")) {
            quarantined.put(row.substring(0, row.indexOf('=')), Integer.parseInt(row.substring(row.indexOf('=') + 1)));
        }
        assertThat(quarantined).isEqualTo(DemoSources.INJECTED_FAULTS);
        assertThat(rows(loaded, "SELECT sum(rows_quarantined)::VARCHAR FROM meta.load_table"))
                .containsExactly(Integer.toString(DemoSources.INJECTED_FAULTS.values().stream().mapToInt(Integer::intValue).sum()));
        List<String> reasons = rows(loaded, "SELECT job || ': ' || reason FROM meta.quarantine ORDER BY job, position");
        assertThat(String.join("\n", reasons)).contains("69999000").contains("31.02.").contains("12 5О0,00")
                .contains("не указан");
    }

    @Test
    void aBudgetRowLeadsToItsLoadAndItsLoadToTheChecksumOfTheTreasuryFile() throws Exception {
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(folder.resolve("sources").resolve("budget").resolve(DemoSources.BUDGET_FILE))));
        List<String> lineage = rows(loaded, "SELECT l.job || ' ' || s.sha256 FROM (SELECT load_id FROM budget.execution"
                + " ORDER BY operation_id LIMIT 1) e JOIN meta.load l USING (load_id) JOIN meta.load_source s USING (load_id)");
        assertThat(lineage).containsExactly("budget " + sha256);
    }

    @Test
    void theLoadedRegionHasTheGeneratorsRowsMonthByMonth() throws SQLException {
        for (String query : List.of(
                byMonth("operation_date", "count(*) || ' ' || sum(fact_amount) || ' ' || sum(plan_amount) || ' '"
                        + " || count(DISTINCT municipality_oktmo)", "budget.execution"),
                byMonth("sign_date", "count(*) || ' ' || sum(contract_price) || ' ' || count(DISTINCT oktmo)",
                        "procurement.contract"),
                byMonth("report_month", "count(*) || ' ' || sum(vacancies) || ' ' || sum(offered_salary_total) || ' '"
                        + " || sum(registered_unemployed) || ' ' || count(DISTINCT oktmo)", "labour.market"))) {
            assertThat(rows(loaded, query)).as(query).isNotEmpty().containsExactlyElementsOf(rows(generated, query));
        }
        // Health comes from the ministry's workbooks, a simulator of its own: the same panel, other figures.
        for (String table : List.of("health.morbidity", "health.resources")) {
            String query = byMonth("report_month", "count(*) || ' ' || count(DISTINCT oktmo)", table);
            assertThat(rows(loaded, query)).as(query).hasSize(46).containsExactlyElementsOf(rows(generated, query));
        }
        assertThat(rows(loaded, "SELECT count(*)::VARCHAR FROM ref.population WHERE source = 'ЕМИСС'"))
                .isEqualTo(rows(loaded, "SELECT count(*)::VARCHAR FROM ref.population"));
    }

    @Test
    void everyQueryOfEveryShippedScreenHasDataAndTheQuarantineIsShownToTheAdministrator() throws Exception {
        VitrinaConfig config = VitrinaConfig.DEMO.withStore(folder.resolve("vitrina.duckdb")).withPort(0)
                .withJobs(DemoSources.filesSection(folder.resolve("sources")));
        ObjectMapper json = new ObjectMapper();
        HttpClient http = HttpClient.newHttpClient();
        try (Application application = Application.open(config, loaded)) {
            Map<Role, String> tokens = TestServer.tokens(application);
            try (VitrinaServer server = new VitrinaServer(application).start("127.0.0.1", 0)) {
                String base = "http://127.0.0.1:" + server.port();
                JsonNode list = json.readTree(get(http, base + "/api/v1/dashboards", tokens.get(Role.VIEWER))).get("dashboards");
                int queries = 0;
                for (JsonNode item : list) {
                    String id = item.get("id").asText();
                    JsonNode definition = json.readTree(get(http, base + "/api/v1/dashboards/" + id, tokens.get(Role.VIEWER)));
                    for (JsonNode widget : definition.get("widgets")) {
                        for (DashboardChecker.NamedQuery query : DashboardChecker.queries(widget)) {
                            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/load"))
                                    .header("Authorization", "Bearer " + tokens.get(Role.VIEWER))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(query.query().toString(), StandardCharsets.UTF_8))
                                    .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                            String where = id + "/" + widget.get("id").asText() + "/" + query.path();
                            assertThat(answer.statusCode()).as(where).isEqualTo(200);
                            assertThat(json.readTree(answer.body()).get("data").size()).as(where).isPositive();
                            queries++;
                        }
                    }
                }
                assertThat(queries).isGreaterThan(60);
                String budgetLoad = rows(loaded, "SELECT load_id::VARCHAR FROM meta.load WHERE job = 'budget'").get(0);
                assertThat(get(http, base + "/api/v1/admin/loads/" + budgetLoad + "/quarantine", tokens.get(Role.ADMINISTRATOR)))
                        .contains("31.02.").contains("69999000");
            }
        }
    }

    /** One line per month of {@code table}: the month, then {@code figures}. */
    private static String byMonth(String date, String figures, String table) {
        String month = "strftime(" + date + ", '%Y-%m')";
        return "SELECT " + month + " || ' ' || " + figures + " FROM " + table + " GROUP BY " + month + " ORDER BY " + month;
    }

    private static String get(HttpClient http, String uri, String token) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(uri))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as(uri).isEqualTo(200);
        return response.body();
    }

    private static List<String> rows(Store store, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = store.connect(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }
}
