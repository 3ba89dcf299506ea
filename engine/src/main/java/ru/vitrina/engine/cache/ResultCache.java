package ru.vitrina.engine.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import ru.vitrina.engine.query.QueryAnswer;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

import static java.util.Objects.requireNonNull;

/**
 * Answers already computed, keyed by the statement, its parameters, the data version and the asker's rights.
 * A new data version changes every key, so a load makes old answers unreachable at once; they age out by size.
 */
public final class ResultCache {
    private final Cache<Key, QueryAnswer> answers;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    /** @param maxCells how many answer cells (rows × columns) the cache may hold in all */
    public ResultCache(long maxCells) {
        this.answers = Caffeine.newBuilder()
                .maximumWeight(maxCells)
                .weigher((Key key, QueryAnswer answer) -> Math.max(1, answer.rows().size() * Math.max(1, answer.columns().size())))
                .build();
    }

    public Optional<QueryAnswer> get(Key key) {
        QueryAnswer answer = answers.getIfPresent(requireNonNull(key, "key"));
        (answer == null ? misses : hits).increment();
        return Optional.ofNullable(answer);
    }

    public void put(Key key, QueryAnswer answer) {
        answers.put(requireNonNull(key, "key"), requireNonNull(answer, "answer"));
    }

    public long hits() {
        return hits.sum();
    }

    public long misses() {
        return misses.sum();
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
