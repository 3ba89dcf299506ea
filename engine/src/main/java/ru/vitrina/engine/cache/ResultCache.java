package ru.vitrina.engine.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import ru.vitrina.engine.query.QueryAnswer;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import static java.util.Objects.requireNonNull;

/**
 * Answers already computed, keyed by the statement, its parameters, the data version and the asker's rights.
 * A new data version changes every key, so a load makes old answers unreachable at once; the first answer of a newer
 * version also drops the older versions' answers, so that they do not hold the heap until they age out by size
 * (the soak test showed the heap climbing by a few MB with every load before).
 */
public final class ResultCache {
    private final Cache<Key, QueryAnswer> answers;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    /** The newest data version an answer was stored for. */
    private final AtomicLong newestVersion = new AtomicLong(Long.MIN_VALUE);

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

    /** Counts a hit answered in front of {@link #get} (the HTTP layer keeps the response of a hit whole). */
    public void recordHit() {
        hits.increment();
    }

    public void put(Key key, QueryAnswer answer) {
        requireNonNull(key, "key");
        requireNonNull(answer, "answer");
        long before = newestVersion.getAndAccumulate(key.dataVersion(), Math::max);
        if (key.dataVersion() < before) {
            // A reader that began before the last publication: nobody will ask for its version again.
            return;
        }
        answers.put(key, answer);
        if (key.dataVersion() > before) {
            answers.asMap().keySet().removeIf(k -> k.dataVersion() < key.dataVersion());
        }
    }

    /** Answers held now (for tests and metrics). */
    public long size() {
        answers.cleanUp();
        return answers.estimatedSize();
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
