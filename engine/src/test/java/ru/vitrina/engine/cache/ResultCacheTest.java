package ru.vitrina.engine.cache;

import org.junit.jupiter.api.Test;
import ru.vitrina.cubes.load.CubeFiles;
import ru.vitrina.cubes.model.CubeModel;
import ru.vitrina.engine.query.CompiledQuery;
import com.fasterxml.jackson.databind.ObjectMapper;
import ru.vitrina.engine.query.CubeQuery;
import ru.vitrina.engine.query.DateRangeParser;
import ru.vitrina.engine.query.QueryAnswer;
import ru.vitrina.engine.query.QueryLimits;
import ru.vitrina.engine.query.QueryParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A newer data version drops the answers of older ones; a late answer of an old version is not kept. */
class ResultCacheTest {
    @Test
    void aNewVersionDropsOlderAnswersAndLateOldAnswersAreNotStored() {
        ResultCache cache = new ResultCache(1_000_000);
        QueryAnswer answer = answer();
        cache.put(key("a", 1), answer);
        cache.put(key("b", 1), answer);
        assertThat(cache.size()).isEqualTo(2);

        cache.put(key("a", 2), answer);
        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.get(key("b", 1))).isEmpty();
        assertThat(cache.get(key("a", 2))).isPresent();

        cache.put(key("c", 1), answer);
        assertThat(cache.get(key("c", 1))).as("an answer read before the publication").isEmpty();
        assertThat(cache.size()).isEqualTo(1);
    }

    /** A request that waited (for its login's permit, say) before computing finds the answer another one kept meanwhile. */
    @Test
    void computingAnAnswerAlreadyKeptReturnsItWithoutRunningTheQueryAgain() {
        ResultCache cache = new ResultCache(1_000_000);
        QueryAnswer answer = answer();
        cache.put(key("a", 1), answer);
        ResultCache.Computed computed = cache.computeOnce(key("a", 1), () -> {
            throw new AssertionError("the query ran again");
        });
        assertThat(computed.shared()).isTrue();
        assertThat(computed.answer()).isSameAs(answer);
        assertThat(cache.computeOnce(key("b", 1), () -> answer).shared()).as("an answer not kept is computed").isFalse();
    }

    /**
     * Caffeine evicts over its weight limit later, on another thread: a cache of zero cells answered hits until then,
     * and the HTTP layer kept the bodies of those hits, so "cache off" (the bench's ad hoc and rollup modes) was not.
     */
    @Test
    void aCacheOfZeroCellsKeepsNothing() {
        ResultCache cache = new ResultCache(0);
        QueryAnswer answer = answer();
        for (int i = 0; i < 100; i++) {
            cache.put(key("a", 1), answer);
            assertThat(cache.get(key("a", 1))).isEmpty();
        }
        assertThat(cache.size()).isZero();
        assertThat(cache.hits()).isZero();
        assertThat(cache.misses()).isEqualTo(100);
    }

    private static ResultCache.Key key(String statement, long version) {
        return new ResultCache.Key(statement, List.of(), version, "");
    }

    private static QueryAnswer answer() {
        CubeModel model = new CubeFiles().builtIn();
        CubeQuery query;
        try {
            query = new QueryParser(model, new DateRangeParser(Clock.systemUTC())).parse(
                    new ObjectMapper().readTree("{\"measures\": [\"budget.fact\"]}"), QueryLimits.DEFAULTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new QueryAnswer(query, new CompiledQuery("SELECT 1", List.of(), List.of()), List.of(), null, null, null, null,
                null, 0, false, null);
    }
}
