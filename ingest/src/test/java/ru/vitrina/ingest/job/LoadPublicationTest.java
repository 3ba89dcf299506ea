package ru.vitrina.ingest.job;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ru.vitrina.cubes.load.CubeFiles;
import ru.vitrina.engine.rollup.RollupTables;
import ru.vitrina.engine.store.Store;
import ru.vitrina.ingest.demo.DemoRegion;
import ru.vitrina.ingest.demo.DemoSize;
import ru.vitrina.ingest.load.LoadContext;
import ru.vitrina.ingest.load.LoadListener;
import ru.vitrina.ingest.load.LoadResult;
import ru.vitrina.ingest.load.SourceLoad;
import ru.vitrina.ingest.load.TableCounts;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A load publishes the tables it counted (and the runner's own records): only the rollups that read them are rebuilt,
 * seen in DuckDB's table oid ({@code CREATE OR REPLACE} makes a new table).
 */
class LoadPublicationTest {
    private Store store;

    @BeforeEach
    void demo() throws Exception {
        store = Store.open(Files.createTempDirectory("loads").resolve("v.duckdb"));
        new DemoRegion(20261125L, DemoSize.TEST).generate(store, (stage, done, total) -> { });
        RollupTables rollups = new RollupTables(new CubeFiles().builtIn());
        store.derive(rollups::rebuild);
        rollups.ensureCurrent(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aLabourLoadLeavesEveryRollupAsItWas() throws Exception {
        Map<String, Long> before = rollups();
        LoadResult result = new LoadRunner(store).run(load("labour", "labour.market",
                "INSERT INTO labour.market SELECT report_month + INTERVAL 1 MONTH, oktmo, okved_section, registered_unemployed,"
                        + " labour_force, vacancies, offered_salary_total, load_id FROM labour.market"
                        + " WHERE report_month = (SELECT max(report_month) FROM labour.market) LIMIT 1"), LoadListener.none());
        assertThat(result.status()).isEqualTo(LoadResult.Status.PUBLISHED);
        assertThat(rollups()).isEqualTo(before);
    }

    @Test
    void aBudgetLoadRebuildsTheBudgetRollupsOnly() throws Exception {
        Map<String, Long> before = rollups();
        LoadResult result = new LoadRunner(store).run(load("budget", "budget.execution",
                "UPDATE budget.execution SET fact_amount = fact_amount + 1 WHERE operation_id = (SELECT min(operation_id) FROM budget.execution)"),
                LoadListener.none());
        assertThat(result.status()).isEqualTo(LoadResult.Status.PUBLISHED);
        Map<String, Long> after = rollups();
        assertThat(after).hasSameSizeAs(before);
        after.forEach((table, oid) -> assertThat(oid.equals(before.get(table))).as(table + " kept").isEqualTo(!table.startsWith("budget__")));
    }

    /** A load of one row into {@code table} by one statement. */
    private static SourceLoad load(String job, String table, String sql) {
        return new SourceLoad() {
            @Override
            public String job() {
                return job;
            }

            @Override
            public List<TableCounts> load(LoadContext context) throws SQLException {
                try (Statement statement = context.transaction().createStatement()) {
                    statement.execute(sql);
                }
                return List.of(new TableCounts(table, 1, 1, 0));
            }
        };
    }

    private Map<String, Long> rollups() throws SQLException {
        Map<String, Long> oids = new TreeMap<>();
        try (Connection connection = store.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT table_name, table_oid FROM duckdb_tables()"
                     + " WHERE schema_name = 'rollup' AND table_name <> 'built'")) {
            while (rows.next()) {
                oids.put(rows.getString(1), rows.getLong(2));
            }
        }
        assertThat(oids).as("the demo has rollups").isNotEmpty();
        return oids;
    }
}
