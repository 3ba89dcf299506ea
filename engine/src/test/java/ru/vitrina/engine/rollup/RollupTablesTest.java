package ru.vitrina.engine.rollup;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ru.vitrina.cubes.load.CubeFiles;
import ru.vitrina.cubes.model.Cube;
import ru.vitrina.cubes.model.CubeModel;
import ru.vitrina.cubes.model.Rollup;
import ru.vitrina.engine.sql.SqlFixture;
import ru.vitrina.engine.store.Store;
import ru.vitrina.engine.store.Written;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A publication rebuilds the rollups that read a table it wrote, and only those; one that does not say what it wrote
 * rebuilds them all. Whether a rollup was rebuilt shows in DuckDB's table oid: {@code CREATE OR REPLACE} makes a new
 * table.
 */
class RollupTablesTest {
    private static final String BUDGET_YEAR = "rollup.\"budget__by_year_territory\"";
    private static final String PROCUREMENT = "rollup.\"procurement__by_month_territory_method\"";

    private Store store;
    private CubeModel model;

    @BeforeEach
    void open() throws Exception {
        store = Store.open(Files.createTempDirectory("rollups").resolve("v.duckdb"));
        SqlFixture.fill(store);
        model = new CubeFiles().builtIn();
        RollupTables rollups = new RollupTables(model);
        store.derive(rollups::rebuild);
        store.publish("test", "first", transaction -> { });
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void anIndicatorApprovalRebuildsNoRollup() throws Exception {
        Map<String, Long> before = oids();
        store.publishDeclared("indicators", "approved", transaction -> {
            execute(transaction, "CREATE SCHEMA IF NOT EXISTS indicator");
            execute(transaction, "CREATE TABLE IF NOT EXISTS indicator.entry (code VARCHAR)");
            execute(transaction, "INSERT INTO indicator.entry VALUES ('TO-LAB-1')");
            return Written.schemas("indicator");
        });
        assertThat(oids()).isEqualTo(before);
    }

    @Test
    void aLoadOfProcurementRebuildsItsRollupAndLeavesTheBudgetOnes() throws Exception {
        Map<String, Long> before = oids();
        store.publishDeclared("procurement", "load", transaction -> {
            execute(transaction, "UPDATE procurement.contract SET contract_price = contract_price + 1000 WHERE method_code = 'EA'");
            return Written.tables(List.of("procurement.contract")).and(Written.schemas("meta", "temp"));
        });
        Map<String, Long> after = oids();
        assertThat(after).hasSameSizeAs(before);
        after.forEach((table, oid) -> assertThat(oid.equals(before.get(table)))
                .as(table + " kept").isEqualTo(!table.startsWith("procurement__")));
        assertThat(rows("SELECT sum(\"procurement.contract_amount\") FROM " + PROCUREMENT))
                .isEqualTo(rows("SELECT sum(contract_price) FROM procurement.contract"));
    }

    @Test
    void aLoadOfBudgetRowsRebuildsTheBudgetRollupsWhichAgreeWithTheBaseTable() throws Exception {
        Map<String, Long> before = oids();
        store.publishDeclared("budget", "load", transaction -> {
            execute(transaction, "INSERT INTO budget.execution SELECT operation_id + 100000, document_id, operation_date + 400,"
                    + " oktmo, municipality_oktmo, administrator_code, section_code, subsection_code, target_article, expense_type,"
                    + " plan_amount, limit_amount, fact_amount, modified_at, 2 FROM budget.execution WHERE operation_id % 3 = 0");
            return Written.tables(List.of("budget.execution"));
        });
        Map<String, Long> after = oids();
        after.forEach((table, oid) -> assertThat(oid.equals(before.get(table)))
                .as(table + " kept").isEqualTo(!table.startsWith("budget__")));
        assertThat(rows("SELECT * FROM " + BUDGET_YEAR + " ORDER BY ALL")).isEqualTo(rows(
                "SELECT municipality_oktmo, date_trunc('year', operation_date), sum(plan_amount), sum(limit_amount), sum(fact_amount),"
                        + " count(*) FROM budget.execution GROUP BY ALL ORDER BY ALL"));
    }

    @Test
    void aPublicationThatDoesNotSayWhatItWroteRebuildsEveryRollup() throws Exception {
        Map<String, Long> before = oids();
        store.publish("notes", "a table no cube reads", transaction -> execute(transaction, "CREATE TABLE main.note (text VARCHAR)"));
        Map<String, Long> after = oids();
        assertThat(after).hasSameSizeAs(before);
        after.forEach((table, oid) -> assertThat(oid).as(table + " rebuilt").isNotEqualTo(before.get(table)));
    }

    /** The oid of every rollup table, by name. */
    private Map<String, Long> oids() throws SQLException {
        Map<String, Long> oids = new TreeMap<>();
        try (Connection connection = store.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT table_name, table_oid FROM duckdb_tables() WHERE schema_name = '"
                     + RollupTables.SCHEMA + "' AND table_name <> 'built'")) {
            while (rows.next()) {
                oids.put(rows.getString(1), rows.getLong(2));
            }
        }
        int declared = model.cubes().stream().mapToInt(cube -> cube.rollups().size()).sum();
        assertThat(oids).as("one table per declared rollup").hasSize(declared);
        return oids;
    }

    private List<List<Object>> rows(String sql) throws SQLException {
        try (Connection connection = store.connect(); PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rows = statement.executeQuery()) {
            return SqlFixture.rows(rows);
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
