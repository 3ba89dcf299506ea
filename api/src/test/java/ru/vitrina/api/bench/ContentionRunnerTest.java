package ru.vitrina.api.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import ru.vitrina.api.server.TestServer;
import ru.vitrina.engine.access.Principal;
import ru.vitrina.engine.query.QueryAnswer;
import ru.vitrina.engine.query.QueryEngine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The condition that makes each of the bench's requests a question of its own changes no answer and no plan: the
 * same rows from the same rollup (or the base table), on the test store, while the compiled statement's parameters
 * differ, so no cache can answer it.
 */
class ContentionRunnerTest {
    private final QueryEngine engine = TestServer.shared().application().engine();
    private final ObjectMapper json = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"measures\": [\"budget.fact\"], \"dimensions\": [\"budget.section\"], \"timeDimensions\": [{\"dimension\": \"budget.operation_date\", \"granularity\": \"month\"}]}",
            "{\"measures\": [\"budget.execution_pct\"], \"dimensions\": [\"budget.municipality\"], \"order\": {\"budget.execution_pct\": \"desc\"}, \"limit\": 10}",
            "{\"measures\": [\"budget.documents\"], \"timeDimensions\": [{\"dimension\": \"budget.operation_date\", \"granularity\": \"year\"}]}",
            "{\"measures\": [\"budget.plan\", \"budget.fact\"], \"dimensions\": [\"budget.subsection\"], \"filters\": [{\"member\": \"budget.section\", \"operator\": \"equals\", \"values\": [\"0700\"]}]}"})
    void theNumberedConditionChangesNeitherTheRowsNorTheTableThatAnswers(String text) throws Exception {
        JsonNode query = json.readTree(text);
        QueryAnswer asked = engine.load(query, Principal.system());
        QueryAnswer numbered = engine.load(ContentionRunner.numbered(query, "17"), Principal.system());

        assertThat(asked.rows()).isNotEmpty();
        assertThat(numbered.rows()).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(asked.rows());
        assertThat(numbered.rollup()).isEqualTo(asked.rollup());
        assertThat(numbered.compiled().parameters()).isNotEqualTo(asked.compiled().parameters());
        assertThat(ContentionRunner.numbered(query, "18").toString()).isNotEqualTo(ContentionRunner.numbered(query, "17").toString());
    }
}
