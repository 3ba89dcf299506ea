package ru.vitrina.engine.sql;

import ru.vitrina.engine.access.Principal;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import ru.vitrina.engine.query.QueryCursor;
import ru.vitrina.engine.query.QueryException;
import ru.vitrina.engine.query.QueryLimits;

import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The SQL sandbox: only one query over the cube views gets through; statements that write, configure or reach
 * files, other schemas or DuckDB's table functions are refused with a 400 before DuckDB sees anything.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqlSecurityTest {
    @AutoClose
    private final SqlFixture fixture = new SqlFixture();
    private final SqlService sql = fixture.sqlService();

    @ParameterizedTest
    @ValueSource(strings = {
            "insert into budget (fact) values (1)",
            "INSERT INTO cubes.budget SELECT * FROM cubes.budget",
            "update budget set fact = 0",
            "delete from budget",
            "merge into budget b using budget c on b.fact = c.fact when matched then update set fact = 0",
            "create table x as select 1",
            "create or replace view cubes.budget as select 1",
            "drop table budget.execution",
            "drop view cubes.budget",
            "alter table budget.execution add column x int",
            "truncate budget.execution",
            "copy budget.execution to '/tmp/x.csv'",
            "copy (select 1) to '/tmp/x.csv'",
            "attach '/tmp/other.db' as other",
            "detach other",
            "install httpfs",
            "load httpfs",
            "force install httpfs",
            "pragma database_list",
            "set threads = 1",
            "set enable_external_access = true",
            "reset threads",
            "call duckdb_tables()",
            "explain select 1",
            "explain plan for select * from budget",
            "describe budget",
            "show tables",
            "summarize budget",
            "vacuum",
            "checkpoint",
            "export database '/tmp/dump'",
            "import database '/tmp/dump'",
            "use ref",
            "begin transaction",
            "commit",
            "prepare p as select 1",
            "execute p",
            "/* select */ delete from budget",
            "-- select\ndelete from budget",
            "  \n\t-- a comment\n /* another; */ DROP TABLE ref.territory",
    })
    void onlyQueriesAreAllowed(String statement) {
        QueryException e = refused(statement);
        assertThat(e.getMessage()).contains("Разрешены только запросы SELECT").contains("only SELECT queries are allowed");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "select 1; select 2",
            "select * from budget; drop table budget.execution",
            "select 1;;select 2",
            "select 1; -- and then\n delete from budget",
            "select ';' from budget; delete from budget",
    })
    void oneStatementOnly(String statement) {
        assertThat(refused(statement).getMessage()).contains("только один запрос").contains("only one SELECT query");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "select * from ref.territory",
            "select * from \"ref\".\"territory\"",
            "select * from \"ref\".territory",
            "select * from \"REF\".\"TERRITORY\"",
            "select * from \"ref.territory\"",
            "select * from memory.\"ref\".territory",
            "select * from meta.load",
            "select * from \"meta\".\"data_version\"",
            "select * from budget.execution",
            "select * from procurement.contract",
            "select * from information_schema.tables",
            "select * from \"information_schema\".\"columns\"",
            "select * from duckdb_tables()",
            "select * from table(duckdb_tables())",
            "select * from table(\"duckdb_settings\"())",
            "select * from pragma_database_list()",
            "select * from read_csv('/etc/passwd')",
            "select * from read_csv_auto('/etc/passwd')",
            "select * from \"read_csv\"('/etc/passwd')",
            "select * from read_parquet('/tmp/x.parquet')",
            "select * from read_text('/etc/passwd')",
            "select * from glob('/*')",
            "select * from '/etc/passwd'",
            "select * from \"/etc/passwd\"",
            "select read_text('/etc/passwd') from budget",
            "select \"read_csv\"('x') from budget",
            "select \"READ_CSV\"('x') from budget",
            "select getenv('HOME') from budget",
            "select current_setting('threads')",
            "select version()",
            "select * from budget where municipality in (select oktmo from \"ref\".\"territory\")",
            "select (select count(*) from \"meta\".\"load\") from budget",
            "with t as (select * from \"meta\".\"load\") select * from t",
            "select * from budget, lateral (select * from \"ref\".\"territory\") as t",
            "select * from U&\"\\0072\\0065\\0066\".\"territory\"",
            "select * from U&\"\\0072ead_csv\"('/etc/passwd')",
            "select * from budget extend (x integer)",
            "select 'a' || (select name_ru from \"ref\".\"territory\" limit 1) from budget",
            "select * from cubes.budget union all select * from \"ref\".\"territory\"",
            "select * from nonexistent",
            "select next value for seq from budget",
            "select * from budget for system_time as of timestamp '2024-01-01 00:00:00'",
            "select * from budget tablesample bernoulli(50)",
            "select * from budget match_recognize (pattern (a) define a as true)",
            "select * from table(tumble(table budget, descriptor(operation_date), interval '1' day))",
    })
    void nothingButTheCubeViewsIsReachable(String statement) {
        QueryException e = refused(statement);
        assertThat(e.getMessage()).doesNotContain("Binder Error").doesNotContain("Catalog Error");
    }

    @Test
    void unknownTableSuggestsTheNearestCube() {
        QueryException e = refused("select sum(fact) from budgt");
        assertThat(e.getMessage()).contains("«budgt» не найдена").contains("«budget»").contains("did you mean the cube 'budget'?")
                .contains("procurement");
    }

    @Test
    void parseErrorsNameLineAndColumn() {
        QueryException e = refused("select municipality_name,\n  from budget");
        assertThat(e.getMessage()).contains("строке 2, столбце 3").contains("line 2, column 3").contains("Encountered");
    }

    @Test
    void validationErrorsNamePositionAndCalcitesMessage() {
        QueryException e = refused("select municipality_nam from budget");
        assertThat(e.getMessage()).contains("строка 1, столбец 8").contains("line 1, column 8").contains("municipality_nam");
    }

    @Test
    void emptyTextIsRefused() {
        assertThat(refused("  -- nothing\n /* at all */ ;").getMessage()).contains("Пустой запрос");
    }

    @Test
    void semicolonsAndCommentsInsideAQueryAreHarmless() throws SQLException {
        assertThat(rows("select ';drop table ref.territory' as s from budget limit 1")).containsExactly(List.of(";drop table ref.territory"));
        assertThat(rows("select 1 as x1 /* ; drop table ref.territory */")).containsExactly(List.of(1));
        assertThat(rows("select 2 as x2 -- ; drop table ref.territory")).containsExactly(List.of(2));
        assertThat(rows("select 3 as x3;")).containsExactly(List.of(3));
        assertThat(rows("select 'a''b' || '\\' || 'c\";' as s")).containsExactly(List.of("a'b\\c\";"));
        assertThat(fixture.duckDb("SELECT count(*) FROM ref.territory")).containsExactly(List.of(new java.math.BigDecimal(11)));
    }

    @Test
    void theGeneratedSqlNamesOnlyCubeViews() {
        SqlTranslation translation = sql.translate(
                "select m.municipality_name, sum(p.contract_amount) from procurement p join budget m on p.municipality = m.municipality group by 1", 0, Principal.system());
        assertThat(translation.duckDbSql()).contains("\"cubes\".\"procurement\"").contains("\"cubes\".\"budget\"")
                .doesNotContain("ref.").doesNotContain("\"ref\"").doesNotContain("execution");
    }

    @Test
    void nullParametersAreRefused() {
        assertThatThrownBy(() -> sql.execute("select count(*) from budget where municipality_name = ?", java.util.Arrays.asList((Object) null),
                QueryLimits.DEFAULTS, Principal.system())).isInstanceOf(QueryException.class).hasMessageContaining("IS NULL");
    }

    @Test
    void wrongParameterCountIsRefused() {
        QueryException e = catchThrowableOfType(QueryException.class,
                () -> sql.execute("select count(*) from budget where municipality_name = ?", List.of(), QueryLimits.DEFAULTS, Principal.system()));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("1 parameter(s), 0 given");
    }

    private List<List<Object>> rows(String query) throws SQLException {
        try (QueryCursor cursor = sql.execute(query, List.of(), QueryLimits.DEFAULTS, Principal.system())) {
            return SqlFixture.rows(cursor.resultSet()).stream().map(r -> r.stream().map(v -> v instanceof java.math.BigDecimal d ? (Object) d.intValue() : v).toList()).toList();
        }
    }

    private QueryException refused(String statement) {
        QueryException e = catchThrowableOfType(QueryException.class, () -> {
            try (QueryCursor ignored = sql.execute(statement, List.of(), QueryLimits.DEFAULTS, Principal.system())) {
                // Reaching here means the statement ran.
            }
        });
        assertThat(e).as("refused: %s", statement).isNotNull();
        assertThat(e.status()).as("status for %s: %s", statement, e.getMessage()).isEqualTo(400);
        return e;
    }
}
