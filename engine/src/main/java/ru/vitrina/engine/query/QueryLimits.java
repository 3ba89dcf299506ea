package ru.vitrina.engine.query;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * How much one query may ask for: rows of a JSON answer (default and maximum, as Cube's
 * CUBEJS_DB_QUERY_DEFAULT_LIMIT / CUBEJS_DB_QUERY_LIMIT), rows of an export, and time.
 */
public record QueryLimits(int defaultRows, int maxRows, int maxExportRows, Duration timeout) {
    public static final QueryLimits DEFAULTS = new QueryLimits(10_000, 10_000, 1_000_000, Duration.ofSeconds(60));

    public QueryLimits {
        requireNonNull(timeout, "timeout");
        if (defaultRows <= 0 || maxRows < defaultRows || maxExportRows < maxRows) {
            throw new IllegalArgumentException("limits must satisfy 0 < defaultRows <= maxRows <= maxExportRows");
        }
    }

    /** The same limits for an export, whose rows stream to a file instead of a JSON answer. */
    public QueryLimits forExport() {
        return new QueryLimits(maxExportRows, maxExportRows, maxExportRows, timeout);
    }
}
