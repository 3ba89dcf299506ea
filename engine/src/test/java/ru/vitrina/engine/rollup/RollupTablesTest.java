package ru.vitrina.engine.rollup;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ru.vitrina.cubes.load.CubeFiles;
import ru.vitrina.cubes.model.Cube;
import ru.vitrina.cubes.model.CubeModel;
import ru.vitrina.cubes.model.Granularity;
import ru.vitrina.cubes.model.Rollup;
import ru.vitrina.engine.sql.SqlFixture;
import ru.vitrina.engine.store.DataVersion;
import ru.vitrina.engine.store.Store;
import ru.vitrina.engine.store.Written;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A publication rebuilds the rollups that read a table it wrote, and only those; one that does not say what it wrote
 * rebuilds them all. Whether a rollup was rebuilt shows in DuckDB's table oid: {@code CREATE OR REPLACE} makes a new
 * table. A publication that names the months it changed in the budget has the rollups recompute the buckets those
 * months fall in, in place (the oid stays), and they hold exactly what a rebuild from scratch would, row for row.
 * Besides the budget's own rollups, the cube gets one by week (weeks cross months), one by day, one that reads a joined
 * table and one without time.
 */
class RollupTablesTest {
    private static final String BUDGET_YEAR = "rollup.\"budget__by_year_territory\"";
    private static final String PROCUREMENT = "rollup.\"procurement__by_month_territory_method\"";
    private static final String NAMED = "budget__by_year_municipality_name";
    private static final String TIMELESS = "budget__by_section";
    private static final String MONTH = "budget__by_month_section";

    private Store store;
    private CubeModel model;
    private RollupTables rollups;

    @BeforeEach
    void open() throws Exception {
        store = Store.open(Files.createTempDirectory("rollups").resolve("v.duckdb"));
        SqlFixture.fill(store);
        model = withMoreBudgetRollups(new CubeFiles().builtIn());
        rollups = new RollupTables(model);
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

    @Test
    void aSeriesOfLoadsLeavesEveryRollupAsARebuildFromScratchWould() throws Exception {
        // A new month, and a row on Monday 30 September 2024, whose week runs into October.
        load(Set.of(month(2025, 1), month(2024, 9)),
                "INSERT INTO budget.execution SELECT operation_id + 100000, document_id, operation_date + 366, oktmo,"
                        + " municipality_oktmo, administrator_code, section_code, subsection_code, target_article, expense_type,"
                        + " plan_amount, limit_amount, fact_amount, modified_at, 2 FROM budget.execution"
                        + " WHERE operation_date >= DATE '2024-01-01' AND operation_date < DATE '2024-02-01'",
                "INSERT INTO budget.execution SELECT operation_id + 200000, document_id, DATE '2024-09-30', oktmo,"
                        + " municipality_oktmo, administrator_code, section_code, subsection_code, target_article, expense_type,"
                        + " plan_amount, limit_amount, fact_amount, modified_at, 2 FROM budget.execution WHERE operation_id <= 3");
        assertThat(differences()).isEmpty();

        // Operations moved across a year and a quarter, and within a year across a quarter.
        load(Set.of(month(2024, 12), month(2025, 1), month(2023, 3), month(2023, 5)),
                "UPDATE budget.execution SET operation_date = DATE '2025-01-15', fact_amount = fact_amount + 1"
                        + " WHERE operation_date >= DATE '2024-12-01' AND operation_date < DATE '2025-01-01'",
                "UPDATE budget.execution SET operation_date = operation_date + 61"
                        + " WHERE operation_date >= DATE '2023-03-01' AND operation_date < DATE '2023-03-31'");
        assertThat(differences()).isEmpty();

        // October changed: its first week began on 30 September, whose rows the week's bucket must keep.
        load(Set.of(month(2024, 10)), "UPDATE budget.execution SET plan_amount = plan_amount + 7"
                + " WHERE operation_date >= DATE '2024-10-01' AND operation_date < DATE '2024-10-07'");
        assertThat(differences()).isEmpty();

        // A reconciliation deletes the operations of July 2023.
        load(Set.of(month(2023, 7)), "DELETE FROM budget.execution"
                + " WHERE operation_date >= DATE '2023-07-01' AND operation_date < DATE '2023-08-01'");
        assertThat(differences()).isEmpty();
        assertThat(count("SELECT count(*) FROM rollup.\"" + MONTH + "\" WHERE \"budget.operation_date.month\" = TIMESTAMP '2023-07-01'"))
                .isZero();

        Map<String, Long> before = oids();
        load(Set.of());
        assertThat(oids()).as("a load touching nothing rebuilds nothing").isEqualTo(before);
        assertThat(differences()).isEmpty();
    }

    @Test
    void theComparisonSeesAMonthTheLoadDidNotDeclare() throws Exception {
        load(Set.of(month(2023, 8)), "UPDATE budget.execution SET operation_date = DATE '2023-08-10'"
                + " WHERE operation_date >= DATE '2023-02-01' AND operation_date < DATE '2023-03-01'");
        assertThat(differences()).as("February 2023 keeps its old totals in the rollups").isNotEmpty();
    }

    @Test
    void aRollupReadingAWrittenJoinedTableOrWithoutTimeIsRebuiltWhole() throws Exception {
        Map<String, Long> before = oids();
        publish(Written.partitions("budget.execution", "operation_date", Set.of(month(2024, 5))).and(Written.tables(List.of("ref.territory"))),
                "UPDATE budget.execution SET fact_amount = fact_amount + 1 WHERE operation_date = DATE '2024-05-06'",
                "UPDATE ref.territory SET name_ru = name_ru || ' (новое)'");
        Map<String, Long> after = oids();
        after.forEach((table, oid) -> assertThat(oid.equals(before.get(table))).as(table + " kept")
                .isEqualTo(!table.equals(NAMED) && !table.equals(TIMELESS)));
        assertThat(differences()).isEmpty();
    }

    @Test
    void aMissingRollupTableOrChangedDefinitionsAreRebuiltWhole() throws Exception {
        try (Connection connection = store.connect()) {
            execute(connection, "DROP TABLE rollup.\"" + MONTH + "\"");
        }
        publish(Written.partitions("budget.execution", "operation_date", Set.of(month(2024, 5))),
                "UPDATE budget.execution SET fact_amount = fact_amount + 1 WHERE operation_date = DATE '2024-05-06'");
        assertThat(oids()).containsKey(MONTH);
        assertThat(differences()).isEmpty();

        Map<String, Long> before = oids();
        CubeModel fewer = new CubeFiles().builtIn();
        try (Connection transaction = store.connect()) {
            transaction.setAutoCommit(false);
            DataVersion current = DataVersion.current(transaction).orElseThrow();
            new RollupTables(fewer).rebuild(transaction, new DataVersion(current.version() + 1, current.publishedAt(), "test"),
                    Written.partitions("budget.execution", "operation_date", Set.of(month(2024, 5))));
            Map<String, Long> after = oids(transaction);
            transaction.rollback();
            fewer.cube("budget").orElseThrow().rollups().forEach(rollup -> assertThat(after.get("budget__" + rollup.name()))
                    .as(rollup.name() + " rebuilt").isNotEqualTo(before.get("budget__" + rollup.name())));
        }
    }

    /**
     * A publication of the budget that changed rows in {@code months} only, by {@code statements}: every rollup with
     * time is recomputed in place (or left as it was), the one without time is rebuilt whole when a row changed.
     */
    private void load(Set<LocalDate> months, String... statements) throws SQLException {
        Map<String, Long> before = oids();
        publish(Written.partitions("budget.execution", "operation_date", months).and(Written.schemas("meta", "temp")), statements);
        Map<String, Long> after = oids();
        assertThat(after).hasSameSizeAs(before);
        after.forEach((table, oid) -> assertThat(oid.equals(before.get(table))).as(table + " kept")
                .isEqualTo(months.isEmpty() || !table.equals(TIMELESS)));
    }

    /** A budget load of {@code statements} that says it wrote {@code written}. */
    private void publish(Written written, String... statements) {
        store.publishDeclared("budget", "load", transaction -> {
            for (String sql : statements) {
                execute(transaction, sql);
            }
            return written;
        });
    }

    /**
     * The rows each rollup table holds and a rebuild from scratch does not, and the other way round, with EXCEPT
     * ALL; the rebuild runs in a transaction rolled back afterwards.
     */
    private List<String> differences() throws SQLException {
        List<String> differences = new ArrayList<>();
        try (Connection transaction = store.connect()) {
            transaction.setAutoCommit(false);
            Set<String> tables = oids(transaction).keySet();
            for (String table : tables) {
                execute(transaction, "CREATE TABLE main.\"" + table + "\" AS SELECT * FROM rollup.\"" + table + "\"");
            }
            rollups.rebuild(transaction, DataVersion.current(transaction).orElseThrow(), Written.everything());
            for (String table : tables) {
                String kept = "main.\"" + table + "\"";
                String scratch = "rollup.\"" + table + "\"";
                assertThat(count(transaction, "SELECT count(*) FROM " + scratch)).as(table + " from scratch").isPositive();
                long extra = count(transaction, "SELECT count(*) FROM (SELECT * FROM " + kept + " EXCEPT ALL SELECT * FROM " + scratch + ")");
                long missing = count(transaction, "SELECT count(*) FROM (SELECT * FROM " + scratch + " EXCEPT ALL SELECT * FROM " + kept + ")");
                if (extra + missing > 0) {
                    differences.add(table + ": " + extra + " rows not in a rebuild from scratch, " + missing + " missing");
                }
            }
            transaction.rollback();
        }
        return differences;
    }

    /** The oid of every rollup table, by name. */
    private Map<String, Long> oids() throws SQLException {
        try (Connection connection = store.connect()) {
            Map<String, Long> oids = oids(connection);
            int declared = model.cubes().stream().mapToInt(cube -> cube.rollups().size()).sum();
            assertThat(oids).as("one table per declared rollup").hasSize(declared);
            return oids;
        }
    }

    private static Map<String, Long> oids(Connection connection) throws SQLException {
        Map<String, Long> oids = new TreeMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT table_name, table_oid FROM duckdb_tables() WHERE schema_name = '"
                     + RollupTables.SCHEMA + "' AND table_name <> 'built'")) {
            while (rows.next()) {
                oids.put(rows.getString(1), rows.getLong(2));
            }
        }
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

    private long count(String sql) throws SQLException {
        try (Connection connection = store.connect()) {
            return count(connection, sql);
        }
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static LocalDate month(int year, int month) {
        return LocalDate.of(year, month, 1);
    }

    /** The built-in model, the budget cube with more rollups than its own. */
    private static CubeModel withMoreBudgetRollups(CubeModel model) {
        List<String> measures = List.of("plan", "fact", "operations");
        List<Rollup> more = List.of(
                new Rollup("by_week_section", measures, List.of("section"), "operation_date", Granularity.WEEK),
                new Rollup("by_day", measures, List.of(), "operation_date", Granularity.DAY),
                new Rollup("by_year_municipality_name", measures, List.of("municipality_name"), "operation_date", Granularity.YEAR),
                new Rollup("by_section", measures, List.of("section"), null, null));
        List<Cube> cubes = new ArrayList<>();
        for (Cube cube : model.cubes()) {
            if (cube.name().equals("budget")) {
                List<Rollup> rollups = new ArrayList<>(cube.rollups());
                rollups.addAll(more);
                cubes.add(new Cube(cube.name(), cube.title(), cube.description(), cube.sqlTable(), cube.sql(), cube.joins(),
                        cube.measures(), cube.dimensions(), cube.hierarchies(), rollups, cube.security(), cube.sourceFile()));
            } else {
                cubes.add(cube);
            }
        }
        return new CubeModel(cubes);
    }
}
