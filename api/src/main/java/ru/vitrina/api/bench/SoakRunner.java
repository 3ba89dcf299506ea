package ru.vitrina.api.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import ru.vitrina.api.config.VitrinaConfig;
import ru.vitrina.api.server.Application;
import ru.vitrina.api.server.VitrinaServer;
import ru.vitrina.engine.access.Role;
import ru.vitrina.engine.store.Store;
import ru.vitrina.ingest.budget.BudgetJob;
import ru.vitrina.ingest.budget.BudgetSource;
import ru.vitrina.ingest.budget.TreasuryCsvExport;
import ru.vitrina.ingest.job.JobService;
import ru.vitrina.ingest.load.LoadListener;
import ru.vitrina.ingest.load.LoadResult;
import ru.vitrina.ingest.job.RunOptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static java.util.Objects.requireNonNull;

/**
 * The soak test of issue 9: wall screens (dashboard queries, mostly cache hits) and analysts (ad hoc queries that
 * read the store) against one server for many minutes, while a budget load publishes a new data version every
 * minute. Each window reports requests, errors, latency and the heap after a full GC, so a leak or a slowdown shows
 * as a trend; any error or failed load makes the run fail.
 */
public final class SoakRunner {
    private final Store store;
    private final VitrinaConfig config;
    private final Path workFolder;
    private final PrintStream log;
    private final ObjectMapper json = new ObjectMapper();
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

    public SoakRunner(Store store, VitrinaConfig config, Path workFolder, PrintStream log) {
        this.store = requireNonNull(store, "store");
        this.config = requireNonNull(config, "config");
        this.workFolder = requireNonNull(workFolder, "workFolder");
        this.log = requireNonNull(log, "log");
    }

    /** One window of the run. */
    public record Window(int minute, long requests, long errors, double p50Millis, double p99Millis, long heapAfterGcBytes,
                         long dataVersion, String load) {
    }

    public record Report(int wallClients, int analystClients, List<Window> windows, long loads, long failedLoads,
                         List<String> errors) {
        public boolean passed() {
            return failedLoads == 0 && windows.stream().allMatch(w -> w.errors() == 0);
        }

        public String markdown() {
            StringBuilder text = new StringBuilder();
            text.append("| minute | requests | errors | p50, ms | p99, ms | heap after GC, MB | data version | load that minute |\n");
            text.append("|---|---|---|---|---|---|---|---|\n");
            for (Window w : windows) {
                text.append(String.format(java.util.Locale.ROOT, "| %d | %d | %d | %.1f | %.1f | %d | %d | %s |%n", w.minute(),
                        w.requests(), w.errors(), w.p50Millis(), w.p99Millis(), w.heapAfterGcBytes() >> 20, w.dataVersion(), w.load()));
            }
            text.append(String.format(java.util.Locale.ROOT, "%nLoads: %d, failed: %d. Errors: %d%s.%n", loads, failedLoads,
                    errors.size(), errors.isEmpty() ? "" : " (first: " + errors.get(0) + ")"));
            return text.toString();
        }
    }

    public Report run(int minutes, int wallClients, int analystClients, int operationsPerLoad) throws IOException, SQLException {
        List<JsonNode> dashboards = shapes();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong errors = new AtomicLong();
        ConcurrentLinkedQueue<String> errorTexts = new ConcurrentLinkedQueue<>();
        List<Window> windows = new ArrayList<>();
        long loads = 0;
        long failedLoads = 0;
        long nextOperation = maxOperationId() + 1;
        String[] codes = someCodes();
        try (Application application = Application.open(config, store);
             VitrinaServer server = new VitrinaServer(application).start("127.0.0.1", 0);
             JobService jobs = new JobService(store, List.of(BudgetJob.definition(BudgetSource.local(BudgetSource.DEFAULT_SCHEMA), null)))) {
            ExecutorService clients = Executors.newFixedThreadPool(wallClients + analystClients);
            long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(minutes);
            for (int c = 0; c < wallClients + analystClients; c++) {
                boolean analyst = c >= wallClients;
                int client = c;
                // Each client is a person of their own: a wall screen signs in as a viewer, an analyst as an analyst.
                LoadClient loadClient = analyst
                        ? LoadClient.signIn(application, "soak-analyst-" + c, Role.ANALYST, Duration.ofMinutes(2))
                        : LoadClient.signIn(application, "soak-wall-" + c, Role.VIEWER, Duration.ofMinutes(2));
                clients.submit(() -> {
                    int i = client;
                    while (System.nanoTime() < end) {
                        JsonNode query = dashboards.get(i++ % dashboards.size());
                        if (analyst) {
                            // A limit no screen asks for (within the JSON row limit): a statement of its own, mostly read
                            // from the store rather than the cache.
                            query = ((ObjectNode) query.deepCopy()).put("limit",
                                    1 + ThreadLocalRandom.current().nextInt(config.limits().maxRows() - 1));
                        }
                        long started = System.nanoTime();
                        try {
                            HttpResponse<String> response = loadClient.load(server, query);
                            if (response.statusCode() != 200) {
                                errors.incrementAndGet();
                                errorTexts.add(response.statusCode() + " " + response.body());
                            }
                        } catch (RuntimeException e) {
                            errors.incrementAndGet();
                            errorTexts.add(e.toString());
                        }
                        latencies.add(System.nanoTime() - started);
                    }
                });
            }
            for (int minute = 1; minute <= minutes; minute++) {
                long windowEnd = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
                Path csv = writeCsv(nextOperation, operationsPerLoad, codes);
                nextOperation += operationsPerLoad;
                LoadResult load = jobs.run(BudgetJob.NAME, RunOptions.file(csv, false), LoadListener.none());
                Files.deleteIfExists(csv);
                loads++;
                String loadText = load.published() ? "published v" + load.dataVersion().getAsLong() : "FAILED: " + load.error();
                if (!load.published()) {
                    failedLoads++;
                }
                sleepUntil(windowEnd);
                List<Long> window = drain(latencies);
                System.gc();
                long heap = memory.getHeapMemoryUsage().getUsed();
                long windowErrors = errors.getAndSet(0);
                Latencies figures = new Latencies(window.stream().mapToLong(Long::longValue).toArray());
                Window w = new Window(minute, window.size(), windowErrors, window.isEmpty() ? 0 : figures.p50(),
                        window.isEmpty() ? 0 : figures.percentileMillis(99), heap,
                        store.publishedVersion().map(v -> v.version()).orElse(0L), loadText);
                windows.add(w);
                log.printf(java.util.Locale.ROOT, "  minute %d: %d requests, %d errors, p50 %.1f ms, p99 %.1f ms, heap %d MB, %s%n",
                        minute, w.requests(), w.errors(), w.p50Millis(), w.p99Millis(), heap >> 20, loadText);
            }
            clients.shutdown();
            try {
                clients.awaitTermination(2, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return new Report(wallClients, analystClients, windows, loads, failedLoads, List.copyOf(errorTexts));
    }

    private static List<Long> drain(ConcurrentLinkedQueue<Long> queue) {
        List<Long> values = new ArrayList<>();
        for (Long value = queue.poll(); value != null; value = queue.poll()) {
            values.add(value);
        }
        return values;
    }

    private static void sleepUntil(long nanoTime) {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }


    /** New operations in the Treasury export format, so each minute's load goes the way a real file does. */
    private Path writeCsv(long firstId, int count, String[] codes) throws IOException {
        return TreasuryCsvExport.writeOperations(workFolder.resolve("soak-" + firstId + ".csv"), firstId, count, "СОАК-", codes);
    }

    private long maxOperationId() throws SQLException {
        try (Connection connection = store.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT coalesce(max(operation_id), 0) FROM budget.execution")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private String[] someCodes() throws SQLException {
        try (Connection connection = store.connect(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT oktmo, administrator_code, subsection_code, target_article, expense_type "
                     + "FROM budget.execution ORDER BY operation_id LIMIT 1")) {
            if (!row.next()) {
                throw new IllegalStateException("the store has no budget operations to take codes from");
            }
            return new String[] {row.getString(1), row.getString(2), row.getString(3), row.getString(4), row.getString(5)};
        }
    }

    /** The dashboard shapes of the benchmark, minus the distinct count (seconds per answer, not a screen's query). */
    private static List<JsonNode> shapes() {
        try (InputStream in = SoakRunner.class.getResourceAsStream("shapes.yaml")) {
            JsonNode list = new ObjectMapper(new YAMLFactory()).readTree(in);
            List<JsonNode> shapes = new ArrayList<>();
            list.forEach(item -> {
                if (!item.get("name").asText().startsWith("distinct")) {
                    shapes.add(item.get("query"));
                }
            });
            return shapes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
