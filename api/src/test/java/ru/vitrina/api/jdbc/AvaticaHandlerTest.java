package ru.vitrina.api.jdbc;

import ru.vitrina.api.security.Access;
import ru.vitrina.engine.access.Principal;
import io.javalin.Javalin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The real Avatica remote driver against a real Javalin server on a loopback port: metadata shows the cube tables
 * only, queries give the numbers DuckDB gives on the base tables, and nothing but a query runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AvaticaHandlerTest {
    private static final String BY_MUNICIPALITY = "SELECT t.name_ru, SUM(e.fact_amount) FROM budget.execution e"
            + " LEFT JOIN ref.territory t ON e.municipality_oktmo = t.oktmo";

    private JdbcFixture fixture;
    private Javalin server;
    private String url;

    @BeforeAll
    void start() throws SQLException {
        fixture = new JdbcFixture();
        AvaticaHandler handler = new AvaticaHandler(new CubeJdbcMeta(fixture.store, fixture.sql, 100_000, Duration.ofSeconds(30), new ru.vitrina.engine.access.QueryPermits(4, java.time.Duration.ofSeconds(60)),
                fixture.lane));
        server = Javalin.create(cfg -> {
            // No security filter here: every call acts as Vitrina itself, which sees every row and member.
            cfg.routes.before(ctx -> Access.authenticate(ctx, Principal.system()));
            cfg.routes.post("/avatica", handler);
        }).start("127.0.0.1", 0);
        url = "jdbc:avatica:remote:url=http://127.0.0.1:" + server.port() + "/avatica;serialization=json";
    }

    @AfterAll
    void stop() {
        server.stop();
        fixture.close();
    }

    @Test
    void metadataListsTheCubeTablesOnly() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url)) {
            DatabaseMetaData metadata = connection.getMetaData();
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = metadata.getTables(null, null, "%", null)) {
                while (rows.next()) {
                    tables.add(rows.getString("TABLE_SCHEM") + "." + rows.getString("TABLE_NAME"));
                }
            }
            assertThat(tables).contains("cubes.budget", "cubes.procurement", "cubes.health", "cubes.labour", "cubes.population")
                    .allMatch(t -> t.startsWith("cubes."));
            List<String> columns = new ArrayList<>();
            try (ResultSet rows = metadata.getColumns(null, "cubes", "budget", "%")) {
                while (rows.next()) {
                    columns.add(rows.getString("COLUMN_NAME"));
                }
            }
            assertThat(columns).contains("municipality_name", "operation_date", "fact", "plan").doesNotContain("fact_amount");
            List<String> schemas = new ArrayList<>();
            try (ResultSet rows = metadata.getSchemas()) {
                while (rows.next()) {
                    schemas.add(rows.getString("TABLE_SCHEM"));
                }
            }
            assertThat(schemas).containsOnly("cubes");
            assertThat(count(metadata.getTables(null, "ref", "%", null))).isZero();
            assertThat(count(metadata.getTables(null, "%", "territory", null))).isZero();
            assertThat(count(metadata.getColumns(null, null, "execution", null))).isZero();
            assertThat(count(metadata.getTables(null, null, "x' OR '1'='1", null))).isZero();
            assertThat(count(metadata.getPrimaryKeys(null, "ref", "territory"))).isZero();
            assertThat(count(metadata.getFunctions(null, null, "read%"))).isZero();
        }
    }

    @Test
    void aggregateByMunicipalityMatchesDuckDbOnTheBaseTables() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT municipality_name, SUM(fact) AS fact FROM budget GROUP BY municipality_name")) {
            assertThat(rows.getMetaData().getColumnLabel(2)).isEqualTo("fact");
            assertThat(sorted(JdbcFixture.rows(rows))).isEqualTo(sorted(fixture.duckDb(BY_MUNICIPALITY + " GROUP BY 1"))).hasSize(5);
        }
    }

    @Test
    void quartersAndCyrillicFiltersMatchDuckDb() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select floor(operation_date to quarter) as q, sum(fact) from cubes.budget"
                     + " where municipality_name = 'Томск' group by 1 order by 1")) {
            assertThat(JdbcFixture.rows(rows)).isEqualTo(fixture.duckDb("SELECT date_trunc('quarter', operation_date), SUM(fact_amount)"
                    + " FROM budget.execution WHERE municipality_oktmo = '69701000' GROUP BY 1 ORDER BY 1")).hasSize(4);
        }
    }

    @Test
    void preparedStatementWithParameters() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
             PreparedStatement statement = connection.prepareStatement(
                     "select municipality_name, sum(fact), count(*) from budget where fact > ? and municipality_name = ? group by 1")) {
            assertThat(statement.getParameterMetaData().getParameterCount()).isEqualTo(2);
            for (String municipality : List.of("Томск", "Северск")) {
                statement.setBigDecimal(1, new BigDecimal("10000"));
                statement.setString(2, municipality);
                try (ResultSet rows = statement.executeQuery()) {
                    assertThat(JdbcFixture.rows(rows)).isEqualTo(fixture.duckDb("SELECT t.name_ru, SUM(e.fact_amount), COUNT(*)"
                            + " FROM budget.execution e LEFT JOIN ref.territory t ON e.municipality_oktmo = t.oktmo"
                            + " WHERE e.fact_amount > ? AND t.name_ru = ? GROUP BY 1", new BigDecimal("10000"), municipality)).hasSize(1);
                }
            }
        }
    }

    @Test
    void maxRowsOfTheClientIsHonoured() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.setMaxRows(7);
            try (ResultSet rows = statement.executeQuery("select document_id from budget")) {
                assertThat(JdbcFixture.rows(rows)).hasSize(7);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "delete from budget",
            "insert into budget (fact) values (1)",
            "update budget set fact = 0",
            "create table x (a int)",
            "drop view cubes.budget",
            "copy budget.execution to '/tmp/x.csv'",
            "attach '/tmp/x.db'",
            "pragma database_list",
            "set threads = 1",
    })
    void nothingButQueriesRun(String statementText) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.execute(statementText)).isInstanceOf(SQLException.class)
                    .hasMessageContaining("Разрешены только запросы SELECT").hasMessageContaining("only SELECT queries are allowed");
        }
        assertThat(fixture.duckDb("SELECT count(*) FROM budget.execution")).containsExactly(List.of(new BigDecimal(300)));
    }

    @Test
    void batchesAreRefused() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.addBatch("delete from budget");
            // Avatica's client raises batch errors as its own runtime exception, with the server's message.
            assertThatThrownBy(statement::executeBatch).hasMessageContaining("only SELECT queries are allowed");
        }
    }

    @Test
    void tablesOutsideTheCubesAreUnknown() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeQuery("select * from \"ref\".\"territory\"")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("не найдена");
            assertThatThrownBy(() -> statement.executeQuery("select * from read_csv('/etc/passwd')")).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> statement.executeQuery("select sum(fact) from budgt")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("did you mean the cube 'budget'?");
        }
    }

    @Test
    void clientConnectionPropertiesCannotReachAnotherDatabase() throws SQLException {
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("model", "inline:{\"version\":\"1.0\",\"schemas\":[]}");
        properties.setProperty("url", "jdbc:duckdb:/tmp/other.db");
        try (Connection connection = DriverManager.getConnection(url, properties); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select count(*) from budget")) {
            assertThat(JdbcFixture.rows(rows)).containsExactly(List.of(new BigDecimal(300)));
        }
    }

    private static int count(ResultSet rows) throws SQLException {
        try (rows) {
            int n = 0;
            while (rows.next()) {
                n++;
            }
            return n;
        }
    }

    private static List<List<Object>> sorted(List<List<Object>> rows) {
        List<List<Object>> copy = new ArrayList<>(rows);
        copy.sort(Comparator.comparing(Object::toString));
        return copy;
    }
}
