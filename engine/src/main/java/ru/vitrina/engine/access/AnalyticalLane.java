package ru.vitrina.engine.access;

import ru.vitrina.engine.query.QueryException;

import java.time.Duration;
import java.util.concurrent.Semaphore;

import static java.util.Objects.requireNonNull;

/**
 * Where analysts' heavy work waits its turn: exports, SQL, JDBC, and their answers read from a base table rather than
 * a rollup. At most {@code width} run at once; the rest wait in Java, holding no DuckDB thread, for up to {@code wait}
 * (then 503). The wall screens' answers never enter the lane, so however many analysts scan at once, DuckDB's threads
 * are shared with at most {@code width} heavy statements. The lane bounds how many heavy statements run, not their
 * priority inside DuckDB.
 */
public final class AnalyticalLane {
    private final Semaphore places;
    private final Duration wait;

    /**
     * @param width how many heavy statements may run at once
     * @param wait  how long one waits for a place before it is refused
     */
    public AnalyticalLane(int width, Duration wait) {
        if (width < 1) {
            throw new IllegalArgumentException("the analytical lane needs at least one place, got " + width);
        }
        this.places = new Semaphore(width, true);
        this.wait = requireNonNull(wait, "wait");
    }

    /**
     * Waits for a place; run the returned action (once is enough, more are ignored) when the work is done.
     *
     * @throws QueryException 503 when no place came free in time
     */
    public Runnable enter() {
        if (!Places.awaited(places, wait)) {
            throw new QueryException(503, "Слишком много одновременных тяжёлых запросов аналитиков (выгрузки, SQL, JDBC, запросы"
                    + " к таблицам фактов); повторите позже / too many analysts' heavy queries at once (exports, SQL, JDBC,"
                    + " queries of fact tables); try again later");
        }
        return Places.giveBackOnce(places);
    }

    /** Places free now. */
    public int free() {
        return places.availablePermits();
    }
}
