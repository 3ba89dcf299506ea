package ru.vitrina.api.config;

import ru.vitrina.api.security.SecuritySettings;
import ru.vitrina.engine.query.QueryLimits;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
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
 * @param publicUrl the address users reach the server at ({@code server.public_url}, e.g. https://data.example.ru),
 *                  without a trailing slash: the only source of absolute links; null for relative links
 */
public record VitrinaConfig(String host, int port, Path store, Path cubesFolder, QueryLimits limits, boolean useRollups,
                            long cacheCells, SecuritySettings security, Map<String, Object> jobs, String publicUrl) {
    public static final VitrinaConfig DEMO = new VitrinaConfig("0.0.0.0", 8080, Path.of("data", "vitrina.duckdb"), null,
            QueryLimits.DEFAULTS, true, 5_000_000, SecuritySettings.DEMO);

    public VitrinaConfig(String host, int port, Path store, Path cubesFolder, QueryLimits limits, boolean useRollups,
                         long cacheCells, SecuritySettings security) {
        this(host, port, store, cubesFolder, limits, useRollups, cacheCells, security, Map.of());
    }

    public VitrinaConfig(String host, int port, Path store, Path cubesFolder, QueryLimits limits, boolean useRollups,
                         long cacheCells, SecuritySettings security, Map<String, Object> jobs) {
        this(host, port, store, cubesFolder, limits, useRollups, cacheCells, security, jobs, null);
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
        publicUrl = publicUrl == null ? null : publicUrl(publicUrl);
    }

    /** An absolute http(s) address with a host and nothing after the path, its trailing slashes dropped. */
    private static String publicUrl(String text) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new ConfigException("server.public_url '" + text + "' is not an address: " + e.getMessage(), e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null || uri.getRawQuery() != null
                || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new ConfigException("server.public_url '" + text + "' must be an absolute http(s) address such as"
                    + " https://data.example.ru, without a query, fragment or credentials");
        }
        return uri.toString().replaceAll("/+$", "");
    }

    public VitrinaConfig withPort(int newPort) {
        return new VitrinaConfig(host, newPort, store, cubesFolder, limits, useRollups, cacheCells, security, jobs, publicUrl);
    }

    public VitrinaConfig withStore(Path newStore) {
        return new VitrinaConfig(host, port, newStore, cubesFolder, limits, useRollups, cacheCells, security, jobs, publicUrl);
    }

    public VitrinaConfig withRollups(boolean enabled) {
        return new VitrinaConfig(host, port, store, cubesFolder, limits, enabled, cacheCells, security, jobs, publicUrl);
    }

    /** @param cells answer cells the result cache may hold; 0 switches it off */
    public VitrinaConfig withCacheCells(long cells) {
        return new VitrinaConfig(host, port, store, cubesFolder, limits, useRollups, cells, security, jobs, publicUrl);
    }

    public VitrinaConfig withLimits(QueryLimits newLimits) {
        return new VitrinaConfig(host, port, store, cubesFolder, newLimits, useRollups, cacheCells, security, jobs, publicUrl);
    }

    public VitrinaConfig withSecurity(SecuritySettings newSecurity) {
        return new VitrinaConfig(host, port, store, cubesFolder, limits, useRollups, cacheCells, newSecurity, jobs, publicUrl);
    }

    /** @param section the jobs section as plain data (see {@link ru.vitrina.ingest.job.JobSettings}) */
    public VitrinaConfig withJobs(Map<String, Object> section) {
        return new VitrinaConfig(host, port, store, cubesFolder, limits, useRollups, cacheCells, security, section, publicUrl);
    }

    /** @param url the address users reach the server at, or null for relative links */
    public VitrinaConfig withPublicUrl(String url) {
        return new VitrinaConfig(host, port, store, cubesFolder, limits, useRollups, cacheCells, security, jobs, url);
    }

    /** What absolute links start with: the public address, or "" for links relative to the server's root. */
    public String linkBase() {
        return publicUrl == null ? "" : publicUrl;
    }

    public Duration timeout() {
        return limits.timeout();
    }
}
