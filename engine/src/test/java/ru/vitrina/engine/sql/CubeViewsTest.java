package ru.vitrina.engine.sql;

import ru.vitrina.engine.access.Principal;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import ru.vitrina.cubes.model.Cube;
import ru.vitrina.cubes.model.Measure;
import ru.vitrina.engine.query.QueryAnswer;
import ru.vitrina.engine.query.QueryCursor;
import ru.vitrina.engine.query.QueryException;
import ru.vitrina.engine.query.QueryLimits;
import ru.vitrina.engine.query.ResultColumn;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The cube views: their columns, and that aggregating them gives the JSON API's numbers. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CubeViewsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @AutoClose
    private final SqlFixture fixture = new SqlFixture();
    private final SqlService sql = fixture.sqlService();

    @Test
    void oneViewPerCubeWithDimensionsThenAggregatableMeasures() {
        assertThat(CubeSchema.read(fixture.store).tableNames()).containsExactlyElementsOf(fixture.model.cubes().stream().map(Cube::name).toList());
        Cube budget = fixture.model.cube("budget").orElseThrow();
        List<String> names = fixture.views.columns(budget).stream().map(ViewColumn::name).toList();
        assertThat(names).startsWith("operation_date", "region", "region_name", "municipality", "municipality_name")
                .endsWith("plan", "limits", "fact", "documents")
                .doesNotContain("execution_pct", "remainder", "operations");
        assertThat(fixture.duckDb("SELECT column_name FROM information_schema.columns WHERE table_schema = 'cubes' AND table_name = 'budget'"
                + " ORDER BY ordinal_position").stream().map(r -> r.get(0)).toList()).isEqualTo(names);
    }

    @Test
    void measuresSayHowSqlUsersComputeThem() {
        Cube procurement = fixture.model.cube("procurement").orElseThrow();
        assertThat(usage(procurement, "contract_amount")).isEqualTo("SUM(contract_amount)");
        assertThat(usage(procurement, "smb_contracts")).isEqualTo("COUNT(smb_contracts)");
        assertThat(usage(procurement, "contracts")).isEqualTo("COUNT(*)");
        assertThat(usage(procurement, "suppliers")).isEqualTo("COUNT(DISTINCT suppliers)");
        assertThat(CubeViews.sqlUsage(procurement.measure("smb_share").orElseThrow())).isEmpty();
        assertThat(CubeViews.isSqlColumn(procurement.measure("contracts").orElseThrow())).isFalse();
        assertThat(CubeViews.isSqlColumn(procurement.measure("smb_contracts").orElseThrow())).isTrue();
        assertThat(fixture.views.column("PROCUREMENT", "Smb_Amount").orElseThrow().expression())
                .isEqualTo("CASE WHEN \"c\".supplier_is_smb THEN \"c\".contract_price END");
    }

    @Test
    void creatingAgainReplacesViewsAndDropsThoseOfRemovedCubes() {
        fixture.duckDb("SELECT 1");
        try (var c = fixture.store.connect(); var st = c.createStatement()) {
            st.execute("CREATE VIEW cubes.old_cube AS SELECT 1 AS x");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        fixture.views.create(fixture.store);
        assertThat(fixture.duckDb("SELECT count(*) FROM duckdb_views() WHERE schema_name = 'cubes' AND NOT internal"))
                .containsExactly(List.of(new java.math.BigDecimal(fixture.model.cubes().size())));
    }

    @Test
    void everyColumnCanBeNamedWithoutQuotesExceptCalcitesReservedWords() {
        List<String> needQuotes = new ArrayList<>();
        for (Cube cube : fixture.model.cubes()) {
            for (ViewColumn column : fixture.views.columns(cube)) {
                try {
                    sql.translate("select " + column.name() + " from " + cube.name(), 0, Principal.system());
                } catch (QueryException e) {
                    needQuotes.add(cube.name() + "." + column.name());
                    sql.translate("select \"" + column.name() + "\" from " + cube.name(), 0, Principal.system());
                }
            }
        }
        // Calcite reserves METHOD: analysts write "method". Listed here so that a new one is noticed (and documented).
        assertThat(needQuotes).containsExactly("procurement.method");
    }

    @Test
    void sumByMunicipalityIsWhatTheJsonApiGives() throws Exception {
        QueryAnswer answer = fixture.engine.load(JSON.readTree("""
                {"measures": ["budget.fact", "budget.plan", "budget.limits", "budget.documents", "budget.operations"],
                 "dimensions": ["budget.municipality_name"]}"""), Principal.system());
        List<List<Object>> viaSql = rows("select municipality_name, sum(fact), sum(\"plan\"), sum(limits), count(distinct documents), count(*)"
                + " from budget group by municipality_name");
        assertThat(sorted(viaSql)).isEqualTo(sorted(jsonRows(answer))).hasSize(6);
    }

    @Test
    void quartersAreWhatTheJsonApiGives() throws Exception {
        QueryAnswer answer = fixture.engine.load(JSON.readTree("""
                {"measures": ["budget.fact"], "dimensions": ["budget.section_name"],
                 "timeDimensions": [{"dimension": "budget.operation_date", "granularity": "quarter"}]}"""), Principal.system());
        List<List<Object>> viaSql = rows("select section_name, floor(operation_date to quarter), sum(fact) from budget group by 1, 2");
        assertThat(sorted(viaSql)).isEqualTo(sorted(jsonRows(answer))).hasSizeGreaterThan(8);
    }

    @Test
    void filteredMeasuresAreWhatTheJsonApiGives() throws Exception {
        QueryAnswer answer = fixture.engine.load(JSON.readTree("""
                {"measures": ["procurement.smb_contracts", "procurement.smb_amount", "procurement.terminated_contracts",
                              "procurement.suppliers", "procurement.contracts"],
                 "dimensions": ["procurement.method_name"]}"""), Principal.system());
        List<List<Object>> viaSql = rows("select method_name, count(smb_contracts), sum(smb_amount), count(terminated_contracts),"
                + " count(distinct suppliers), count(*) from procurement group by 1");
        assertThat(sorted(viaSql)).isEqualTo(sorted(jsonRows(answer))).hasSize(3);
    }

    @Test
    void columnsAreTitledFromTheCubeModel() {
        SqlTranslation translation = sql.translate("select municipality_name, sum(fact) as f, count(fact), floor(operation_date to quarter) q"
                + " from budget group by 1, 4", 0, Principal.system());
        List<ResultColumn> columns = translation.columns();
        assertThat(columns).extracting(ResultColumn::key).containsExactly("municipality_name", "f", "count(fact)", "q");
        assertThat(columns.get(0).title()).isEqualTo("Муниципальное образование");
        assertThat(columns.get(1).title()).isEqualTo("Кассовое исполнение");
        assertThat(columns.get(1).titleEn()).isEqualTo("Cash execution");
        assertThat(columns.get(1).unit()).isEqualTo("руб.");
        assertThat(columns.get(1).format()).isEqualTo("currency");
        assertThat(columns.get(2).title()).isEqualTo("count(fact)");
        assertThat(columns.get(3).title()).isEqualTo("q");
        assertThat(columns).extracting(c -> c.type().cubeName()).containsExactly("string", "number", "number", "time");
    }

    @Test
    void rowCapIsOneMoreThanTheCallerMayShow() throws SQLException {
        QueryLimits small = new QueryLimits(5, 10, 100, java.time.Duration.ofSeconds(30));
        try (QueryCursor cursor = sql.execute("select document_id from budget", List.of(), small, Principal.system())) {
            assertThat(SqlFixture.rows(cursor.resultSet())).hasSize(11);
        }
        try (QueryCursor cursor = sql.execute("select document_id from budget limit 3", List.of(), small, Principal.system())) {
            assertThat(SqlFixture.rows(cursor.resultSet())).hasSize(3);
        }
        try (QueryCursor cursor = sql.execute("select document_id from budget", List.of(), small.forExport(), Principal.system())) {
            assertThat(SqlFixture.rows(cursor.resultSet())).hasSize(101);
        }
        assertThat(sql.translate("select document_id from budget order by 1 limit 500", SqlService.rowCap(small), Principal.system()).duckDbSql())
                .endsWith("LIMIT 11").doesNotContain("500");
    }

    private List<List<Object>> rows(String query) throws SQLException {
        try (QueryCursor cursor = sql.execute(query, List.of(), QueryLimits.DEFAULTS, Principal.system())) {
            return SqlFixture.rows(cursor.resultSet());
        }
    }

    private static List<List<Object>> jsonRows(QueryAnswer answer) {
        return answer.rows().stream().map(row -> Arrays.stream(row).map(SqlFixture::comparable).toList()).toList();
    }

    private static String usage(Cube cube, String measure) {
        Measure m = cube.measure(measure).orElseThrow();
        return CubeViews.sqlUsage(m).orElseThrow();
    }

    private static List<List<Object>> sorted(List<List<Object>> rows) {
        List<List<Object>> copy = new ArrayList<>(rows);
        copy.sort(Comparator.comparing(Object::toString));
        return copy;
    }
}
