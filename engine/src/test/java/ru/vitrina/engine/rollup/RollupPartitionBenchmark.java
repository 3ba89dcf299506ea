package ru.vitrina.engine.rollup;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import ru.vitrina.cubes.load.CubeFiles;
import ru.vitrina.engine.store.DataVersion;
import ru.vitrina.engine.store.Store;
import ru.vitrina.engine.store.Written;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The budget rollups after an hourly-style load (a few thousand operations of the last month changed, as many
 * added to it), rebuilt whole and by partition, run on demand only on a copy of a large store (it is modified: the
 * rollups are built first if they are not current):
 * {@code mvn -B test -pl engine -am -Dtest=RollupPartitionBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * -Dvitrina.bench.store=/tmp/bench.duckdb}. Each rebuild runs in the load's transaction, rolled back afterwards.
 * Prints wall and process CPU seconds (DuckDB's threads included) and the load average.
 */
@EnabledIfSystemProperty(named = "vitrina.bench.store", matches = ".+")
class RollupPartitionBenchmark {
    private static final int ROUNDS = 3;

    @Test
    void rebuildWholeAndByPartition() throws Exception {
        Path file = Path.of(System.getProperty("vitrina.bench.store"));
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        RollupTables rollups = new RollupTables(new CubeFiles().builtIn());
        try (Store store = Store.open(file)) {
            long wall = System.nanoTime();
            long cpu = os.getProcessCpuTime();
            rollups.ensureCurrent(store);
            System.out.printf("%nStore %s, %,d MB, %,d budget rows, %d processors; rollups made current in %.2f s wall %.2f s cpu%n",
                    file, Files.size(file) >> 20, count(store, "SELECT count(*) FROM budget.execution"),
                    Runtime.getRuntime().availableProcessors(), (System.nanoTime() - wall) / 1e9, (os.getProcessCpuTime() - cpu) / 1e9);
            for (int round = 0; round < ROUNDS; round++) {
                for (boolean whole : List.of(true, false)) {
                    try (Connection transaction = store.connect()) {
                        transaction.setAutoCommit(false);
                        LocalDate month = hourlyLoad(transaction);
                        DataVersion current = DataVersion.current(transaction).orElseThrow();
                        Written written = whole ? Written.tables(List.of("budget.execution"))
                                : Written.partitions("budget.execution", "operation_date", Set.of(month));
                        String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
                        wall = System.nanoTime();
                        cpu = os.getProcessCpuTime();
                        rollups.rebuild(transaction, new DataVersion(current.version() + 1, current.publishedAt(), "bench"), written);
                        System.out.printf("  %-13s %s: %6.2f s wall %6.2f s cpu, load average %s%n", whole ? "whole" : "by partition",
                                month, (System.nanoTime() - wall) / 1e9, (os.getProcessCpuTime() - cpu) / 1e9, loadBefore);
                        transaction.rollback();
                    }
                }
            }
        }
    }

    /** Changes every thousandth operation of the last month and adds as many to it; returns that month. */
    private static LocalDate hourlyLoad(Connection transaction) throws SQLException {
        LocalDate month;
        try (Statement statement = transaction.createStatement();
             ResultSet rows = statement.executeQuery("SELECT CAST(date_trunc('month', max(operation_date)) AS DATE) FROM budget.execution")) {
            rows.next();
            month = rows.getObject(1, LocalDate.class);
        }
        try (Statement statement = transaction.createStatement()) {
            String last = " WHERE operation_date >= DATE '" + month + "' AND operation_id % 1000 = 7";
            int changed = statement.executeUpdate("UPDATE budget.execution SET fact_amount = fact_amount + 1" + last);
            int added = statement.executeUpdate("INSERT INTO budget.execution SELECT operation_id + 1000000000, document_id,"
                    + " operation_date, oktmo, municipality_oktmo, administrator_code, section_code, subsection_code,"
                    + " target_article, expense_type, plan_amount, limit_amount, fact_amount, modified_at, load_id"
                    + " FROM budget.execution" + last);
            assertThat(changed).isPositive();
            assertThat(added).isEqualTo(changed);
            System.out.printf("  load: %,d operations of %s changed, %,d added%n", changed, month, added);
        }
        return month;
    }

    private static long count(Store store, String sql) throws SQLException {
        try (Connection connection = store.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
