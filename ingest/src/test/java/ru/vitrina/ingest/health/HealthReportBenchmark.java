package ru.vitrina.ingest.health;

import com.sun.management.OperatingSystemMXBean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import ru.vitrina.engine.store.Store;
import ru.vitrina.ingest.job.LoadRunner;
import ru.vitrina.ingest.load.LoadListener;
import ru.vitrina.ingest.load.LoadResult;
import ru.vitrina.ingest.reference.ReferenceData;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.YearMonth;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * XLSX speed, run on demand only: {@code mvn -B test -pl ingest -am -Dtest=HealthReportBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false -Dvitrina.bench.health.months=240}. Writes that many monthly workbooks
 * (420 rows each) and loads the folder through the load runner into a fresh DuckDB file twice, printing rows per second, the
 * process's CPU seconds (Java and DuckDB's threads; steadier than wall time on a shared machine) and the load average.
 */
@EnabledIfSystemProperty(named = "vitrina.bench.health.months", matches = "\\d+")
class HealthReportBenchmark {
    @TempDir
    Path folder;

    @Test
    void loadsTheWorkbooks() throws Exception {
        int months = Integer.parseInt(System.getProperty("vitrina.bench.health.months"));
        Path drop = folder.resolve("drop");
        // The same folder into two fresh stores: the first load pays for a cold JVM (class loading, JIT), the second
        // shows what the load itself costs once compiled, as a long-running server runs it.
        for (String run : new String[]{"cold JVM", "warm JVM"}) {
            try (Store store = Store.open(folder.resolve(run.replace(' ', '-') + ".duckdb"))) {
                new ReferenceData().publish(store);
                if (!Files.isDirectory(drop)) {
                    try (Connection connection = store.connect()) {
                        YearMonth first = YearMonth.of(2000, 1);
                        HealthReportSimulator.fromReference(connection, 1)
                                .writeWorkbooks(drop, first, first.plusMonths(months - 1));
                    }
                }
                OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
                long cpu = os.getProcessCpuTime();
                long started = System.nanoTime();
                LoadResult result = new LoadRunner(store).run(new HealthReportLoad(drop), LoadListener.none());
                double seconds = (System.nanoTime() - started) / 1e9;
                double cpuSeconds = (os.getProcessCpuTime() - cpu) / 1e9;
                assertThat(result.published()).as(result.error()).isTrue();
                assertThat(result.quarantined()).isZero();
                System.out.printf("%nHealth XLSX, %s: %d workbooks, %,d rows in %.2f s = %,.0f rows/s; CPU %.2f s"
                                + " (%,.0f rows per CPU second); %d processors, load average %.1f%n", run, months,
                        result.loaded(), seconds, result.loaded() / seconds, cpuSeconds, result.loaded() / cpuSeconds,
                        os.getAvailableProcessors(), os.getSystemLoadAverage());
            }
        }
    }
}
