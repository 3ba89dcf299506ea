package ru.vitrina.api.config;

import ru.vitrina.api.security.SecuritySettings;
import ru.vitrina.engine.query.QueryLimits;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Everything a deployment sets. Read from one YAML file ({@code vitrina serve --config FILE}); environment variables
 * {@code VITRINA_PORT}, {@code VITRINA_STORE}, {@code VITRINA_CUBES} override it. The demo needs none of it.
 *
 * @param cubesFolder a folder of the deployment's own cube files, or null for the cubes shipped in the jar
 * @param useRollups whether rollup tables answer the queries they can (switched off only to compare answers)
 * @param cacheCells how many answer cells (rows × columns) the result cache holds; 0 switches it off
 * @param security authentication, production mode and HTTP limits (section {@code security})
 * @param jobs the {@code jobs} section as plain data: sources and schedules of the ingest jobs (see
 *             {@link ru.vitrina.ingest.job.JobSettings}); empty for the defaults
 */
public record VitrinaConfig(String host, int port, Path store, Path cubesFolder, QueryLimits limits, boolean useRollups,
                            long cacheCells, SecuritySettings security, Map<String, Object> jobs) {
    public static final VitrinaConfig DEMO = new VitrinaConfig("0.0.0.0", 8080, Path.of("data", "vitrina.duckdb"), null,
            QueryLimits.DEFAULTS, true, 5_000_000, SecuritySettings.DEMO);

    public VitrinaConfig(String host, int port, Path store, Path cubesFolder, QueryLimits limits, boolean useRollups,
                         long cacheCells, SecuritySettings security) {
        this(host, port, store, cubesFolder, limits, useRollups, cacheCells, security, Map.of());
    }

    public VitrinaConfig {
        jobs = Map.copyOf(requireNonNull(jobs, "jobs"));
        requireNonNull(host, "host");
        requireNonNull(store, "store");
        requireNonNull(limits, "limits");
        requireNonNull(security, "security");
        if (port < 0 || port > 65535) {
            throw new ConfigException("server.port " + port + " is not a TCP port (0–65535)");
        }
    }

    public VitrinaConfig withPort(int newPort) {
        return new VitrinaConfig(host, newPort, store, cubesFolder, limits, useRollups, cacheCells, security, jobs);
    }

    public VitrinaConfig withStore(Path newStore) {
        return new VitrinaConfig(host, port, newStore, cubesFolder, limits, useRollups, cacheCells, security, jobs);
    }

    public VitrinaConfig withRollups(boolean enabled) {
        return new VitrinaConfig(host, port, store, cubesFolder, limits, enabled, cacheCells, security, jobs);
    }

    /** @param cells answer cells the result cache may hold; 0 switches it off */
    public VitrinaConfig withCacheCells(long cells) {
        return new VitrinaConfig(host, port, store, cubesFolder, limits, useRollups, cells, security, jobs);
    }

    public VitrinaConfig withLimits(QueryLimits newLimits) {
        return new VitrinaConfig(host, port, store, cubesFolder, newLimits, useRollups, cacheCells, security, jobs);
    }

    public VitrinaConfig withSecurity(SecuritySettings newSecurity) {
        return new VitrinaConfig(host, port, store, cubesFolder, limits, useRollups, cacheCells, newSecurity, jobs);
    }

    /** @param section the jobs section as plain data (see {@link ru.vitrina.ingest.job.JobSettings}) */
    public VitrinaConfig withJobs(Map<String, Object> section) {
        return new VitrinaConfig(host, port, store, cubesFolder, limits, useRollups, cacheCells, security, section);
    }

    public Duration timeout() {
        return limits.timeout();
    }
}
