package ru.vitrina.engine.access;

import ru.vitrina.engine.query.QueryException;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

import static java.util.Objects.requireNonNull;

/**
 * How many queries one login may have running at once. One analyst's scripted loop of exports must not take every
 * DuckDB thread from the wall screens and the other analysts: a query of a user who asks questions of their own
 * ({@link Principal#asksOwnQuestions()}) over the cap is refused at once with 429 rather than queued, so the script
 * learns to slow down. Everyone else reads the dashboards' queries, often many wall screens on one login, or every
 * citizen on the public one; their burst after a load waits for a permit (up to {@code wait}, then 503) instead of
 * being refused. Vitrina's own work ({@link Principal#system()}) is not counted.
 */
public final class QueryPermits {
    private final int perUser;
    private final Duration wait;
    private final ConcurrentHashMap<String, Semaphore> permits = new ConcurrentHashMap<>();

    /**
     * @param perUser queries one login may have running at once
     * @param wait    how long a dashboard's query waits for its login's permit before 503
     */
    public QueryPermits(int perUser, Duration wait) {
        if (perUser < 1) {
            throw new IllegalArgumentException("queries per user must be at least 1, got " + perUser);
        }
        this.perUser = perUser;
        this.wait = requireNonNull(wait, "wait");
    }

    /** Takes a permit for this user; run the returned action (once is enough, more are ignored) when the query is done. */
    public Runnable acquire(Principal principal) {
        if (principal.equals(Principal.system())) {
            return () -> { };
        }
        Semaphore mine = permits.computeIfAbsent(principal.login(), login -> new Semaphore(perUser, true));
        if (principal.asksOwnQuestions() ? !mine.tryAcquire() : !Places.awaited(mine, wait)) {
            throw principal.asksOwnQuestions()
                    ? new QueryException(429, "У вас уже выполняется " + perUser + " запросов; дождитесь их / you already have "
                            + perUser + " queries running; wait for them to finish")
                    : new QueryException(503, "Запросы этой учётной записи заняты дольше " + wait.toSeconds() + " с; повторите"
                            + " позже / this login's queries have been busy for longer than " + wait.toSeconds() + " s; try again later");
        }
        return Places.giveBackOnce(mine);
    }

    /** Queries this user has running now. */
    public int running(Principal principal) {
        Semaphore mine = permits.get(principal.login());
        return mine == null ? 0 : perUser - mine.availablePermits();
    }
}
