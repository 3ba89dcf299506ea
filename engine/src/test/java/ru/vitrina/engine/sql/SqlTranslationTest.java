package ru.vitrina.engine.sql;

import ru.vitrina.engine.access.Principal;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import ru.vitrina.engine.query.QueryException;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What Calcite writes for DuckDB where its own DuckDB dialect falls short, and what the translation cache saves. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqlTranslationTest {
    @AutoClose
    private final SqlFixture fixture = new SqlFixture();
    private final SqlService sql = fixture.sqlService();

    @Test
    void floorToQuarterAndWeekIsDateTrunc() {
        assertThat(duckDb("select floor(operation_date to quarter), floor(operation_date to week), floor(operation_date to year) from budget"))
                .contains("date_trunc('quarter', \"operation_date\")", "date_trunc('week', \"operation_date\")",
                        "date_trunc('year', \"operation_date\")");
    }

    @Test
    void ceilToQuarterIsTheNextQuarterUnlessOnOne() {
        assertThat(duckDb("select ceil(operation_date to quarter) from budget"))
                .contains("CASE WHEN date_trunc('quarter', \"operation_date\") = \"operation_date\" THEN date_trunc('quarter', \"operation_date\")"
                        + " ELSE date_trunc('quarter', \"operation_date\") + INTERVAL '3 months' END");
        assertThat(fixture.duckDb(duckDb("select ceil(date '2024-02-10' to quarter), ceil(date '2024-04-01' to quarter),"
                + " floor(date '2024-05-31' to quarter), ceil(date '2024-02-10' to week)")).get(0))
                .containsExactly(java.time.LocalDate.of(2024, 4, 1), java.time.LocalDate.of(2024, 4, 1),
                        java.time.LocalDate.of(2024, 4, 1), java.time.LocalDate.of(2024, 2, 12));
    }

    @Test
    void fetchIsWrittenAsLimitAndCyrillicStaysPlain() {
        String written = duckDb("select municipality_name from budget where municipality_name <> 'Томск' order by 1 offset 2 rows fetch next 4 rows only");
        assertThat(written).contains("<> 'Томск'").contains("LIMIT 4").contains("OFFSET 2").doesNotContain("FETCH").doesNotContain("u&");
    }

    @Test
    void translationIsCachedPerText() {
        String query = "select municipality_name, section_name, floor(operation_date to quarter) q, sum(fact), sum(\"plan\")"
                + " from budget where operation_date >= date '2024-01-01' group by 1, 2, 3 order by 4 desc";
        // Warm Calcite's classes and the cache's record methods, so the numbers are those of a running server.
        for (int i = 0; i < 3; i++) {
            sql.translate("select count(*) from budget where section = '0100'", 10, Principal.system());
            sql.translate("select section, sum(fact) from budget where section <> '0" + i + "00' group by 1 order by 2", 10, Principal.system());
        }
        long started = System.nanoTime();
        SqlTranslation first = sql.translate(query, 10_001, Principal.system());
        long firstNanos = System.nanoTime() - started;
        started = System.nanoTime();
        SqlTranslation cached = sql.translate(query, 10_001, Principal.system());
        long cachedNanos = System.nanoTime() - started;
        System.out.printf("translation: first %.1f ms, cached %.3f ms%n", firstNanos / 1e6, cachedNanos / 1e6);
        assertThat(cached).isSameAs(first);
        assertThat(cachedNanos).isLessThan(firstNanos);
        assertThat(sql.translate(query, 50, Principal.system())).isNotSameAs(first);
    }

    @Test
    void aLongInListIsAValuesListAndATooDeepExpressionIsRefused() {
        // Analysts paste thousands of codes: Calcite makes a list of 20 or more a VALUES, which must not be written as
        // a chain of thousands of UNION ALLs (the writer's recursion overflowed the stack at about 3 000).
        String codes = java.util.stream.IntStream.range(0, 5_000).mapToObj(i -> "'" + (69_000_000 + i) + "'")
                .collect(java.util.stream.Collectors.joining(", "));
        String written = duckDb("select count(*) from budget where municipality in (" + codes + ", '69701000')");
        assertThat(written).contains("VALUES").doesNotContain("UNION ALL");
        assertThat(fixture.duckDb(written).get(0).get(0)).isEqualTo(
                fixture.duckDb("select count(*) from cubes.budget where municipality = '69701000'").get(0).get(0));

        String ors = java.util.stream.IntStream.range(0, 5_000).mapToObj(i -> "municipality = '" + i + "'")
                .collect(java.util.stream.Collectors.joining(" or "));
        String terms = java.util.stream.IntStream.range(0, 5_000).mapToObj(Integer::toString)
                .collect(java.util.stream.Collectors.joining(" + "));
        for (String deep : List.of("select count(*) from budget where " + ors, "select " + terms + " from budget")) {
            assertThatThrownBy(() -> duckDb(deep)).isInstanceOfSatisfying(QueryException.class, e -> {
                assertThat(e.status()).isEqualTo(400);
                assertThat(e.getMessage()).contains("Слишком сложный запрос", "query too complex", "IN (");
            });
        }
    }

    private String duckDb(String query) {
        return sql.translate(query, 0, Principal.system()).duckDbSql();
    }
}
