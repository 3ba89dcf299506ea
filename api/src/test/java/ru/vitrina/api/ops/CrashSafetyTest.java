package ru.vitrina.api.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ru.vitrina.api.config.VitrinaConfig;
import ru.vitrina.api.server.Application;
import ru.vitrina.api.server.TestServer;
import ru.vitrina.engine.access.Role;
import ru.vitrina.engine.store.DataVersion;
import ru.vitrina.engine.store.Store;
import ru.vitrina.ingest.budget.TreasuryCsvExport;
import ru.vitrina.ingest.demo.DemoRegion;
import ru.vitrina.ingest.demo.DemoSize;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Crash safety (issue 9) with real processes: Vitrina runs in a child JVM and is killed with SIGKILL during a load,
 * during queries and during a backup. After each kill the store opens, the last published version is served, and
 * every table holds exactly the rows and checksums it held before ({@link TableChecksum}); an interrupted load reruns
 * cleanly, adding its rows once.
 */
class CrashSafetyTest {
    /** Enough budget rows that a backup and a CSV load last long enough to be killed midway. */
    private static final DemoSize SIZE = DemoSize.of("crash", 200_000);
    private static final int CSV_ROWS = 400_000;
    private static final String QUERY = "{\"measures\":[\"budget.plan\",\"budget.fact\"],\"dimensions\":[\"budget.municipality\"],"
            + "\"timeDimensions\":[{\"dimension\":\"budget.operation_date\",\"granularity\":\"month\"}]}";

    private final HttpCalls http = new HttpCalls();
    private final ObjectMapper json = new ObjectMapper();

    /** The reading stage's bar once it shows a share: the load has read rows into its work folder. */
    private static final Pattern READING_ROWS = Pattern.compile("reading the file +\\d+%");

    /** The store generated once; each test works on its own copy. */
    private static Path template;

    @TempDir
    Path folder;
    private Path store;

    @BeforeAll
    static void generate(@TempDir Path shared) {
        template = shared.resolve("template.duckdb");
        try (Store opened = Store.open(template)) {
            new DemoRegion(20261126L, SIZE).generate(opened, (stage, done, total) -> { });
            // Opening the application builds the rollup tables, as the first start of a server does.
            Application.open(VitrinaConfig.DEMO.withStore(template).withPort(0), opened).close();
        }
    }

    /** API tokens of the demo users, issued into this copy's own users file, which the child server then reads. */
    private Map<Role, String> tokens;

    @BeforeEach
    void copy() throws IOException {
        store = Files.copy(template, folder.resolve("vitrina.duckdb"));
        try (Store opened = Store.open(store);
             Application application = Application.open(VitrinaConfig.DEMO.withStore(store).withPort(0), opened)) {
            tokens = TestServer.tokens(application);
        }
    }

    @Test
    void killedDuringALoadKeepsThePublishedDataAndTheLoadRerunsOnce() throws Exception {
        Snapshot before = snapshot();
        Path csv = writeCsv(before.maxOperationId + 1);

        ChildVitrina load = ChildVitrina.start(folder.resolve("load-1.log"), "ingest", "run", "budget", "--csv", csv.toString(),
                "--store", store.toString());
        // The bar of the reading stage has a percentage once the load reads rows inside its transaction.
        load.await("progress of the load", () -> READING_ROWS.matcher(load.output()).find());
        load.kill();
        assertThat(load.output()).as("the load finished before the kill; make the file larger").doesNotContain("published as data version");
        assertThat(workFoldersOf(load.pid())).as("the killed load's work folder, left behind").hasSize(1);

        Snapshot afterKill = snapshot();
        assertThat(afterKill.version).isEqualTo(before.version);
        assertThat(withoutLoadLog(afterKill.tables)).isEqualTo(withoutLoadLog(before.tables));
        // The load's own running row was committed on its own before the data; it is all that remains of it.
        assertThat(afterKill.rows("meta.load")).isEqualTo(before.rows("meta.load") + 1);

        try (ChildVitrina server = serve("serve-1.log")) {
            JsonNode ready = json.readTree(get(server, "/ready").body());
            assertThat(ready.get("status").asText()).isEqualTo("not_ready");
            assertThat(ready.get("reasons").toString()).contains("budget");
            HttpResponse<String> answer = get(server, "/api/v1/load?query=" + URLEncoder.encode(QUERY, StandardCharsets.UTF_8));
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.headers().firstValue("X-Vitrina-Data-Version")).hasValue(Long.toString(before.version));
        }

        ChildVitrina rerun = ChildVitrina.start(folder.resolve("load-2.log"), "ingest", "run", "budget", "--csv", csv.toString(),
                "--store", store.toString());
        assertThat(rerun.waitForExit()).as(rerun.output()).isZero();
        assertThat(workFoldersOf(load.pid())).as("the rerun removes the killed load's work files").isEmpty();

        Snapshot afterRerun = snapshot();
        assertThat(afterRerun.version).isGreaterThan(before.version);
        assertThat(afterRerun.rows("budget.execution")).isEqualTo(before.rows("budget.execution") + CSV_ROWS);
        assertThat(afterRerun.distinctOperations).isEqualTo(afterRerun.rows("budget.execution"));
        assertThat(afterRerun.loadStatuses).containsEntry("published", before.loadStatuses.getOrDefault("published", 0L) + 1)
                .containsEntry("failed", before.loadStatuses.getOrDefault("failed", 0L) + 1)
                .doesNotContainKey("running");
        // Tables the budget load does not write are untouched.
        assertThat(untouchedByBudget(afterRerun.tables)).isEqualTo(untouchedByBudget(before.tables));
    }

    @Test
    void killedWhileAnsweringQueriesServesTheSameVersionAndLosesNothing() throws Exception {
        Snapshot before = snapshot();
        AtomicInteger answered = new AtomicInteger();
        try (ChildVitrina server = serve("serve-1.log")) {
            List<CompletableFuture<Void>> clients = Stream.generate(() -> CompletableFuture.runAsync(() -> {
                try {
                    while (server.alive()) {
                        // A new limit each time: a new statement, so every query reads the store instead of the cache.
                        String query = QUERY.replace("}]}", "}],\"limit\":" + (1 + answered.get()) + "}");
                        get(server, "/api/v1/load?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
                        answered.incrementAndGet();
                    }
                } catch (RuntimeException stopped) {
                    // The server died under the request: that is the point.
                }
            })).limit(4).toList();
            server.await("answered queries", () -> answered.get() >= 20);
            server.kill();
            CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).join();
        }
        assertThat(snapshot().tables).isEqualTo(before.tables);

        try (ChildVitrina server = serve("serve-2.log")) {
            assertThat(get(server, "/ready").statusCode()).isEqualTo(200);
            HttpResponse<String> answer = get(server, "/api/v1/load?query=" + URLEncoder.encode(QUERY, StandardCharsets.UTF_8));
            assertThat(answer.headers().firstValue("X-Vitrina-Data-Version")).hasValue(Long.toString(before.version));
        }
    }

    @Test
    void killedDuringABackupLeavesNoBackupThatLooksCompleteAndTheNextOneVerifies() throws Exception {
        Snapshot before = snapshot();
        Path backups = folder.resolve("backups");
        try (ChildVitrina server = serve("serve-1.log")) {
            AtomicReference<Throwable> request = new AtomicReference<>();
            CompletableFuture.runAsync(() -> http.post(uri(server, "/api/v1/admin/backup"), "", "Authorization", "Bearer " + tokens.get(Role.ADMINISTRATOR)))
                    .whenComplete((ignored, error) -> request.set(error));
            server.await("a backup being written", () -> list(backups).stream().anyMatch(p -> p.getFileName().toString().endsWith(".partial")));
            server.kill();
        }
        assertThat(list(backups)).as("only the hidden partial folder, never one named like a finished backup")
                .allSatisfy(path -> assertThat(path.getFileName().toString()).startsWith(".").endsWith(".partial"));
        assertThat(snapshot().tables).isEqualTo(before.tables);

        try (ChildVitrina server = serve("serve-2.log")) {
            HttpResponse<String> backup = http.post(uri(server, "/api/v1/admin/backup"), "", "Authorization", "Bearer " + tokens.get(Role.ADMINISTRATOR));
            assertThat(backup.statusCode()).as(backup.body()).isEqualTo(201);
            JsonNode manifest = json.readTree(backup.body()).get("manifest");
            assertThat(manifest.get("dataVersion").asLong()).isEqualTo(before.version);
            Map<String, TableChecksum> written = new LinkedHashMap<>();
            manifest.get("tables").forEach(table -> written.put(table.get("table").asText(),
                    new TableChecksum(table.get("table").asText(), table.get("rows").asLong(), table.get("checksum").asText())));
            assertThat(written).isEqualTo(before.tables);
        }
    }

    // --- the store as a test sees it, opened in this JVM after the child is gone

    private record Snapshot(long version, Map<String, TableChecksum> tables, long maxOperationId, long distinctOperations,
                            Map<String, Long> loadStatuses) {
        long rows(String table) {
            return tables.get(table).rows();
        }
    }

    private Snapshot snapshot() throws SQLException {
        try (Store opened = Store.open(store); Connection connection = opened.connect()) {
            connection.setAutoCommit(false);
            Map<String, TableChecksum> tables = new LinkedHashMap<>();
            for (TableChecksum table : TableChecksum.all(connection)) {
                tables.put(table.table(), table);
            }
            Map<String, Long> statuses = new LinkedHashMap<>();
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT status, count(*) FROM meta.load GROUP BY 1")) {
                while (rows.next()) {
                    statuses.put(rows.getString(1), rows.getLong(2));
                }
            }
            long version = DataVersion.current(connection).orElseThrow().version();
            Snapshot snapshot = new Snapshot(version, tables, single(connection, "SELECT max(operation_id) FROM budget.execution"),
                    single(connection, "SELECT count(DISTINCT operation_id) FROM budget.execution"), statuses);
            connection.commit();
            return snapshot;
        }
    }

    private static long single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static Map<String, TableChecksum> withoutLoadLog(Map<String, TableChecksum> tables) {
        Map<String, TableChecksum> rest = new LinkedHashMap<>(tables);
        rest.remove("meta.load");
        return rest;
    }

    /** Tables outside what a budget load writes: its own table, its rollups and the load's bookkeeping. */
    private static Map<String, TableChecksum> untouchedByBudget(Map<String, TableChecksum> tables) {
        Map<String, TableChecksum> rest = new LinkedHashMap<>(tables);
        rest.keySet().removeIf(name -> name.startsWith("budget.") || name.startsWith("meta.") || name.startsWith("rollup"));
        return rest;
    }

    /** New operations (ids after the store's last) in the Treasury export format, with codes the store knows. */
    private Path writeCsv(long firstId) throws IOException, SQLException {
        String[] codes;
        try (Store opened = Store.open(store); Connection connection = opened.connect();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT oktmo, administrator_code, subsection_code, target_article, expense_type "
                     + "FROM budget.execution ORDER BY operation_id LIMIT 1")) {
            row.next();
            codes = new String[] {row.getString(1), row.getString(2), row.getString(3), row.getString(4), row.getString(5)};
        }
        return TreasuryCsvExport.writeOperations(folder.resolve("export.csv"), firstId, CSV_ROWS, "ПП-2026-", codes);
    }

    // --- the server child

    private ChildVitrina serve(String log) throws IOException {
        int port = ChildVitrina.freePort();
        Path config = folder.resolve("vitrina-" + port + ".yaml");
        Files.writeString(config, "server: {host: 127.0.0.1, port: " + port + "}\nstore: {path: '" + store + "'}\n");
        ChildVitrina server = ChildVitrina.start(folder.resolve(log), "serve", "--config", config.toString());
        server.await("the server listening", () -> {
            try {
                return http.get(URI.create("http://127.0.0.1:" + port + "/health")).statusCode() == 200;
            } catch (UncheckedIOException notYet) {
                return false;
            }
        });
        ports.put(server, port);
        return server;
    }

    private final Map<ChildVitrina, Integer> ports = new java.util.IdentityHashMap<>();

    private URI uri(ChildVitrina server, String path) {
        return URI.create("http://127.0.0.1:" + ports.get(server) + path);
    }

    private HttpResponse<String> get(ChildVitrina server, String path) {
        return http.get(uri(server, path), "Authorization", "Bearer " + tokens.get(Role.ANALYST));
    }

    private static List<Path> list(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The folders of work files ({@code WorkFolder}) that the process {@code pid} made under the temporary folder. */
    private static List<Path> workFoldersOf(long pid) throws IOException {
        Path root = Path.of(System.getProperty("java.io.tmpdir"), "vitrina-work");
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> folders = Files.list(root)) {
            return folders.filter(folder -> folder.getFileName().toString().contains("-" + pid + "-")).toList();
        }
    }
}
