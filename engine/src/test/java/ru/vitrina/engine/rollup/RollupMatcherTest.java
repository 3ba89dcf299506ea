package ru.vitrina.engine.rollup;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import ru.vitrina.cubes.load.CubeFiles;
import ru.vitrina.engine.query.DateRangeParser;
import ru.vitrina.engine.query.QueryLimits;
import ru.vitrina.engine.query.QueryParser;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** When a rollup may answer: only when the answer is exactly the base table's. */
class RollupMatcherTest {
    private final QueryParser parser = new QueryParser(new CubeFiles().builtIn(),
            new DateRangeParser(Clock.fixed(Instant.parse("2026-11-25T00:00:00Z"), ZoneOffset.UTC)));
    private final RollupMatcher matcher = new RollupMatcher();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "sums by month | true | {\"measures\": [\"budget.fact\", \"budget.plan\"], \"timeDimensions\": [{\"dimension\": \"budget.operation_date\", \"granularity\": \"month\"}]}",
            "a ratio of stored sums | true | {\"measures\": [\"budget.execution_pct\"], \"dimensions\": [\"budget.municipality\"]}",
            "coarser granularity with a year range | true | {\"measures\": [\"budget.fact\"], \"timeDimensions\": [{\"dimension\": \"budget.operation_date\", \"granularity\": \"quarter\", \"dateRange\": [\"2024-01-01\", \"2024-12-31\"]}]}",
            "count becomes a sum of counts | true | {\"measures\": [\"budget.operations\"], \"dimensions\": [\"budget.section\"]}",
            "a count distinct never | false | {\"measures\": [\"budget.documents\"], \"dimensions\": [\"budget.section\"]}",
            "a dimension the rollup lacks | false | {\"measures\": [\"budget.fact\"], \"dimensions\": [\"budget.expense_type\"]}",
            "a filter on a dimension the rollup lacks | false | {\"measures\": [\"budget.fact\"], \"filters\": [{\"member\": \"budget.administrator\", \"operator\": \"equals\", \"values\": [\"801\"]}]}",
            "a finer granularity | false | {\"measures\": [\"budget.fact\"], \"timeDimensions\": [{\"dimension\": \"budget.operation_date\", \"granularity\": \"day\"}]}",
            "weeks do not fit in months | false | {\"measures\": [\"budget.fact\"], \"timeDimensions\": [{\"dimension\": \"budget.operation_date\", \"granularity\": \"week\"}]}",
            "a range starting mid-month | false | {\"measures\": [\"budget.fact\"], \"timeDimensions\": [{\"dimension\": \"budget.operation_date\", \"dateRange\": [\"2024-01-15\", \"2024-12-31\"]}]}",
            "a date filter on a month edge | true | {\"measures\": [\"budget.fact\"], \"filters\": [{\"member\": \"budget.operation_date\", \"operator\": \"beforeDate\", \"values\": [\"2024-07-01\"]}]}",
            "a date filter mid-month | false | {\"measures\": [\"budget.fact\"], \"filters\": [{\"member\": \"budget.operation_date\", \"operator\": \"beforeDate\", \"values\": [\"2024-07-02\"]}]}",
            "raw time values | false | {\"measures\": [\"budget.fact\"], \"dimensions\": [\"budget.operation_date\"]}",
            "a cube without rollups | false | {\"measures\": [\"health.cases\"]}",
    })
    void answersFromARollupOnlyWhenExact(String name, boolean expected, String query) throws Exception {
        var parsed = parser.parse(new ObjectMapper().readTree(query), QueryLimits.DEFAULTS);
        assertThat(matcher.match(parsed).isPresent()).isEqualTo(expected);
    }
}
