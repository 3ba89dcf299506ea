package ru.vitrina.api.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.vitrina.engine.cache.ResultCache;
import ru.vitrina.engine.store.DataVersion;
import ru.vitrina.engine.store.Store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * The meters of one running Vitrina, scraped as Prometheus text at /metrics. Names as Prometheus shows them:
 * <pre>
 * http_server_requests_seconds{method,route,status}   latency histogram per route template (not per raw path)
 * vitrina_query_answers_total{route,cache,rollup}      answers of the query routes, by X-Vitrina-Cache (hit|miss)
 * vitrina_cache_hits_total, vitrina_cache_misses_total, vitrina_cache_shared_total, vitrina_cache_hit_ratio   over ResultCache
 * vitrina_data_version, vitrina_data_version_age_seconds                       the version served and its age
 * vitrina_store_size_bytes{file="database|wal"}
 * vitrina_store_table_rows{table}                       counted once per data version
 * vitrina_loads{job,status}, vitrina_load_rows{job,status,kind="read|loaded|quarantined"} from meta.load
 * vitrina_load_target_rows{target,kind="loaded|quarantined"}                      from meta.load_table
 * vitrina_load_last_duration_seconds{job}, vitrina_load_last_published_age_seconds{job}
 * jvm_*, process_*, system_*                            memory, GC, threads, classes, CPU, uptime, files
 * </pre>
 * The store figures are read when scraped (meta tables are small; table counts are cached per version), so a load
 * finished by another process is seen at the next scrape without a timer thread.
 */
public final class VitrinaMetrics implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VitrinaMetrics.class);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Store store;
    private final StoreFigures figures;
    private final Clock clock;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final MultiGauge tableRows;
    private final MultiGauge loads;
    private final MultiGauge loadRows;
    private final MultiGauge targetRows;
    private final MultiGauge lastDuration;
    private final MultiGauge lastPublishedAge;

    VitrinaMetrics(Store store, ResultCache cache, StoreFigures figures, Clock clock) {
        this.store = requireNonNull(store, "store");
        this.figures = requireNonNull(figures, "figures");
        this.clock = requireNonNull(clock, "clock");
        requireNonNull(cache, "cache");

        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);

        FunctionCounter.builder("vitrina.cache.hits", cache, ResultCache::hits)
                .description("Answers served from the result cache").register(registry);
        FunctionCounter.builder("vitrina.cache.misses", cache, ResultCache::misses)
                .description("Answers the cache did not hold").register(registry);
        FunctionCounter.builder("vitrina.cache.shared", cache, ResultCache::shared)
                .description("Misses answered by an identical query already running, without running again").register(registry);
        Gauge.builder("vitrina.cache.hit.ratio", cache, VitrinaMetrics::hitRatio).strongReference(true)
                .description("Hits over all lookups since start (NaN before the first)").register(registry);

        Gauge.builder("vitrina.data.version", store, s -> s.publishedVersion().map(v -> (double) v.version()).orElse(Double.NaN))
                .strongReference(true).description("The data version answers are computed on").register(registry);
        Gauge.builder("vitrina.data.version.age", store, this::versionAgeSeconds).strongReference(true)
                .baseUnit("seconds").description("How long ago the served version was published").register(registry);
        Gauge.builder("vitrina.store.size", store, s -> fileSize(s, "")).strongReference(true)
                .tag("file", "database").baseUnit("bytes").description("Size of the DuckDB file").register(registry);
        Gauge.builder("vitrina.store.size", store, s -> fileSize(s, ".wal")).strongReference(true)
                .tag("file", "wal").baseUnit("bytes").description("Size of its write-ahead log").register(registry);

        tableRows = MultiGauge.builder("vitrina.store.table.rows").description("Rows per table of the served version").register(registry);
        loads = MultiGauge.builder("vitrina.loads").description("Loads recorded in meta.load by job and status").register(registry);
        loadRows = MultiGauge.builder("vitrina.load.rows").description("Rows of all loads by job (meta.load)").register(registry);
        targetRows = MultiGauge.builder("vitrina.load.target.rows").description("Rows of all loads by target table (meta.load_table)").register(registry);
        lastDuration = MultiGauge.builder("vitrina.load.last.duration").baseUnit("seconds")
                .description("Duration of the newest finished load of each job").register(registry);
        lastPublishedAge = MultiGauge.builder("vitrina.load.last.published.age").baseUnit("seconds")
                .description("Time since the newest published load of each job ended: how old each source's data is").register(registry);
    }

    /** Records one HTTP exchange; {@code route} is the route template, never the raw path (bounded label values). */
    void recordRequest(String method, String route, int status, double millis, String cacheHeader, String rollupHeader) {
        Timer.builder("http.server.requests")
                .description("HTTP requests by route template and status")
                .tags("method", method, "route", route, "status", Integer.toString(status))
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(120))
                .register(registry)
                .record((long) (millis * 1_000_000), TimeUnit.NANOSECONDS);
        if (cacheHeader != null) {
            Counter.builder("vitrina.query.answers")
                    .description("Query answers by result-cache use and rollup (headers X-Vitrina-Cache, X-Vitrina-Rollup)")
                    .tags("route", route, "cache", cacheHeader, "rollup", rollupHeader == null ? "unknown" : rollupHeader)
                    .register(registry).increment();
        }
    }

    /** Refreshes the store figures and writes every meter in Prometheus text format. */
    String scrape() {
        refreshStoreFigures();
        return registry.scrape();
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    private void refreshStoreFigures() {
        // Each group on its own: a missing meta table (an older store) must not hide the others.
        try {
            tableRows.register(figures.tableRows().stream()
                    .map(t -> MultiGauge.Row.of(Tags.of("table", t.table()), t.rows())).toList(), true);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("metrics: cannot count table rows: {}", e.getMessage());
        }
        try {
            List<MultiGauge.Row<?>> byStatus = new ArrayList<>();
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            for (StoreFigures.LoadCounts count : figures.loadCounts()) {
                byStatus.add(MultiGauge.Row.of(Tags.of("job", count.job(), "status", count.status()), count.loads()));
                rows.add(MultiGauge.Row.of(Tags.of("job", count.job(), "status", count.status(), "kind", "read"), count.rowsRead()));
                rows.add(MultiGauge.Row.of(Tags.of("job", count.job(), "status", count.status(), "kind", "loaded"), count.rowsLoaded()));
                rows.add(MultiGauge.Row.of(Tags.of("job", count.job(), "status", count.status(), "kind", "quarantined"), count.rowsQuarantined()));
            }
            loads.register(byStatus, true);
            loadRows.register(rows, true);
            lastDuration.register(figures.lastLoads().stream()
                    .filter(l -> l.finishedAt() != null && l.startedAt() != null)
                    .map(l -> MultiGauge.Row.of(Tags.of("job", l.job()),
                            Duration.between(l.startedAt(), l.finishedAt()).toMillis() / 1000.0)).toList(), true);
            lastPublishedAge.register(figures.lastPublishedLoads().stream()
                    .map(l -> MultiGauge.Row.of(Tags.of("job", l.job()), ageSeconds(l.finishedAt()))).toList(), true);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("metrics: cannot read meta.load: {}", e.getMessage());
        }
        try {
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            for (StoreFigures.TargetCounts count : figures.targetCounts()) {
                rows.add(MultiGauge.Row.of(Tags.of("target", count.target(), "kind", "loaded"), count.rowsLoaded()));
                rows.add(MultiGauge.Row.of(Tags.of("target", count.target(), "kind", "quarantined"), count.rowsQuarantined()));
            }
            targetRows.register(rows, true);
        } catch (SQLException | RuntimeException e) {
            LOG.debug("metrics: cannot read meta.load_table: {}", e.getMessage());
        }
    }

    private double versionAgeSeconds(Store s) {
        return s.publishedVersion().map(DataVersion::publishedAt).map(this::ageSeconds).orElse(Double.NaN);
    }

    // meta tables store local wall-clock time (LocalDateTime.now() in DataVersion), so they are read in the same zone.
    private double ageSeconds(java.time.LocalDateTime at) {
        return Duration.between(at.atZone(ZoneId.systemDefault()).toInstant(), clock.instant()).toMillis() / 1000.0;
    }

    private static double hitRatio(ResultCache cache) {
        long hits = cache.hits();
        long all = hits + cache.misses();
        return all == 0 ? Double.NaN : (double) hits / all;
    }

    private static double fileSize(Store store, String suffix) {
        if (":memory:".equals(store.location())) {
            return 0;
        }
        try {
            Path file = Path.of(store.location() + suffix);
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
