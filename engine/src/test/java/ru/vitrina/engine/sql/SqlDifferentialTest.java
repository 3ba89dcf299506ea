package ru.vitrina.engine.sql;

import ru.vitrina.engine.access.Principal;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import ru.vitrina.engine.query.QueryCursor;
import ru.vitrina.engine.query.QueryLimits;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SQL over the cube views against hand-written DuckDB SQL over the base tables: the same rows, so the views and the
 * Calcite translation add nothing and lose nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqlDifferentialTest {
    private static final String BUDGET = "budget.execution e LEFT JOIN ref.territory m ON e.municipality_oktmo = m.oktmo";

    @AutoClose
    private final SqlFixture fixture = new SqlFixture();
    private final SqlService sql = fixture.sqlService();

    static Stream<Arguments> unorderedQueries() {
        return Stream.of(
                Arguments.of("fact by municipality",
                        "select municipality_name, sum(fact) from budget group by 1",
                        "SELECT m.name_ru, SUM(e.fact_amount) FROM " + BUDGET + " GROUP BY 1"),
                Arguments.of("several measures by municipality, upper-case and qualified",
                        "SELECT MUNICIPALITY_NAME, SUM(FACT), SUM(\"plan\"), SUM(LIMITS), COUNT(DISTINCT DOCUMENTS), COUNT(*) FROM CUBES.BUDGET GROUP BY MUNICIPALITY_NAME",
                        "SELECT m.name_ru, SUM(fact_amount), SUM(plan_amount), SUM(limit_amount), COUNT(DISTINCT document_id), COUNT(*) FROM " + BUDGET + " GROUP BY 1"),
                Arguments.of("quarter by FLOOR",
                        "select floor(operation_date to quarter) as q, sum(fact), sum(plan) from budget group by 1",
                        "SELECT date_trunc('quarter', operation_date), SUM(fact_amount), SUM(plan_amount) FROM budget.execution GROUP BY 1"),
                Arguments.of("quarter by CEIL",
                        "select ceil(operation_date to quarter) as q, count(*) from budget group by 1",
                        "SELECT CASE WHEN date_trunc('quarter', operation_date) = operation_date THEN date_trunc('quarter', operation_date)"
                                + " ELSE date_trunc('quarter', operation_date) + INTERVAL 3 MONTH END, COUNT(*) FROM budget.execution GROUP BY 1"),
                Arguments.of("year and quarter by EXTRACT",
                        "select extract(year from operation_date) y, extract(quarter from operation_date) q, sum(fact) from budget group by 1, 2",
                        "SELECT year(operation_date), quarter(operation_date), SUM(fact_amount) FROM budget.execution GROUP BY 1, 2"),
                Arguments.of("ISO week by FLOOR",
                        "select floor(operation_date to week), count(*) from budget where operation_date < date '2023-03-01' group by 1",
                        "SELECT date_trunc('week', operation_date), COUNT(*) FROM budget.execution WHERE operation_date < DATE '2023-03-01' GROUP BY 1"),
                Arguments.of("month by FLOOR with a Cyrillic filter",
                        "select floor(operation_date to month), section_name, sum(fact) from budget where municipality_name = 'Томск' group by 1, 2",
                        "SELECT date_trunc('month', operation_date), s.name_ru, SUM(fact_amount) FROM " + BUDGET
                                + " LEFT JOIN ref.budget_section s ON e.section_code = s.code WHERE m.name_ru = 'Томск' GROUP BY 1, 2"),
                Arguments.of("date range, IN list and LIKE",
                        "select subsection_name, avg(plan), min(fact), max(fact) from budget where operation_date >= date '2024-01-01'"
                                + " and operation_date < date '2024-07-01' and section in ('0700', '0900') and subsection_name like '%образование%'"
                                + " group by subsection_name",
                        "SELECT s.name_ru, AVG(plan_amount), MIN(fact_amount), MAX(fact_amount) FROM budget.execution e LEFT JOIN ref.budget_section s"
                                + " ON e.subsection_code = s.code WHERE operation_date >= DATE '2024-01-01' AND operation_date < DATE '2024-07-01'"
                                + " AND e.section_code IN ('0700', '0900') AND s.name_ru LIKE '%образование%' GROUP BY 1"),
                Arguments.of("HAVING on a count",
                        "select administrator_name, sum(fact) f from budget group by administrator_name having count(*) > 130",
                        "SELECT a.name_ru, SUM(fact_amount) FROM budget.execution e LEFT JOIN ref.budget_administrator a ON e.administrator_code = a.code"
                                + " GROUP BY 1 HAVING COUNT(*) > 130"),
                Arguments.of("sub-query in WHERE",
                        "select municipality, sum(fact) from budget where section in (select section from budget where fact > 90000) group by 1",
                        "SELECT municipality_oktmo, SUM(fact_amount) FROM budget.execution WHERE section_code IN"
                                + " (SELECT section_code FROM budget.execution WHERE fact_amount > 90000) GROUP BY 1"),
                Arguments.of("filtered measures of procurement",
                        "select method_name, count(*), count(smb_contracts), sum(smb_amount), count(terminated_contracts), count(distinct suppliers)"
                                + " from procurement group by method_name",
                        "SELECT pm.name_ru, COUNT(*), COUNT(*) FILTER (WHERE supplier_is_smb), SUM(contract_price) FILTER (WHERE supplier_is_smb),"
                                + " COUNT(*) FILTER (WHERE status = 'terminated'), COUNT(DISTINCT supplier_inn)"
                                + " FROM procurement.contract c LEFT JOIN ref.procurement_method pm ON c.method_code = pm.code GROUP BY 1"),
                Arguments.of("a ratio the user writes",
                        "select municipality_name, round(100.0 * sum(fact) / nullif(sum(plan), 0), 2) as pct from budget group by 1",
                        "SELECT m.name_ru, round(100.0 * SUM(fact_amount) / NULLIF(SUM(plan_amount), 0), 2) FROM " + BUDGET + " GROUP BY 1"),
                Arguments.of("window function over groups",
                        "select municipality_name, rank() over (order by sum(fact) desc) from budget group by 1",
                        "SELECT m.name_ru, rank() OVER (ORDER BY SUM(fact_amount) DESC NULLS FIRST) FROM " + BUDGET + " GROUP BY 1"),
                Arguments.of("population with a filtered count",
                        "select sum(population), count(estimated_figures), count(*) from population",
                        "SELECT SUM(p.population), COUNT(*) FILTER (WHERE p.estimated), COUNT(*) FROM ref.population p"
                                + " JOIN ref.territory t ON t.oktmo = p.oktmo AND t.level = 2"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unorderedQueries")
    void sameRowsAsHandWrittenSql(String name, String cubeSql, String baseSql) throws SQLException {
        assertThat(sorted(run(cubeSql))).isEqualTo(sorted(fixture.duckDb(baseSql))).isNotEmpty();
    }

    @Test
    void orderAndLimitAreKept() throws SQLException {
        List<List<Object>> rows = run("select municipality, sum(fact) as f from budget group by municipality order by f desc limit 3");
        assertThat(rows).isEqualTo(fixture.duckDb("SELECT municipality_oktmo, SUM(fact_amount) AS f FROM budget.execution GROUP BY 1 ORDER BY f DESC LIMIT 3"));
    }

    @Test
    void orderByAColumnNotSelected() throws SQLException {
        List<List<Object>> rows = run("select document_id from budget order by fact desc, operation_date, document_id limit 20");
        assertThat(rows).isEqualTo(fixture.duckDb("SELECT document_id FROM budget.execution ORDER BY fact_amount DESC, operation_date, document_id LIMIT 20"));
    }

    @Test
    void offsetAndFetch() throws SQLException {
        List<List<Object>> rows = run("select operation_date, sum(fact) from budget group by 1 order by 1 offset 10 rows fetch next 5 rows only");
        assertThat(rows).isEqualTo(fixture.duckDb("SELECT operation_date, SUM(fact_amount) FROM budget.execution GROUP BY 1 ORDER BY 1 LIMIT 5 OFFSET 10"));
    }

    @Test
    void parametersBindInTheirOrder() throws SQLException {
        String query = "select municipality_name, sum(fact) from budget where fact > ? and municipality_name = ? group by 1";
        List<List<Object>> rows;
        try (QueryCursor cursor = sql.execute(query, List.of(new BigDecimal("1000"), "Томск"), QueryLimits.DEFAULTS, Principal.system())) {
            rows = SqlFixture.rows(cursor.resultSet());
        }
        assertThat(rows).isEqualTo(fixture.duckDb("SELECT m.name_ru, SUM(fact_amount) FROM " + BUDGET
                + " WHERE fact_amount > ? AND m.name_ru = ? GROUP BY 1", new BigDecimal("1000"), "Томск")).hasSize(1);
    }

    @Test
    void repeatedParameterIsBoundWhereverCalciteUsesIt() throws SQLException {
        String query = "select count(*) from budget where fact between ? and ?";
        SqlTranslation translation = sql.translate(query, 0, Principal.system());
        assertThat(translation.parameterCount()).isEqualTo(2);
        try (QueryCursor cursor = sql.execute(query, List.of(new BigDecimal("100"), new BigDecimal("50000")), QueryLimits.DEFAULTS, Principal.system())) {
            assertThat(SqlFixture.rows(cursor.resultSet())).isEqualTo(fixture.duckDb(
                    "SELECT COUNT(*) FROM budget.execution WHERE fact_amount BETWEEN 100 AND 50000"));
        }
    }

    private List<List<Object>> run(String query) throws SQLException {
        try (QueryCursor cursor = sql.execute(query, List.of(), QueryLimits.DEFAULTS, Principal.system())) {
            return SqlFixture.rows(cursor.resultSet());
        }
    }

    private static List<List<Object>> sorted(List<List<Object>> rows) {
        List<List<Object>> copy = new ArrayList<>(rows);
        copy.sort(Comparator.comparing(Object::toString));
        return copy;
    }
}
