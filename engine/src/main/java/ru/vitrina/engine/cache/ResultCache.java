package ru.vitrina.engine.cache;

import ru.vitrina.engine.query.QueryAnswer;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import java.util.concurrent.atomic.LongAdder;

import static java.util.Objects.requireNonNull;

/**
 * Answers already computed, keyed by the statement, its parameters, the data version and the asker's rights.
 * A new data version changes every key, so a load makes old answers unreachable at once; the first answer of a newer
 * version also drops the older versions' answers ({@link NewestVersionCache}).
 *
 * <p>An answer being computed is shared too ({@link #computeOnce}): after a load, every wall screen asks its dashboard's
 * queries again within a second, and identical queries would otherwise all scan DuckDB at once, each as slow as the
 * others for sharing the cores with them.
 */
public final class ResultCache {
    private final NewestVersionCache<Key, QueryAnswer> answers;
    /**
     * Whether answers are kept at all. Caffeine evicts an entry over the weight limit after the put, on another
     * thread, so a cache of zero cells would still answer hits in between (and the HTTP layer would keep their bodies).
     */
    private final boolean enabled;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder shared = new LongAdder();
    private final ConcurrentMap<Key, CompletableFuture<QueryAnswer>> running = new ConcurrentHashMap<>();

    /** @param maxCells how many answer cells (rows × columns) the cache may hold in all */
    public ResultCache(long maxCells) {
        this.enabled = maxCells > 0;
        this.answers = new NewestVersionCache<>(maxCells,
                (key, answer) -> Math.max(1, answer.rows().size() * Math.max(1, answer.columns().size())), Key::dataVersion);
    }

    public Optional<QueryAnswer> get(Key key) {
        Optional<QueryAnswer> answer = enabled ? answers.get(key) : Optional.empty();
        (answer.isPresent() ? hits : misses).increment();
        return answer;
    }

    /** Counts a hit answered in front of {@link #get} (the HTTP layer keeps the response of a hit whole). */
    public void recordHit() {
        hits.increment();
    }

    public void put(Key key, QueryAnswer answer) {
        if (enabled) {
            answers.put(key, answer);
        }
    }

    /**
     * Runs {@code compute} for the key, unless an identical query (same statement, parameters, data version and rights)
     * is being computed now: then waits for that one's answer, or its failure, instead. Works with the cache off too,
     * since the shared answer is of the same version as a computed one would be.
     */
    public Computed computeOnce(Key key, Supplier<QueryAnswer> compute) {
        CompletableFuture<QueryAnswer> mine = new CompletableFuture<>();
        CompletableFuture<QueryAnswer> theirs = running.putIfAbsent(key, mine);
        if (theirs != null) {
            shared.increment();
            return new Computed(awaited(theirs), true);
        }
        try {
            // A request that waited (for its user's permit, say) may find the answer kept by then.
            Optional<QueryAnswer> kept = enabled ? answers.get(key) : Optional.empty();
            if (kept.isPresent()) {
                hits.increment();
                mine.complete(kept.get());
                return new Computed(kept.get(), true);
            }
            QueryAnswer answer = compute.get();
            mine.complete(answer);
            return new Computed(answer, false);
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            running.remove(key, mine);
        }
    }

    private static QueryAnswer awaited(CompletableFuture<QueryAnswer> answer) {
        try {
            return answer.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** @param shared whether the answer was another request's, computed while this one waited */
    public record Computed(QueryAnswer answer, boolean shared) {
    }

    /** Answers held now (for tests and metrics). */
    public long size() {
        return answers.size();
    }

    public long hits() {
        return hits.sum();
    }

    public long misses() {
        return misses.sum();
    }

    /** Misses answered by an identical query that was running (a part of {@link #misses}). */
    public long shared() {
        return shared.sum();
    }

    /**
     * @param statement the compiled SQL with the query's options that change the answer (total, totals, drill-down)
     * @param rights who asks, as far as it changes what they may see (row-level security); "" when all see the same
     */
    public record Key(String statement, List<Object> parameters, long dataVersion, String rights) {
        public Key {
            requireNonNull(statement, "statement");
            parameters = List.copyOf(parameters);
            requireNonNull(rights, "rights");
        }
    }
}
