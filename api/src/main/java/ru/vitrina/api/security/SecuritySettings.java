package ru.vitrina.api.security;

import ru.vitrina.api.security.oidc.OidcSettings;
import ru.vitrina.engine.access.MemoryLimits;

import java.nio.file.Path;
import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * How a deployment authenticates and protects its HTTP face (section {@code security} of vitrina.yaml).
 *
 * @param production       a real deployment: the server refuses to start with missing or default secrets, with
 *                         cookies that are not Secure, or with demo users
 * @param usersFile        the DuckDB file of users, tokens, sessions and the audit trail; null puts it beside the
 *                         store as {@code <store>.auth.duckdb}
 * @param adminPassword    the first administrator's password (from {@code VITRINA_ADMIN_PASSWORD}); used only while
 *                         no user exists; never written to a file
 * @param cookieSecure     whether the session cookie carries {@code Secure} (true unless a demo runs over plain HTTP
 *                         on a host other than localhost)
 * @param sessionTtl       how long a browser session lives without a new login
 * @param tokenTtl         the longest life of an API token
 * @param frameAncestors   who may embed the pages in a frame (CSP frame-ancestors); {@code 'none'} by default
 * @param maxBodyBytes     the largest request body; a larger one is refused with 413
 * @param loginsPerMinute  failed logins per login and per address within a minute before 429
 * @param queriesPerUser   queries (JSON, exports, SQL, JDBC) one user may have running at once before 429
 * @param oidc             signing in through an OpenID Connect provider; null when only local users sign in
 * @param memory           DuckDB's memory and spill limits (for the whole database: DuckDB has none per query)
 */
public record SecuritySettings(boolean production, Path usersFile, String adminPassword, boolean cookieSecure,
                               Duration sessionTtl, Duration tokenTtl, String frameAncestors,
                               long maxBodyBytes, int loginsPerMinute, int queriesPerUser, OidcSettings oidc,
                               MemoryLimits memory) {

    public static final SecuritySettings DEMO = new SecuritySettings(false, null, null, true, Duration.ofHours(12),
            Duration.ofDays(90), "'none'", 1_000_000, 10, 4, null, MemoryLimits.DEFAULTS);

    public SecuritySettings {
        requireNonNull(sessionTtl, "sessionTtl");
        requireNonNull(tokenTtl, "tokenTtl");
        requireNonNull(frameAncestors, "frameAncestors");
        requireNonNull(memory, "memory");
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("security.max_body_bytes must be at least 1024, got " + maxBodyBytes);
        }
        if (queriesPerUser < 1) {
            throw new IllegalArgumentException("security.queries_per_user must be positive, got " + queriesPerUser);
        }
        if (loginsPerMinute < 1) {
            throw new IllegalArgumentException("security.logins_per_minute must be positive, got " + loginsPerMinute);
        }
        if (frameAncestors.contains(";") || frameAncestors.contains("\n")) {
            throw new IllegalArgumentException("security.frame_ancestors must be a CSP source list, got '" + frameAncestors + "'");
        }
    }

    public SecuritySettings withAdminPassword(String password) {
        return new SecuritySettings(production, usersFile, password, cookieSecure, sessionTtl, tokenTtl, frameAncestors,
                maxBodyBytes, loginsPerMinute, queriesPerUser, oidc, memory);
    }

    public SecuritySettings withProduction(boolean value) {
        return new SecuritySettings(value, usersFile, adminPassword, cookieSecure, sessionTtl, tokenTtl, frameAncestors,
                maxBodyBytes, loginsPerMinute, queriesPerUser, oidc, memory);
    }

    public SecuritySettings withUsersFile(Path file) {
        return new SecuritySettings(production, file, adminPassword, cookieSecure, sessionTtl, tokenTtl, frameAncestors,
                maxBodyBytes, loginsPerMinute, queriesPerUser, oidc, memory);
    }

    public SecuritySettings withLimits(long bodyBytes, int logins) {
        return new SecuritySettings(production, usersFile, adminPassword, cookieSecure, sessionTtl, tokenTtl, frameAncestors,
                bodyBytes, logins, queriesPerUser, oidc, memory);
    }

    public SecuritySettings withOidc(OidcSettings settings) {
        return new SecuritySettings(production, usersFile, adminPassword, cookieSecure, sessionTtl, tokenTtl, frameAncestors,
                maxBodyBytes, loginsPerMinute, queriesPerUser, settings, memory);
    }

    public SecuritySettings withMemory(MemoryLimits limits) {
        return new SecuritySettings(production, usersFile, adminPassword, cookieSecure, sessionTtl, tokenTtl, frameAncestors,
                maxBodyBytes, loginsPerMinute, queriesPerUser, oidc, limits);
    }
}
