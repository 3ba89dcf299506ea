package ru.vitrina.api.ops;

import java.util.Map;
import ru.vitrina.api.server.TestServer;
import ru.vitrina.engine.access.Role;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import ru.vitrina.api.cli.Main;
import ru.vitrina.api.config.VitrinaConfig;
import ru.vitrina.api.server.Application;
import ru.vitrina.api.server.VitrinaServer;
import ru.vitrina.engine.store.Store;
import ru.vitrina.ingest.demo.DemoRegion;
import ru.vitrina.ingest.demo.DemoSize;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A backup taken from the running server while queries run, restored into a new file, equals the original table
 * by table (rows and checksums); the offline commands do the same for a stopped server.
 */
class BackupRestoreTest {
    private static final String[] QUERIES = {
            """
            {"query": {"measures": ["budget.fact", "budget.plan"], "dimensions": ["budget.municipality_name"]}}""",
            """
            {"query": {"measures": ["budget.fact"], "timeDimensions": [{"dimension": "budget.operation_date", "granularity": "month"}]}}""",
            """
            {"query": {"measures": ["budget.fact"], "dimensions": ["budget.section"], "total": true}}"""};

    private static Path folder;
    private static Store store;
    private static Application application;
    private static VitrinaServer server;
    private static Map<Role, String> tokens;
    private final HttpCalls http = new HttpCalls();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void startServerOverDemoData() throws Exception {
        folder = Files.createTempDirectory("vitrina-backup-test");
        store = Store.open(folder.resolve("vitrina.duckdb"));
        new DemoRegion(20261125L, DemoSize.TEST).generate(store, (stage, done, total) -> { });
        application = Application.open(VitrinaConfig.DEMO.withStore(folder.resolve("vitrina.duckdb")).withPort(0), store);
        server = new VitrinaServer(application).start("127.0.0.1", 0);
        tokens = TestServer.tokens(application);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (application != null) {
            application.close();
        }
        if (store != null) {
            store.close();
        }
    }

    @Test
    void onlineBackupWhileQueriesRunRestoresEveryTableEqual(@TempDir Path temp) throws Exception {
        List<TableChecksum> original;
        try (Connection connection = store.connect()) {
            original = TableChecksum.all(connection);
        }
        assertThat(original).extracting(TableChecksum::table).contains("budget.execution", "meta.data_version", "ref.territory");
        assertThat(original).filteredOn(t -> t.table().equals("budget.execution")).allMatch(t -> t.rows() > 0);

        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(3);
        List<Future<Integer>> answered = new ArrayList<>();
        try {
            for (String query : QUERIES) {
                answered.add(clients.submit(() -> {
                    int count = 0;
                    // Bounded: at most 2000 requests per client even if the backup were slow.
                    while ((running.get() || count == 0) && count < 2000) {
                        HttpResponse<String> response = http.post(uri("/api/v1/load"), query, "Authorization", "Bearer " + tokens.get(Role.ANALYST));
                        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                        count++;
                    }
                    return count;
                }));
            }
            HttpResponse<String> response = http.post(uri("/api/v1/admin/backup"), "", "Authorization", "Bearer " + tokens.get(Role.ADMINISTRATOR));
            running.set(false);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            for (Future<Integer> client : answered) {
                assertThat(client.get()).isPositive();
            }

            JsonNode body = json.readTree(response.body());
            assertThat(body.get("manifest").get("createdAt").asText()).as("ISO-8601, not epoch seconds").contains("T");
            Path backup = Path.of(body.get("path").asText());
            assertThat(backup).startsWith(folder.resolve("backups")).isDirectory();
            assertThat(backup.resolve(BackupManifest.FILE_NAME)).isRegularFile();
            assertThat(backup.resolveSibling("." + backup.getFileName() + ".partial")).doesNotExist();
            BackupManifest manifest = BackupManifest.read(backup);
            assertThat(manifest.dataVersion()).isEqualTo(store.publishedVersion().orElseThrow().version());
            assertThat(manifest.tables()).isEqualTo(original);

            Path restoredFile = temp.resolve("restored.duckdb");
            StoreBackup.RestoreResult result = new StoreBackup(Clock.systemUTC()).restore(backup, restoredFile);
            assertThat(result.previous()).isNull();
            assertThat(checksums(restoredFile)).isEqualTo(original);

            // Restoring over an existing file keeps the old one aside.
            StoreBackup.RestoreResult again = new StoreBackup(Clock.systemUTC()).restore(backup, restoredFile);
            assertThat(again.previous()).isNotNull().exists();
            assertThat(checksums(restoredFile)).isEqualTo(original);

            // The restored file is a working store: the server opens it and answers from it.
            try (Store reopened = Store.open(restoredFile)) {
                assertThat(reopened.currentVersion()).hasValueSatisfying(v -> assertThat(v.version()).isEqualTo(manifest.dataVersion()));
            }
        } finally {
            running.set(false);
            clients.shutdownNow();
        }
    }

    @Test
    void aSecondBackupIntoTheSameFolderIsRefused(@TempDir Path temp) throws Exception {
        Path target = temp.resolve("b");
        StoreBackup backups = new StoreBackup(Clock.systemUTC());
        try (Connection connection = store.connect()) {
            backups.backup(connection, "test", target);
            assertThatThrownBy(() -> backups.backup(connection, "test", target))
                    .isInstanceOf(OpsException.class).hasMessageContaining("already exists");
        }
    }

    @Test
    void restoreRefusesAFolderThatIsNotABackup(@TempDir Path temp) {
        assertThatThrownBy(() -> new StoreBackup(Clock.systemUTC()).restore(temp, temp.resolve("x.duckdb")))
                .isInstanceOf(OpsException.class).hasMessageContaining(BackupManifest.FILE_NAME);
        assertThat(temp.resolve("x.duckdb")).doesNotExist();
    }

    @Test
    void restoreRefusesATamperedBackupAndLeavesTheStoreAlone(@TempDir Path temp) throws Exception {
        Path backup = temp.resolve("b");
        try (Connection connection = store.connect()) {
            new StoreBackup(Clock.systemUTC()).backup(connection, "test", backup);
        }
        // Lose the rows of one table from the export: the restore must notice.
        Path load = backup.resolve("load.sql");
        List<String> statements = Files.readAllLines(load).stream().filter(line -> !line.contains("ref_territory")).toList();
        Files.write(load, statements);
        assertThatThrownBy(() -> new StoreBackup(Clock.systemUTC()).restore(backup, temp.resolve("r.duckdb")))
                .isInstanceOf(OpsException.class).hasMessageContaining("ref.territory");
        assertThat(temp.resolve("r.duckdb")).doesNotExist();
    }

    @Test
    void offlineCommandsBackUpAndRestoreAStoppedStore(@TempDir Path temp) throws Exception {
        // A stopped server's file: a copy of the store made by a backup-restore, which nothing holds open.
        Path stopped = temp.resolve("stopped.duckdb");
        Path seed = temp.resolve("seed");
        try (Connection connection = store.connect()) {
            new StoreBackup(Clock.systemUTC()).backup(connection, "test", seed);
        }
        new StoreBackup(Clock.systemUTC()).restore(seed, stopped);
        List<TableChecksum> before = checksums(stopped);

        Path backup = temp.resolve("cli-backup");
        assertThat(new CommandLine(new Main()).execute("backup", "--store", stopped.toString(), "--to", backup.toString())).isZero();
        assertThat(checksums(stopped)).as("a backup does not change the store").isEqualTo(before);
        Path restored = temp.resolve("cli-restored.duckdb");
        assertThat(new CommandLine(new Main()).execute("restore", "--from", backup.toString(), "--store", restored.toString())).isZero();
        assertThat(checksums(restored)).isEqualTo(before);

        assertThat(new CommandLine(new Main()).execute("backup", "--store", temp.resolve("none.duckdb").toString(),
                "--to", temp.resolve("x").toString())).isEqualTo(1);
    }

    private static List<TableChecksum> checksums(Path file) throws Exception {
        try (Connection connection = DuckDbFiles.openReadOnly(file)) {
            return TableChecksum.all(connection);
        }
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
