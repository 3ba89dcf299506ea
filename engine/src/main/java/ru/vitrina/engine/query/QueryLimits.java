package ru.vitrina.engine.query;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * How much one query may ask for: rows of a JSON answer (default and maximum, as Cube's
 * CUBEJS_DB_QUERY_DEFAULT_LIMIT / CUBEJS_DB_QUERY_LIMIT), rows of an export, and time; and how many analysts' heavy
 * queries run at once (the width of {@link ru.vitrina.engine.access.AnalyticalLane}).
 */
public record QueryLimits(int defaultRows, int maxRows, int maxExportRows, Duration timeout, int analyticalQueries) {
    /** Half the cores: the other half stays for the wall screens' answers, whatever the analysts run. */
    public static final int DEFAULT_ANALYTICAL_QUERIES = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    public static final QueryLimits DEFAULTS = new QueryLimits(10_000, 10_000, 1_000_000, Duration.ofSeconds(60));

    public QueryLimits {
        requireNonNull(timeout, "timeout");
        if (defaultRows <= 0 || maxRows < defaultRows || maxExportRows < maxRows) {
            throw new IllegalArgumentException("limits must satisfy 0 < defaultRows <= maxRows <= maxExportRows");
        }
        if (analyticalQueries < 1) {
            throw new IllegalArgumentException("analytical_queries must be at least 1, got " + analyticalQueries);
        }
    }

    /** Limits with the default width of the analytical lane. */
    public QueryLimits(int defaultRows, int maxRows, int maxExportRows, Duration timeout) {
        this(defaultRows, maxRows, maxExportRows, timeout, DEFAULT_ANALYTICAL_QUERIES);
    }

    /** The same limits for an export, whose rows stream to a file instead of a JSON answer. */
    public QueryLimits forExport() {
        return new QueryLimits(maxExportRows, maxExportRows, maxExportRows, timeout, analyticalQueries);
    }

    /** The same limits with another width of the analytical lane. */
    public QueryLimits withAnalyticalQueries(int width) {
        return new QueryLimits(defaultRows, maxRows, maxExportRows, timeout, width);
    }
}
