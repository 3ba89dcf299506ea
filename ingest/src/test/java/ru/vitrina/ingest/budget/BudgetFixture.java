package ru.vitrina.ingest.budget;

import ru.vitrina.engine.store.Store;
import ru.vitrina.ingest.demo.DemoSize;
import ru.vitrina.ingest.demo.ProgressListener;
import ru.vitrina.ingest.reference.MetaLoad;
import ru.vitrina.ingest.reference.ReferenceData;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;

/** A real PostgreSQL source (own schema) and a real DuckDB file store with the reference data, for one test class. */
final class BudgetFixture implements AutoCloseable {
    static final long SEED = 20240517L;
    static final DemoSize SIZE = DemoSize.of("test", 5_000);

    final BudgetSource source;
    final BudgetSourceSimulator simulator;
    final Store store;
    final Path storeFile;

    BudgetFixture(Path folder) throws SQLException {
        source = BudgetSource.local("budget_src_t" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36));
        simulator = new BudgetSourceSimulator(source);
        storeFile = folder.resolve("vitrina.duckdb");
        store = Store.open(storeFile);
        loadReference(store);
    }

    static void loadReference(Store store) {
        LocalDateTime startedAt = LocalDateTime.now().withNano(0);
        store.publish("reference", "справочники", tx -> {
            try (Statement statement = tx.createStatement()) {
                statement.execute("SELECT 1");
            }
            long loadId = MetaLoad.nextLoadId(tx);
            long version = MetaLoad.nextDataVersion(tx);
            java.util.Map<String, Long> rows = new ReferenceData().load(tx, loadId);
            MetaLoad.recordPublished(tx, loadId, "reference", startedAt, version, "reference files", rows, java.util.Map.of());
        });
    }

    long fill() throws SQLException {
        return simulator.fill(SEED, SIZE, ProgressListener.none());
    }

    /** Business columns of budget.execution (not load_id), one line per row, ordered. */
    TreeSet<String> storeRows() throws SQLException {
        try (Connection connection = store.connect()) {
            return lines(connection, "SELECT operation_id, document_id, operation_date, oktmo, administrator_code,"
                    + " subsection_code, target_article, expense_type, plan_amount, limit_amount, fact_amount,"
                    + " strftime(modified_at, '%Y-%m-%d %H:%M:%S') FROM budget.execution");
        }
    }

    TreeSet<String> sourceRows() throws SQLException {
        try (Connection connection = source.connect()) {
            return lines(connection, "SELECT " + BudgetSourceSimulator.COLUMNS.replace("last_modified",
                    "to_char(last_modified, 'YYYY-MM-DD HH24:MI:SS')") + " FROM " + source.table());
        }
    }

    private static TreeSet<String> lines(Connection connection, String sql) throws SQLException {
        TreeSet<String> lines = new TreeSet<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    values.add(String.valueOf(rows.getObject(i)));
                }
                lines.add(String.join("|", values));
            }
        }
        return lines;
    }

    /** Row count and an order-independent checksum of budget.execution's business columns. */
    String checksum() throws SQLException {
        return single("SELECT count(*) || ':' || coalesce(sum(hash(operation_id, document_id, operation_date, oktmo,"
                + " municipality_oktmo, administrator_code, section_code, subsection_code, target_article, expense_type,"
                + " plan_amount, limit_amount, fact_amount, modified_at)), 0) FROM budget.execution");
    }

    String single(String sql) throws SQLException {
        try (Connection connection = store.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    long count(String sql) throws SQLException {
        return Long.parseLong(single(sql));
    }

    List<List<String>> rows(String sql) throws SQLException {
        List<List<String>> result = new ArrayList<>();
        try (Connection connection = store.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    values.add(rows.getString(i));
                }
                result.add(values);
            }
        }
        return result;
    }

    /** A valid source row's codes, to build hand-made rows from. */
    List<String> someCodes() throws SQLException {
        try (Connection connection = source.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT budget_oktmo, kbk_administrator, kbk_subsection,"
                     + " kbk_target_article, kbk_expense_type FROM " + source.table() + " ORDER BY operation_id LIMIT 1")) {
            rows.next();
            return List.of(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4), rows.getString(5));
        }
    }

    static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }

    @Override
    public void close() throws SQLException {
        store.close();
        simulator.drop();
    }
}
