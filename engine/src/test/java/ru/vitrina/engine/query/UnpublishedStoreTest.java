package ru.vitrina.engine.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import ru.vitrina.cubes.load.CubeFiles;
import ru.vitrina.cubes.model.CubeModel;
import ru.vitrina.engine.access.AnalyticalLane;
import ru.vitrina.engine.access.Principal;
import ru.vitrina.engine.access.QueryPermits;
import ru.vitrina.engine.cache.ResultCache;
import ru.vitrina.engine.rollup.RollupTables;
import ru.vitrina.engine.store.Store;

import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A new deployment before its first load: nothing published, so no rollup tables exist yet. Its wall screens get empty
 * answers from the base tables, not a store error about a missing rollup; after the first publication the rollups answer.
 */
class UnpublishedStoreTest {
    private static final String SECTION_BY_MONTH = "{\"measures\": [\"budget.fact\"], \"dimensions\": [\"budget.section\"],"
            + " \"timeDimensions\": [{\"dimension\": \"budget.operation_date\", \"granularity\": \"month\"}]}";

    @Test
    void aStoreNothingWasPublishedToAnswersFromItsBaseTablesUntilTheFirstPublicationBuildsTheRollups() throws Exception {
        CubeModel model = new CubeFiles().builtIn();
        JsonNode query = new ObjectMapper().readTree(SECTION_BY_MONTH);
        try (Store store = Store.inMemory();
             QueryEngine engine = new QueryEngine(store, model, new QueryParser(model, new DateRangeParser(Clock.systemUTC())),
                     QueryLimits.DEFAULTS, new ResultCache(0), true, new QueryPermits(4, java.time.Duration.ofSeconds(60)), new AnalyticalLane(1, Duration.ofSeconds(5)))) {
            new ModelCheck().check(model, store);
            QueryAnswer before = engine.load(query, Principal.anonymous());
            assertThat(before.rows()).isEmpty();
            assertThat(before.rollup()).isNull();

            store.derive(new RollupTables(model)::rebuild);
            store.publish("test", "the first load", transaction -> { });
            assertThat(engine.load(query, Principal.anonymous()).rollup()).isEqualTo("budget.by_month_section");
        }
    }
}
