package ru.vitrina.api.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import ru.vitrina.api.config.VitrinaConfig;
import ru.vitrina.api.server.Application;
import ru.vitrina.api.server.VitrinaServer;
import ru.vitrina.engine.access.Role;
import ru.vitrina.engine.store.Store;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * Measures the query shapes of shapes.yaml on one store: raw DuckDB SQL, then the same questions through
 * {@code /api/v1/load} over HTTP with the cache off and rollups off (ad hoc), with rollups, and as cache hits;
 * then many concurrent clients reading dashboards. Prints progress and returns the measurements.
 */
public final class BenchRunner {
    /**
     * Requests per shape that warm a server up before anything is timed. A server answers dashboards for days; the first
     * few hundred answers after a start run partly interpreted (the JIT compiles the parser, the compiler, Jackson and
     * Jetty as they get hot), and with only three warm-ups per shape those cold answers made most of a rollup answer's
     * time: 10.7–23.5 ms p50 in the bench against 1.9–3.1 ms from a warm server (wrk on one connection).
     */
    public static final int WARM_UP = 500;
    /** How long {@code wrk} asks each rollup shape: a few thousand answers, where the JDK client times twenty. */
    static final int SEQUENTIAL_SECONDS = 5;
    /** Analysts scanning at once while the wall screens ask: twice the two cores' threads, four times the lane. */
    static final int ANALYSTS = 4;
    /** Wall-screen connections asking rollup shapes meanwhile. */
    static final int SCREENS = 4;

    private final Store store;
    private final VitrinaConfig config;
    private final int iterations;
    private final PrintStream log;
    private final ObjectMapper json = new ObjectMapper();
    private LoadClient client;  // signed in by run()

    public BenchRunner(Store store, VitrinaConfig config, int iterations, PrintStream log) {
        this.store = requireNonNull(store, "store");
        this.config = requireNonNull(config, "config");
        this.iterations = iterations;
        this.log = requireNonNull(log, "log");
    }

    public BenchReport run(int clients, int concurrentSeconds) {
        List<Shape> shapes = shapes();
        List<BenchReport.Row> rows = new ArrayList<>();
        try (Application adHoc = Application.open(config.withRollups(false).withCacheCells(0), store);
             VitrinaServer adHocServer = new VitrinaServer(adHoc).start("127.0.0.1", 0);
             Application tuned = Application.open(config.withRollups(true).withCacheCells(0), store);
             VitrinaServer tunedServer = new VitrinaServer(tuned).start("127.0.0.1", 0);
             Application cached = Application.open(config.withRollups(true), store);
             VitrinaServer cachedServer = new VitrinaServer(cached).start("127.0.0.1", 0)) {
            client = LoadClient.signIn(adHoc, "bench", Role.ANALYST, Duration.ofMinutes(5));
            warmUp(shapes, tunedServer, cachedServer);
            Optional<WrkClients> wrk = WrkClients.find();
            for (Shape shape : shapes) {
                log.println("  " + shape.name());
                Measured raw = measure(() -> runRaw(shape.sql()));
                Measured api = measure(() -> answer(adHocServer, shape.query()));
                String rollupName = load(tunedServer, shape.query()).path("rollup").asText(null);
                Measured rollup = rollupName != null && wrk.isPresent()
                        ? sequential(wrk.get(), tunedServer, shape)
                        : measure(() -> answer(tunedServer, shape.query()));
                load(cachedServer, shape.query());
                Measured hit = measure(() -> answer(cachedServer, shape.query()));
                rows.add(new BenchReport.Row(shape.name(), raw.wall(), api.wall(), rollup.wall(), rollup.engine(), rollupName,
                        hit.engine()));
            }
            log.println("  " + clients + " concurrent clients, " + concurrentSeconds + " s");
            BenchReport.Concurrency concurrency = concurrent(wrk, cachedServer, shapes, clients, concurrentSeconds);
            BenchReport.Contention contention = wrk.isPresent() ? contention(wrk.get(), shapes, rows, tuned, tunedServer, concurrentSeconds) : null;
            System.gc();
            long heap = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
            return new BenchReport(rows, rollupClient(wrk.isPresent()), concurrency, contention, heap,
                    Runtime.getRuntime().maxMemory(), budgetOperations(store));
        }
    }

    /**
     * The wall screens asking the shapes a rollup answers, alone, then while {@link #ANALYSTS} analysts ask the first
     * shape that reads the base table: on the server with rollups (its lane as configured), and on one whose lane is as
     * wide as the analysts, as if there were none. Null when no shape reads the base table.
     */
    private BenchReport.Contention contention(WrkClients wrk, List<Shape> shapes, List<BenchReport.Row> rows, Application application,
                                              VitrinaServer tuned, int seconds) {
        List<JsonNode> screenQueries = new ArrayList<>();
        Shape heavy = null;
        for (int i = 0; i < shapes.size(); i++) {
            if (rows.get(i).rollupName() != null) {
                screenQueries.add(shapes.get(i).query());
            } else if (heavy == null) {
                heavy = shapes.get(i);
            }
        }
        if (heavy == null || screenQueries.isEmpty()) {
            return null;
        }
        log.println("  wall screens while " + ANALYSTS + " analysts ask «" + heavy.name() + "», " + 3 * seconds + " s");
        List<LoadClient> analysts = new ArrayList<>();
        for (int i = 1; i <= ANALYSTS; i++) {
            analysts.add(LoadClient.signIn(application, "bench-analyst-" + i, Role.ANALYST, Duration.ofMinutes(5)));
        }
        ContentionRunner runner = new ContentionRunner(wrk, LoadClient.signIn(application, "bench-wall", Role.VIEWER,
                Duration.ofMinutes(5)), analysts, SCREENS, seconds);
        int configured = application.config().limits().analyticalQueries();
        VitrinaConfig wideLane = application.config().withLimits(application.config().limits().withAnalyticalQueries(ANALYSTS));
        try (Application wide = Application.open(wideLane, store); VitrinaServer wideServer = new VitrinaServer(wide).start("127.0.0.1", 0)) {
            return new BenchReport.Contention(heavy.name(), SCREENS, seconds, List.of(
                    runner.run(tuned, screenQueries, heavy.query(), 0, configured),
                    runner.run(tuned, screenQueries, heavy.query(), ANALYSTS, configured),
                    runner.run(wideServer, screenQueries, heavy.query(), ANALYSTS, ANALYSTS)));
        }
    }

    /**
     * Runs the shapes a rollup answers through the server with rollups and every shape through the caching one, until
     * the code all modes share is compiled. The ad hoc server shares that code (one JVM); a shape no rollup answers is
     * a scan of the base table and is left to the three warm-ups of {@link #measure}.
     */
    private void warmUp(List<Shape> shapes, VitrinaServer tuned, VitrinaServer cached) {
        log.println("  warm-up: " + WARM_UP + " requests per shape");
        for (Shape shape : shapes) {
            boolean rollup = load(tuned, shape.query()).path("rollup").isTextual();
            load(cached, shape.query());
            for (int i = 0; i < WARM_UP; i++) {
                if (rollup) {
                    answer(tuned, shape.query());
                }
                answer(cached, shape.query());
            }
        }
    }

    /** Each run timed by the client's clock, and by the server's own where there is one (else 0). */
    private record Measured(Percentiles wall, Percentiles engine) {
    }

    /**
     * A rollup answer asked again and again by {@code wrk} over one connection. The JDK client in this JVM, its threads
     * handing each answer on over the server's two cores, added about 1 ms to answers of 1.5–4 ms: more than the
     * server's own HTTP (0.1–0.6 ms).
     */
    private Measured sequential(WrkClients wrk, VitrinaServer server, Shape shape) {
        WrkClients.Sequential answers = wrk.sequential(server.port(), client.path(shape.query()), client.authorization(),
                SEQUENTIAL_SECONDS);
        return new Measured(answers.wall(), answers.engine());
    }

    private String rollupClient(boolean wrk) {
        return wrk
                ? "timed by wrk (a separate process) over one kept-alive connection asking the shape again and again for "
                  + SEQUENTIAL_SECONDS + " s after the warm-up; the engine's time from each answer's Server-Timing"
                : "timed by the JDK client in the bench's JVM, " + iterations + " runs a shape (wrk not found)";
    }

    private Measured measure(Action action) {
        for (int i = 0; i < Math.min(3, iterations); i++) {
            action.run();
        }
        long[] nanos = new long[iterations];
        long[] engine = new long[iterations];
        for (int i = 0; i < iterations; i++) {
            long started = System.nanoTime();
            engine[i] = action.run();
            nanos[i] = System.nanoTime() - started;
        }
        return new Measured(new Latencies(nanos).percentiles(), new Latencies(engine).percentiles());
    }

    /** With wrk when it is installed (a client in this JVM takes the server's cores), else with the JDK's client. */
    private BenchReport.Concurrency concurrent(Optional<WrkClients> wrk, VitrinaServer server, List<Shape> shapes,
                                               int clients, int seconds) {
        if (wrk.isPresent()) {
            return wrk.get().run(server.port(), shapes.stream().map(shape -> client.path(shape.query())).toList(),
                    client.authorization(), clients, seconds);
        }
        return concurrentInProcess(server, shapes, clients, seconds);
    }

    private BenchReport.Concurrency concurrentInProcess(VitrinaServer server, List<Shape> shapes, int clients, int seconds) {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Future<long[]>> results = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int first = c;
            results.add(pool.submit(() -> {
                List<Long> mine = new ArrayList<>();
                int i = first;
                while (System.nanoTime() < deadline) {
                    long started = System.nanoTime();
                    HttpResponse<String> response = client.load(server, shapes.get(i++ % shapes.size()).query());
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("status " + response.statusCode() + ": " + response.body());
                    }
                    mine.add(System.nanoTime() - started);
                }
                return mine.stream().mapToLong(Long::longValue).toArray();
            }));
        }
        List<Long> all = new ArrayList<>();
        try {
            for (Future<long[]> result : results) {
                for (long value : result.get()) {
                    all.add(value);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("a concurrent client failed: " + e.getMessage(), e);
        } finally {
            pool.shutdownNow();
        }
        Latencies latencies = new Latencies(all.stream().mapToLong(Long::longValue).toArray());
        return new BenchReport.Concurrency(clients, seconds, all.size(), all.size() / (double) seconds,
                latencies.p50(), latencies.percentileMillis(99), "the JDK HttpClient in the bench's JVM: wrk not found");
    }

    private long runRaw(String sql) {
        try (Connection connection = store.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                rows.getObject(1);
            }
            return 0;
        } catch (SQLException e) {
            throw new IllegalStateException("raw SQL failed: " + e.getMessage(), e);
        }
    }

    /**
     * One answer, timed until its last byte has arrived, as raw DuckDB is timed until its last row: parsing the JSON
     * into a tree is the client's work (a browser's or a script's), not the server's.
     *
     * @return the engine's own time of the answer (its {@code Server-Timing}): without HTTP, the client and the JSON
     */
    private long answer(VitrinaServer server, JsonNode query) {
        String timing = checked(client.load(server, query)).headers().firstValue("Server-Timing").orElse("engine;dur=0");
        return (long) (Double.parseDouble(timing.substring(timing.indexOf("dur=") + 4)) * 1e6);
    }

    private static HttpResponse<String> checked(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("status " + response.statusCode() + ": " + response.body());
        }
        return response;
    }

    private JsonNode load(VitrinaServer server, JsonNode query) {
        HttpResponse<String> response = checked(client.load(server, query));
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }


    /** The budget operations {@code store} holds. */
    public static long budgetOperations(Store store) {
        try (Connection connection = store.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM budget.execution")) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Shape> shapes() {
        try (InputStream in = BenchRunner.class.getResourceAsStream("shapes.yaml")) {
            JsonNode list = new ObjectMapper(new YAMLFactory()).readTree(in);
            List<Shape> shapes = new ArrayList<>();
            list.forEach(item -> shapes.add(new Shape(item.get("name").asText(), item.get("query"), item.get("sql").asText())));
            return shapes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One timed request of a mode; returns the server's own time of it in nanoseconds, 0 where there is no server. */
    @FunctionalInterface
    private interface Action {
        long run();
    }
}
