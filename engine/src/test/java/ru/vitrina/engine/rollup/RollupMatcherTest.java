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
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Which rollup answers: the smallest one whose answer is exactly the base table's, none if there is none. */
class RollupMatcherTest {
    private final QueryParser parser = new QueryParser(new CubeFiles().builtIn(),
            new DateRangeParser(Clock.fixed(Instant.parse("2026-11-25T00:00:00Z"), ZoneOffset.UTC)));
    private final RollupMatcher matcher = new RollupMatcher();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "sums by month | budget.by_month_section | {\"measures\": [\"budget.fact\", \"budget.plan\"], \"timeDimensions\": [{\"dimension\": \"budget.operation_date\", \"granularity\": \"month\"}]}",
            "a ratio of stored sums | budget.by_year_territory | {\"measures\": [\"budget.execution_pct\"], \"dimensions\": [\"budget.municipality\"]}",
            "coarser granularity with a year range | budget.by_month_section | {\"measures\": [\"budget.fact\"], \"timeDimensions\": [{\"dimension\": \"budget.operation_date\", \"granularity\": \"quarter\", \"dateRange\": [\"2024-01-01\", \"2024-12-31\"]}]}",
            "count becomes a sum of counts | budget.by_month_section | {\"measures\": [\"budget.operations\"], \"dimensions\": [\"budget.section\"]}",
            "a count distinct never | — | {\"measures\": [\"budget.documents\"], \"dimensions\": [\"budget.section\"]}",
            "a dimension the rollup lacks | — | {\"measures\": [\"budget.fact\"], \"dimensions\": [\"budget.expense_type\"]}",
            "a filter on a dimension the rollup lacks | — | {\"measures\": [\"budget.fact\"], \"filters\": [{\"member\": \"budget.administrator\", \"operator\": \"equals\", \"values\": [\"801\"]}]}",
            "a finer granularity | — | {\"measures\": [\"budget.fact\"], \"timeDimensions\": [{\"dimension\": \"budget.operation_date\", \"granularity\": \"day\"}]}",
            "weeks do not fit in months | — | {\"measures\": [\"budget.fact\"], \"timeDimensions\": [{\"dimension\": \"budget.operation_date\", \"granularity\": \"week\"}]}",
            "a range starting mid-month | — | {\"measures\": [\"budget.fact\"], \"timeDimensions\": [{\"dimension\": \"budget.operation_date\", \"dateRange\": [\"2024-01-15\", \"2024-12-31\"]}]}",
            "a date filter on a month edge | budget.by_month_section | {\"measures\": [\"budget.fact\"], \"filters\": [{\"member\": \"budget.operation_date\", \"operator\": \"beforeDate\", \"values\": [\"2024-07-01\"]}]}",
            "a date filter mid-month | — | {\"measures\": [\"budget.fact\"], \"filters\": [{\"member\": \"budget.operation_date\", \"operator\": \"beforeDate\", \"values\": [\"2024-07-02\"]}]}",
            "raw time values | — | {\"measures\": [\"budget.fact\"], \"dimensions\": [\"budget.operation_date\"]}",
            "region totals by year from the smallest rollup | budget.by_year_territory | {\"measures\": [\"budget.plan\", \"budget.fact\", \"budget.execution_pct\"], \"timeDimensions\": [{\"dimension\": \"budget.operation_date\", \"granularity\": \"year\"}]}",
            "a year range on year buckets | budget.by_year_territory | {\"measures\": [\"budget.execution_pct\"], \"dimensions\": [\"budget.municipality\"], \"timeDimensions\": [{\"dimension\": \"budget.operation_date\", \"dateRange\": [\"2025-01-01\", \"2025-12-31\"]}]}",
            "year over year on year buckets | budget.by_year_territory | {\"measures\": [\"budget.fact\"], \"dimensions\": [\"budget.municipality\"], \"timeDimensions\": [{\"dimension\": \"budget.operation_date\", \"granularity\": \"year\", \"dateRange\": [\"2025-01-01\", \"2025-12-31\"]}], \"compare\": {\"with\": [\"previousYear\"]}}",
            "a half-year range is not on year edges | budget.by_quarter_territory_section | {\"measures\": [\"budget.fact\"], \"dimensions\": [\"budget.municipality\"], \"timeDimensions\": [{\"dimension\": \"budget.operation_date\", \"dateRange\": [\"2025-01-01\", \"2025-06-30\"]}]}",
            "months by municipality need the finest rollup | budget.by_month_territory_section | {\"measures\": [\"budget.fact\"], \"dimensions\": [\"budget.municipality\"], \"timeDimensions\": [{\"dimension\": \"budget.operation_date\", \"granularity\": \"month\"}]}",
            "section by month | budget.by_month_section | {\"measures\": [\"budget.fact\"], \"dimensions\": [\"budget.section\"], \"timeDimensions\": [{\"dimension\": \"budget.operation_date\", \"granularity\": \"month\", \"dateRange\": [\"2025-01-01\", \"2025-12-31\"]}]}",
            "a filter on municipality rules out the section rollup | budget.by_quarter_territory_section | {\"measures\": [\"budget.plan\", \"budget.fact\"], \"dimensions\": [\"budget.subsection\"], \"timeDimensions\": [{\"dimension\": \"budget.operation_date\", \"granularity\": \"quarter\", \"dateRange\": [\"2025-01-01\", \"2025-12-31\"]}], \"filters\": [{\"member\": \"budget.municipality\", \"operator\": \"equals\", \"values\": [\"69701000\"]}, {\"member\": \"budget.section\", \"operator\": \"equals\", \"values\": [\"0700\"]}]}",
            "a range starting mid-quarter needs months | budget.by_month_territory_section | {\"measures\": [\"budget.fact\"], \"dimensions\": [\"budget.subsection\"], \"timeDimensions\": [{\"dimension\": \"budget.operation_date\", \"dateRange\": [\"2025-02-01\", \"2025-12-31\"]}]}",
            "a distinct count by year never | — | {\"measures\": [\"budget.documents\"], \"timeDimensions\": [{\"dimension\": \"budget.operation_date\", \"granularity\": \"year\"}]}",
            "a distinct count beside sums never | — | {\"measures\": [\"budget.fact\", \"budget.documents\"], \"dimensions\": [\"budget.municipality\"]}",
            "a cube without rollups | — | {\"measures\": [\"health.cases\"]}",
    })
    void answersFromTheSmallestRollupOnlyWhenExact(String name, String expected, String query) throws Exception {
        assertThat(match(query).map(RollupMatcher.Match::rollup).orElse("—")).isEqualTo(expected);
    }
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "section by month in the rollup's own buckets | true | {\"measures\": [\"budget.fact\"], \"dimensions\": [\"budget.section\"], \"timeDimensions\": [{\"dimension\": \"budget.operation_date\", \"granularity\": \"month\", \"dateRange\": [\"2025-01-01\", \"2025-12-31\"]}]}",
            "one municipality and section held to one value each | true | {\"measures\": [\"budget.plan\", \"budget.fact\"], \"dimensions\": [\"budget.subsection\"], \"timeDimensions\": [{\"dimension\": \"budget.operation_date\", \"granularity\": \"quarter\", \"dateRange\": [\"2025-01-01\", \"2025-12-31\"]}], \"filters\": [{\"member\": \"budget.municipality\", \"operator\": \"equals\", \"values\": [\"69701000\"]}, {\"member\": \"budget.section\", \"operator\": \"equals\", \"values\": [\"0700\"]}]}",
            "one year bucket read by municipality | true | {\"measures\": [\"budget.execution_pct\"], \"dimensions\": [\"budget.municipality\"], \"timeDimensions\": [{\"dimension\": \"budget.operation_date\", \"dateRange\": [\"2025-01-01\", \"2025-12-31\"]}]}",
            "a condition on a measure is then a condition on the rows | true | {\"measures\": [\"budget.fact\"], \"dimensions\": [\"budget.section\"], \"timeDimensions\": [{\"dimension\": \"budget.operation_date\", \"granularity\": \"month\"}], \"filters\": [{\"member\": \"budget.fact\", \"operator\": \"gt\", \"values\": [\"1000\"]}]}",
            "two municipalities are not one value | false | {\"measures\": [\"budget.fact\"], \"dimensions\": [\"budget.subsection\"], \"timeDimensions\": [{\"dimension\": \"budget.operation_date\", \"granularity\": \"quarter\"}], \"filters\": [{\"member\": \"budget.municipality\", \"operator\": \"equals\", \"values\": [\"69701000\", \"69710000\"]}, {\"member\": \"budget.section\", \"operator\": \"equals\", \"values\": [\"0700\"]}]}",
            "a condition other than equals holds nothing | false | {\"measures\": [\"budget.fact\"], \"dimensions\": [\"budget.subsection\"], \"timeDimensions\": [{\"dimension\": \"budget.operation_date\", \"granularity\": \"quarter\"}], \"filters\": [{\"member\": \"budget.municipality\", \"operator\": \"notEquals\", \"values\": [\"69701000\"]}, {\"member\": \"budget.section\", \"operator\": \"equals\", \"values\": [\"0700\"]}]}",
            "one value inside an or holds nothing | false | {\"measures\": [\"budget.fact\"], \"dimensions\": [\"budget.subsection\"], \"timeDimensions\": [{\"dimension\": \"budget.operation_date\", \"granularity\": \"quarter\"}], \"filters\": [{\"or\": [{\"member\": \"budget.municipality\", \"operator\": \"equals\", \"values\": [\"69701000\"]}, {\"member\": \"budget.section\", \"operator\": \"equals\", \"values\": [\"0700\"]}]}]}",
            "quarters summed from the month rollup | false | {\"measures\": [\"budget.fact\"], \"dimensions\": [\"budget.section\"], \"timeDimensions\": [{\"dimension\": \"budget.operation_date\", \"granularity\": \"quarter\"}]}",
            "region totals by year sum the municipalities | false | {\"measures\": [\"budget.plan\", \"budget.fact\"], \"timeDimensions\": [{\"dimension\": \"budget.operation_date\", \"granularity\": \"year\"}]}",
            "municipalities over two years sum the years | false | {\"measures\": [\"budget.fact\"], \"dimensions\": [\"budget.municipality\"], \"timeDimensions\": [{\"dimension\": \"budget.operation_date\", \"dateRange\": [\"2024-01-01\", \"2025-12-31\"]}]}",
            "no groups at all still aggregates | false | {\"measures\": [\"budget.fact\"], \"timeDimensions\": [{\"dimension\": \"budget.operation_date\", \"dateRange\": [\"2025-01-01\", \"2025-12-31\"]}], \"filters\": [{\"member\": \"budget.municipality\", \"operator\": \"equals\", \"values\": [\"69701000\"]}]}",
            "year over year on year buckets | true | {\"measures\": [\"budget.fact\"], \"dimensions\": [\"budget.municipality\"], \"timeDimensions\": [{\"dimension\": \"budget.operation_date\", \"granularity\": \"year\", \"dateRange\": [\"2025-01-01\", \"2025-12-31\"]}], \"compare\": {\"with\": [\"previousYear\"]}}",
    })
    void readsRollupRowsAsTheGroupsOnlyWhenEachIsOne(String name, boolean expected, String query) throws Exception {
        assertThat(match(query).orElseThrow().rowsAreGroups()).isEqualTo(expected);
    }

    private Optional<RollupMatcher.Match> match(String query) throws Exception {
        return matcher.match(parser.parse(new ObjectMapper().readTree(query), QueryLimits.DEFAULTS));
    }
}
