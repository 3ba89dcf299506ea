package ru.vitrina.ingest.budget;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ru.vitrina.cubes.load.CubeFiles;
import ru.vitrina.engine.rollup.RollupTables;
import ru.vitrina.engine.store.Store;
import ru.vitrina.ingest.job.LoadRunner;
import ru.vitrina.ingest.load.LoadListener;
import ru.vitrina.ingest.load.LoadResult;
import ru.vitrina.ingest.population.TestLoad;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A budget load says which months of budget.execution it changed: the new dates of the rows it writes and the old
 * ones of the rows it rewrites or deletes, not those of rows it quarantines or leaves as they are. Through the load
 * runner, the budget rollups are then recomputed for those months in place and agree with the base table.
 */
class TouchedMonthsTest {
    private Path folder;
    private Store store;
    private String oktmo;
    private String subsection;
    private String expenseType;

    /** One Treasury CSV of the series, and the months it changes. */
    private record Step(String name, boolean reconcile, List<String> lines, Set<LocalDate> months) {
    }

    @BeforeEach
    void open() throws Exception {
        folder = Files.createTempDirectory("touched");
        store = Store.open(folder.resolve("vitrina.duckdb"));
        BudgetFixture.loadReference(store);
        oktmo = single("SELECT min(oktmo) FROM ref.territory");
        subsection = single("SELECT min(code) FROM ref.budget_section WHERE code NOT LIKE '%00'");
        expenseType = single("SELECT min(code) FROM ref.expense_type");
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void eachLoadDeclaresTheMonthsOfTheRowsItChanged() throws Exception {
        for (Step step : series()) {
            TestLoad.Result result = TestLoad.run(store, new BudgetCsvLoad(write(step), step.reconcile()));
            assertThat(result.changedMonths()).as(step.name())
                    .isEqualTo(Map.of(BudgetStage.TARGET + "." + TouchedMonths.COLUMN, step.months()));
        }
    }

    @Test
    void theRunnerHasTheBudgetRollupsRecomputedInPlaceForThoseMonths() throws Exception {
        store.derive(new RollupTables(new CubeFiles().builtIn())::rebuild);
        store.publish("test", "rollups from the reference data", transaction -> { });
        LoadRunner runner = new LoadRunner(store);
        for (Step step : series()) {
            Map<String, Long> before = budgetRollupOids();
            LoadResult result = runner.run(new BudgetCsvLoad(write(step), step.reconcile()), LoadListener.none());
            assertThat(result.error()).as(step.name()).isNull();
            assertThat(budgetRollupOids()).as(step.name() + ": recomputed in place, not rebuilt").isEqualTo(before);
            assertThat(rows("SELECT * FROM rollup.\"budget__by_year_territory\" ORDER BY ALL")).as(step.name()).isEqualTo(rows(
                    "SELECT municipality_oktmo, CAST(date_trunc('year', operation_date) AS TIMESTAMP), sum(plan_amount),"
                            + " sum(limit_amount), sum(fact_amount), count(*) FROM budget.execution GROUP BY ALL ORDER BY ALL"));
            assertThat(rows("SELECT * FROM rollup.\"budget__by_month_section\" ORDER BY ALL")).as(step.name()).isEqualTo(rows(
                    "SELECT section_code, CAST(date_trunc('month', operation_date) AS TIMESTAMP), sum(plan_amount),"
                            + " sum(limit_amount), sum(fact_amount), count(*) FROM budget.execution GROUP BY ALL ORDER BY ALL"));
        }
        assertThat(rows("SELECT count(*) FROM budget.execution")).containsExactly(List.of("4"));
    }

    /**
     * A first extract; an operation moved back across a new year beside a new one and a quarantined one; the same
     * same rows again in another file (in another order: a file already loaded would be skipped); a reconciliation
     * that deletes an operation.
     */
    private List<Step> series() {
        List<String> first = List.of(line(1, "2025-01-10", 100), line(2, "2025-03-05", 200), line(3, "2025-03-20", 300),
                line(4, "2024-11-02", 400));
        List<String> moved = List.of(line(1, "2024-12-28", 150), line(5, "2025-04-01", 500),
                line(6, "2023-06-01", 600).replace(oktmo, "99999999"));
        List<String> movedAgain = new ArrayList<>(moved);
        Collections.reverse(movedAgain);
        List<String> reconciled = List.of(line(1, "2024-12-28", 150), line(3, "2025-03-20", 300), line(4, "2024-11-02", 400),
                line(5, "2025-04-01", 500));
        return List.of(
                new Step("first", false, first, Set.of(month(2024, 11), month(2025, 1), month(2025, 3))),
                new Step("moved", false, moved, Set.of(month(2024, 12), month(2025, 1), month(2025, 4))),
                new Step("again", false, movedAgain, Set.of()),
                new Step("reconciled", true, reconciled, Set.of(month(2025, 3))));
    }

    private String line(long id, String date, long fact) {
        LocalDate day = LocalDate.parse(date);
        return TreasuryCsvExport.line(id, "ПП-" + id, day, oktmo, "801", subsection, "0110100000", expenseType, 1000 * id,
                900 * id, fact, LocalDateTime.of(day, LocalTime.NOON).plusSeconds(fact));
    }

    private Path write(Step step) throws Exception {
        Path file = folder.resolve(step.name() + ".csv");
        List<String> lines = new ArrayList<>(List.of(String.join(";", TreasuryCsv.HEADER)));
        lines.addAll(step.lines());
        Files.writeString(file, String.join("\r\n", lines) + "\r\n", StandardCharsets.UTF_8);
        return file;
    }

    private static LocalDate month(int year, int month) {
        return LocalDate.of(year, month, 1);
    }

    private Map<String, Long> budgetRollupOids() throws SQLException {
        Map<String, Long> oids = new TreeMap<>();
        for (List<String> row : rows("SELECT table_name, table_oid FROM duckdb_tables() WHERE schema_name = 'rollup'"
                + " AND table_name LIKE 'budget__%'")) {
            oids.put(row.get(0), Long.parseLong(row.get(1)));
        }
        assertThat(oids).hasSize(4);
        return oids;
    }

    private String single(String sql) throws SQLException {
        return rows(sql).get(0).get(0);
    }

    private List<List<String>> rows(String sql) throws SQLException {
        List<List<String>> result = new ArrayList<>();
        try (Connection connection = store.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                    row.add(rows.getString(i));
                }
                result.add(row);
            }
        }
        return result;
    }
}
