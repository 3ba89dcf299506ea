package ru.vitrina.api.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ru.vitrina.api.config.VitrinaConfig;
import ru.vitrina.api.security.SecuritySettings;
import ru.vitrina.api.server.Application;
import ru.vitrina.engine.access.Principal;
import ru.vitrina.engine.query.QueryAnswer;
import ru.vitrina.engine.query.QueryException;
import ru.vitrina.engine.query.QueryLimits;
import ru.vitrina.engine.store.Store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Identical queries asked together (the wall screens after a load) are answered by one run in DuckDB: the others wait
 * for its answer, or its failure, and none is left waiting.
 */
class SharedAnswerTest {
    private static final int CALLERS = 8;
    private final ObjectMapper json = new ObjectMapper();
    private Store store;
    private Application application;

    @BeforeEach
    void open() throws Exception {
        // A scan long enough (a few hundred milliseconds) for the callers to overlap, failing at its end when asked to.
        Path cubes = TestCubes.shippedAnd("long", """
                name: long
                title: {ru: Долгий, en: Long}
                sql: "SELECT r AS v FROM range(60000000) t(r)"
                measures:
                  - {name: total, type: sum, sql: v, title: Сумма}
                  - {name: failing, type: sum, sql: "CASE WHEN v = 59999999 THEN error('конец / the end') ELSE v END", title: Ошибка}
                dimensions:
                  - {name: parity, type: number, sql: "v % 2", title: Чётность}
                """);
        VitrinaConfig config = new VitrinaConfig("127.0.0.1", 0, Path.of("unused"), cubes,
                new QueryLimits(10_000, 10_000, 1_000_000, Duration.ofSeconds(60)), false, 1_000_000, SecuritySettings.DEMO);
        store = Store.inMemory();
        store.publish("test", "a published version to key answers by", transaction -> { });
        application = Application.open(config, store);
    }

    @AfterEach
    void close() {
        application.close();
        store.close();
    }

    @Test
    void identicalQueriesAskedTogetherRunOnce() throws Exception {
        List<Object> results = askTogether("long.total");

        assertThat(results).allMatch(QueryAnswer.class::isInstance);
        assertThat(results.stream().map(QueryAnswer.class::cast).filter(answer -> !answer.cached()))
                .as("computed in DuckDB").hasSize(1);
        assertThat(results.stream().map(answer -> ((QueryAnswer) answer).rows().size())).containsOnly(2);
        assertThat(application.engine().cache().shared() + application.engine().cache().hits()).isEqualTo(CALLERS - 1);
    }

    @Test
    void aFailureReachesEveryCallerAndTheNextAskRunsAgain() throws Exception {
        List<Object> results = askTogether("long.failing");

        assertThat(results).allMatch(QueryException.class::isInstance);
        assertThat(results.stream().map(failure -> ((QueryException) failure).getMessage()).distinct()).hasSize(1);
        long shared = application.engine().cache().shared();
        assertThat(shared).as("waited for the one that failed rather than failing on their own").isPositive();

        Object again = askTogether("long.failing", 1).get(0);
        assertThat(again).isInstanceOf(QueryException.class);
        assertThat(application.engine().cache().shared()).as("a failure is not kept").isEqualTo(shared);
    }

    private List<Object> askTogether(String measure) throws Exception {
        return askTogether(measure, CALLERS);
    }

    /** The answer or the failure of each caller. */
    private List<Object> askTogether(String measure, int callers) throws Exception {
        JsonNode query = json.readTree("{\"measures\": [\"" + measure + "\"], \"dimensions\": [\"long.parity\"]}");
        CyclicBarrier start = new CyclicBarrier(callers);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<Object>> asked = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                asked.add(pool.submit(() -> {
                    start.await();
                    try {
                        return application.engine().load(query, Principal.system());
                    } catch (QueryException e) {
                        return e;
                    }
                }));
            }
            List<Object> results = new ArrayList<>();
            for (Future<Object> result : asked) {
                results.add(result.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
