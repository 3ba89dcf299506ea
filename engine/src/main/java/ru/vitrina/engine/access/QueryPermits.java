package ru.vitrina.engine.access;

import ru.vitrina.engine.query.QueryException;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many queries one user may have running at once. One analyst's scripted loop of exports must not take every
 * DuckDB thread from the wall screens and the other analysts; a query over the cap is refused at once with 429 rather
 * than queued, so the script learns to slow down. Vitrina's own work ({@link Principal#system()}) is not counted.
 */
public final class QueryPermits {
    private final int perUser;
    private final ConcurrentHashMap<String, AtomicInteger> running = new ConcurrentHashMap<>();

    public QueryPermits(int perUser) {
        if (perUser < 1) {
            throw new IllegalArgumentException("queries per user must be at least 1, got " + perUser);
        }
        this.perUser = perUser;
    }

    /** Takes a permit for this user; run the returned action (once) when the query is done. */
    public Runnable acquire(Principal principal) {
        if (principal.equals(Principal.system())) {
            return () -> { };
        }
        AtomicInteger count = running.computeIfAbsent(principal.login(), login -> new AtomicInteger());
        if (count.incrementAndGet() > perUser) {
            count.decrementAndGet();
            throw new QueryException(429, "У вас уже выполняется " + perUser + " запросов; дождитесь их / you already have "
                    + perUser + " queries running; wait for them to finish");
        }
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                count.decrementAndGet();
            }
        };
    }

    /** Queries this user has running now. */
    public int running(Principal principal) {
        AtomicInteger count = running.get(principal.login());
        return count == null ? 0 : count.get();
    }
}
