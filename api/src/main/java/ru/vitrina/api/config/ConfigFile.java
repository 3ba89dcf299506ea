package ru.vitrina.api.config;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import ru.vitrina.api.security.SecuritySettings;
import ru.vitrina.api.security.oidc.OidcSettings;
import ru.vitrina.engine.access.MemoryLimits;
import ru.vitrina.engine.query.QueryLimits;
import ru.vitrina.ingest.job.JobSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code vitrina.yaml}:
 * <pre>
 * server: {host: 0.0.0.0, port: 8080, public_url: https://data.example.ru}   # public_url: for absolute links
 * store: {path: ./data/vitrina.duckdb}
 * cubes: {folder: ./cubes}            # optional; the shipped cubes when absent
 * limits: {json_default_rows: 10000, json_max_rows: 10000, export_max_rows: 1000000, timeout_seconds: 60}
 * security: {production: true, users_file: /var/lib/vitrina/users.duckdb, frame_ancestors: "'self'", memory_limit: 4GB, spill_limit: 20GB}
 * jobs: {health: {cron: "0 0 3 * * ?", source: /srv/drop/health}, ...}   # see ru.vitrina.ingest.job.JobSettings
 * </pre>
 * The first administrator's password and the OpenID Connect client secret come from the environment only
 * ({@code VITRINA_ADMIN_PASSWORD}, {@code VITRINA_OIDC_CLIENT_SECRET}); {@code security.oidc} is described in
 * {@link OidcSettings}.
 */
public final class ConfigFile {
    private static final Map<String, Set<String>> KEYS = Map.of(
            "server", Set.of("host", "port", "public_url"),
            "store", Set.of("path"),
            "cubes", Set.of("folder"),
            "rollups", Set.of("enabled"),
            "cache", Set.of("max_cells"),
            "limits", Set.of("json_default_rows", "json_max_rows", "export_max_rows", "timeout_seconds", "analytical_queries"),
            "security", Set.of("production", "users_file", "cookie_secure", "session_hours", "token_max_days",
                    "frame_ancestors", "max_body_bytes", "logins_per_minute", "queries_per_user", "oidc",
                    "memory_limit", "spill_limit"),
            "jobs", JobSettings.SECTION_KEYS);

    private ConfigFile() {
    }

    public static VitrinaConfig read(Path file, Map<String, String> environment) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration " + file + ": " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return fromEnvironment(VitrinaConfig.DEMO, environment);
        }
        checkKeys(file, root);
        VitrinaConfig base = VitrinaConfig.DEMO;
        QueryLimits defaults = base.limits();
        JsonNode limits = root.path("limits");
        VitrinaConfig config = new VitrinaConfig(
                root.path("server").path("host").asText(base.host()),
                integer(file, root.path("server"), "server.port", "port", base.port()),
                Path.of(root.path("store").path("path").asText(base.store().toString())),
                root.path("cubes").hasNonNull("folder") ? Path.of(root.path("cubes").get("folder").asText()) : null,
                limits(file, limits, defaults), root.path("rollups").path("enabled").asBoolean(true),
                integer(file, root.path("cache"), "cache.max_cells", "max_cells", (int) base.cacheCells()),
                security(file, root.path("security"), base.security()),
                jobs(file, root.path("jobs"), environment),
                root.path("server").hasNonNull("public_url") ? root.path("server").get("public_url").asText() : null);
        return fromEnvironment(config, environment);
    }

    public static VitrinaConfig fromEnvironment(VitrinaConfig config, Map<String, String> environment) {
        VitrinaConfig result = config;
        if (environment.containsKey("VITRINA_PORT")) {
            try {
                result = result.withPort(Integer.parseInt(environment.get("VITRINA_PORT")));
            } catch (NumberFormatException e) {
                throw new ConfigException("VITRINA_PORT='" + environment.get("VITRINA_PORT") + "' is not a number");
            }
        }
        if (environment.containsKey("VITRINA_ADMIN_PASSWORD")) {
            result = result.withSecurity(result.security().withAdminPassword(environment.get("VITRINA_ADMIN_PASSWORD")));
        }
        if (result.security().oidc() != null && environment.containsKey("VITRINA_OIDC_CLIENT_SECRET")) {
            result = result.withSecurity(result.security().withOidc(
                    result.security().oidc().withClientSecret(environment.get("VITRINA_OIDC_CLIENT_SECRET"))));
        }
        if (environment.containsKey("VITRINA_STORE")) {
            result = result.withStore(Path.of(environment.get("VITRINA_STORE")));
        }
        if (environment.containsKey("VITRINA_CUBES")) {
            result = new VitrinaConfig(result.host(), result.port(), result.store(), Path.of(environment.get("VITRINA_CUBES")), result.limits(), result.useRollups(), result.cacheCells(), result.security(), result.jobs(), result.publicUrl());
        }
        return result;
    }

    /** The jobs section as plain data, checked now so that a mistake stops the start with the setting's name. */
    private static Map<String, Object> jobs(Path file, JsonNode section, Map<String, String> environment) {
        if (section.isMissingNode() || section.isNull()) {
            return Map.of();
        }
        Map<String, Object> jobs = new ObjectMapper().convertValue(section, new TypeReference<Map<String, Object>>() { });
        try {
            JobSettings.from(jobs, environment, Map.of());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file + ": " + e.getMessage(), e);
        }
        return jobs;
    }

    private static QueryLimits limits(Path file, JsonNode limits, QueryLimits defaults) {
        try {
            return new QueryLimits(
                    integer(file, limits, "limits.json_default_rows", "json_default_rows", defaults.defaultRows()),
                    integer(file, limits, "limits.json_max_rows", "json_max_rows", defaults.maxRows()),
                    integer(file, limits, "limits.export_max_rows", "export_max_rows", defaults.maxExportRows()),
                    Duration.ofSeconds(integer(file, limits, "limits.timeout_seconds", "timeout_seconds", (int) defaults.timeout().toSeconds())),
                    integer(file, limits, "limits.analytical_queries", "analytical_queries", defaults.analyticalQueries()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file + ": limits: " + e.getMessage(), e);
        }
    }

    private static SecuritySettings security(Path file, JsonNode section, SecuritySettings defaults) {
        try {
            return new SecuritySettings(
                    section.path("production").asBoolean(defaults.production()),
                    section.hasNonNull("users_file") ? Path.of(section.get("users_file").asText()) : defaults.usersFile(),
                    defaults.adminPassword(),
                    section.path("cookie_secure").asBoolean(defaults.cookieSecure()),
                    Duration.ofHours(integer(file, section, "security.session_hours", "session_hours", (int) defaults.sessionTtl().toHours())),
                    Duration.ofDays(integer(file, section, "security.token_max_days", "token_max_days", (int) defaults.tokenTtl().toDays())),
                    section.path("frame_ancestors").asText(defaults.frameAncestors()),
                    integer(file, section, "security.max_body_bytes", "max_body_bytes", (int) defaults.maxBodyBytes()),
                    integer(file, section, "security.logins_per_minute", "logins_per_minute", defaults.loginsPerMinute()),
                    integer(file, section, "security.queries_per_user", "queries_per_user", defaults.queriesPerUser()),
                    section.hasNonNull("oidc") ? OidcSettings.fromYaml(section.get("oidc")) : defaults.oidc(),
                    new MemoryLimits(section.hasNonNull("memory_limit") ? section.get("memory_limit").asText() : defaults.memory().memory(),
                            section.hasNonNull("spill_limit") ? section.get("spill_limit").asText() : defaults.memory().spill()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file + ": " + e.getMessage(), e);
        }
    }

    private static int integer(Path file, JsonNode section, String name, String key, int fallback) {
        JsonNode value = section.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            throw new ConfigException(file + ": " + name + " must be a whole number, got '" + value.asText() + "'");
        }
        return value.asInt();
    }

    private static void checkKeys(Path file, JsonNode root) {
        Iterator<String> sections = root.fieldNames();
        while (sections.hasNext()) {
            String section = sections.next();
            if (!KEYS.containsKey(section)) {
                throw new ConfigException(file + ": unknown section '" + section + "'; known: " + String.join(", ", KEYS.keySet().stream().sorted().toList()));
            }
            Iterator<String> keys = root.get(section).fieldNames();
            while (keys.hasNext()) {
                String key = keys.next();
                if (!KEYS.get(section).contains(key)) {
                    throw new ConfigException(file + ": unknown setting '" + section + "." + key + "'; known: "
                            + String.join(", ", KEYS.get(section).stream().sorted().toList()));
                }
            }
        }
    }
}
