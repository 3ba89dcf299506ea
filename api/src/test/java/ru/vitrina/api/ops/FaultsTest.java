package ru.vitrina.api.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ru.vitrina.api.config.VitrinaConfig;
import ru.vitrina.api.server.Application;
import ru.vitrina.api.server.TestServer;
import ru.vitrina.engine.access.Role;
import ru.vitrina.api.server.VitrinaServer;
import ru.vitrina.engine.store.DataVersion;
import ru.vitrina.engine.store.Store;
import ru.vitrina.engine.store.StoreException;
import ru.vitrina.ingest.budget.BudgetJob;
import ru.vitrina.ingest.budget.BudgetSource;
import ru.vitrina.ingest.demo.DemoRegion;
import ru.vitrina.ingest.demo.DemoSize;
import ru.vitrina.ingest.job.JobService;
import ru.vitrina.ingest.load.LoadListener;
import ru.vitrina.ingest.load.LoadResult;
import ru.vitrina.ingest.job.RunOptions;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Faults of the machine and of the sources (issue 9), on real files and file systems: a store file that cannot be
 * written, a disk that fills during a load, a source system that has been down for hours.
 */
class FaultsTest {
    private static final String QUERY = "{\"measures\":[\"budget.fact\"],\"dimensions\":[\"budget.section\"]}";

    private final HttpCalls http = new HttpCalls();
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path folder;

    @Test
    void aStoreFileThatCannotBeWrittenStopsTheStartNamingTheFile() throws Exception {
        Path file = folder.resolve("vitrina.duckdb");
        try (Store store = Store.open(file)) {
            new DemoRegion(1L, DemoSize.TEST).generate(store, (stage, done, total) -> { });
        }
        // root ignores permission bits, so the file is made immutable (chattr +i) where that works, read-only otherwise.
        boolean immutable = run("chattr", "+i", file.toString()) == 0;
        if (!immutable) {
            Assumptions.assumeTrue(file.toFile().setWritable(false, false) && !Files.isWritable(file),
                    "neither chattr +i nor a read-only mode makes the file unwritable for this user");
        }
        try {
            assertThatThrownBy(() -> Store.open(file))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("Cannot open the store " + file.toAbsolutePath());
        } finally {
            if (immutable) {
                run("chattr", "-i", file.toString());
            }
        }
    }

    @Test
    void aFullDiskFailsTheLoadWholeAndTheLastVersionIsServedAfterwards() throws Exception {
        Path tiny = Files.createDirectories(folder.resolve("tiny"));
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", tiny.toString()) == 0,
                "a size-limited file system needs mount (root with CAP_SYS_ADMIN)");
        try {
            Path file = tiny.resolve("vitrina.duckdb");
            List<TableChecksum> before;
            long version;
            try (Store store = Store.open(file)) {
                new DemoRegion(1L, DemoSize.TEST).generate(store, (stage, done, total) -> { });
                before = checksums(store);
                version = store.publishedVersion().orElseThrow().version();

                // Two million more operations with random (incompressible) document numbers need over 128 MB.
                assertThatThrownBy(() -> store.publish("filler", "fills the disk", tx -> {
                    try (Statement statement = tx.createStatement()) {
                        statement.execute("INSERT INTO budget.execution SELECT e.* REPLACE (e.operation_id + 1000000000 * r.range AS operation_id, "
                                + "md5(random()::VARCHAR) || md5(random()::VARCHAR) AS document_id) "
                                + "FROM budget.execution e, range(1, 401) r");
                    }
                })).isInstanceOf(StoreException.class)
                        .hasMessageContaining("filler failed and was rolled back")
                        .hasMessageContaining("No space left on device");
                assertThat(store.publishedVersion().orElseThrow().version()).isEqualTo(version);
                // The running process keeps answering from the same, intact data.
                assertThat(store.currentVersion().orElseThrow().version()).isEqualTo(version);
                assertThat(checksums(store)).isEqualTo(before);
            }
            try (Store reopened = Store.open(file)) {
                assertThat(reopened.currentVersion().orElseThrow().version()).isEqualTo(version);
                assertThat(checksums(reopened)).isEqualTo(before);
            }
        } finally {
            run("umount", tiny.toString());
        }
    }

    @Test
    void aSourceDownForHoursTurnsReadyRedWhileTheLastGoodDataIsServedWithItsAge() throws Exception {
        Path file = folder.resolve("vitrina.duckdb");
        try (Store store = Store.open(file)) {
            new DemoRegion(1L, DemoSize.TEST).generate(store, (stage, done, total) -> { });
            long version = store.publishedVersion().orElseThrow().version();
            LoadResult failed;
            // The last good load of the budget finished five hours ago...
            try (JobService jobs = new JobService(store, List.of(BudgetJob.definition(new BudgetSource(
                    "jdbc:postgresql://127.0.0.1:1/none", "nobody", "", "budget_src"), null)))) {
                try (Connection connection = store.connect(); Statement statement = connection.createStatement()) {
                    statement.execute("INSERT INTO meta.load (load_id, job, started_at, finished_at, status, data_version) "
                            + "SELECT coalesce(max(load_id), 0) + 1, 'budget', now()::TIMESTAMP - INTERVAL 5 HOUR, "
                            + "now()::TIMESTAMP - INTERVAL 5 HOUR, 'published', " + version + " FROM meta.load");
                }
                // ...and now its source does not answer at all.
                failed = jobs.run(BudgetJob.NAME, RunOptions.INCREMENTAL, LoadListener.none());
                assertThat(failed.published()).isFalse();
                assertThat(failed.error()).isNotBlank().contains("127.0.0.1:1");
            }

            try (Application application = Application.open(VitrinaConfig.DEMO.withStore(file).withPort(0), store);
                 VitrinaServer server = new VitrinaServer(application).start("127.0.0.1", 0)) {
                Map<Role, String> tokens = TestServer.tokens(application);
                HttpResponse<String> ready = http.get(uri(server, "/ready"));
                assertThat(ready.statusCode()).isEqualTo(503);
                JsonNode reasons = json.readTree(ready.body()).get("reasons");
                assertThat(reasons.toString()).contains("budget").contains("the newest load failed").contains("started ");
                // /ready is public: which job failed and when, never why (the source system's address, its driver's words).
                assertThat(ready.body()).as("anonymous").doesNotContain("127.0.0.1:1").doesNotContain(failed.error())
                        .contains("/api/v1/admin/loads");
                HttpResponse<String> viewer = http.get(uri(server, "/ready"), "Authorization", "Bearer " + tokens.get(Role.VIEWER));
                assertThat(viewer.statusCode()).isEqualTo(503);
                assertThat(viewer.body()).as("a signed-in user who is not an administrator").doesNotContain("127.0.0.1:1");
                HttpResponse<String> administrator = http.get(uri(server, "/ready"), "Authorization",
                        "Bearer " + tokens.get(Role.ADMINISTRATOR));
                assertThat(administrator.statusCode()).isEqualTo(503);
                assertThat(json.readTree(administrator.body()).get("reasons").toString()).as("an administrator is told why")
                        .contains("budget").contains("127.0.0.1:1");
                assertThat(ready.headers().firstValue("Cache-Control")).hasValue("no-store");

                HttpResponse<String> answer = http.get(uri(server, "/api/v1/load?query=" + URLEncoder.encode(QUERY, StandardCharsets.UTF_8)),
                        "Authorization", "Bearer " + tokens.get(Role.ANALYST));
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(answer.headers().firstValue("X-Vitrina-Data-Version")).hasValue(Long.toString(version));

                String metrics = http.get(uri(server, "/metrics"), "Authorization", "Bearer " + tokens.get(Role.ADMINISTRATOR)).body();
                assertThat(gauge(metrics, "vitrina_load_last_published_age_seconds\\{job=\"budget\"\\}"))
                        .isGreaterThanOrEqualTo(TimeUnit.HOURS.toSeconds(5) - 60);
                assertThat(metrics).contains("vitrina_loads{job=\"budget\",status=\"failed\"}");
            }
        }
    }

    private static double gauge(String metrics, String name) {
        Matcher matcher = Pattern.compile("(?m)^" + name + " (\\S+)$").matcher(metrics);
        assertThat(matcher.find()).as(name + " in\n" + metrics).isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    private static URI uri(VitrinaServer server, String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private static List<TableChecksum> checksums(Store store) throws SQLException {
        try (Connection connection = store.connect()) {
            return TableChecksum.all(connection);
        }
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }
}
