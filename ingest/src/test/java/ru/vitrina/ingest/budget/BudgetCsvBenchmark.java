package ru.vitrina.ingest.budget;

import com.sun.management.OperatingSystemMXBean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import ru.vitrina.engine.store.Store;
import ru.vitrina.ingest.demo.DemoSize;
import ru.vitrina.ingest.demo.ProgressListener;
import ru.vitrina.ingest.job.LoadRunner;
import ru.vitrina.ingest.load.HeapPeak;
import ru.vitrina.ingest.load.LoadListener;
import ru.vitrina.ingest.load.LoadResult;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Treasury CSV speed, run on demand only: {@code mvn -B test -pl ingest -am -Dtest=BudgetCsvBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false -Dvitrina.bench.csv=1m}. Fills the simulated budget system in the local
 * PostgreSQL with that many operations, exports them as a cp1251 Treasury CSV, and loads the file into a fresh
 * DuckDB file store through the load runner (one transaction, checks, quarantine, lineage) three times — the first
 * load in this JVM, a rerun of the same rows (the file with a blank line more: the very same file would be skipped by
 * its checksum), and a first load again into a second, empty store, now that the JIT has compiled the pass (as in a
 * server that has run a while) — printing wall time, rows per second, the process's CPU seconds (Java and DuckDB's
 * threads; steadier than wall time on a shared machine) and the largest Java heap in use.
 */
@EnabledIfSystemProperty(named = "vitrina.bench.csv", matches = ".+")
class BudgetCsvBenchmark {
    @TempDir
    Path folder;

    @Test
    void loadsTheTreasuryCsv() throws Exception {
        DemoSize size = DemoSize.parse(System.getProperty("vitrina.bench.csv"));
        try (BudgetFixture fixture = new BudgetFixture(folder)) {
            fixture.simulator.fill(BudgetFixture.SEED, size, ProgressListener.none());
            Path file = folder.resolve("treasury-cp1251.csv");
            long rows = new TreasuryCsvExport(fixture.source).write(file, TreasuryCsv.CP1251, false);
            try (Store empty = Store.open(folder.resolve("empty.duckdb"))) {
                BudgetFixture.loadReference(empty);
                LoadRunner runner = new LoadRunner(fixture.store);
                load(file, rows, "first load, fresh JVM", runner);
                load(file, rows, "rerun", runner);
                load(file, rows, "first load, warm JVM", new LoadRunner(empty));
            }
        }
    }

    private static void load(Path file, long rows, String run, LoadRunner runner) throws Exception {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        HeapPeak heap = HeapPeak.start();
        long cpu = os.getProcessCpuTime();
        long started = System.nanoTime();
        if (run.equals("rerun")) {
            Files.write(file, new byte[]{'\r', '\n'}, StandardOpenOption.APPEND);
        }
        LoadResult result = runner.run(new BudgetCsvLoad(file, false), LoadListener.none());
        double seconds = (System.nanoTime() - started) / 1e9;
        double cpuSeconds = (os.getProcessCpuTime() - cpu) / 1e9;
        heap.close();
        assertThat(result.published()).as(result.error()).isTrue();
        assertThat(result.loaded()).isEqualTo(rows);
        System.out.printf("%nTreasury CSV (cp1251, %.0f MB), %s: %,d rows in %.2f s = %,.0f rows/s; CPU %.2f s"
                        + " (%,.0f rows per CPU second); Java heap peak %d MB; %d processors, load average %.1f%n",
                Files.size(file) / 1e6, run, rows, seconds, rows / seconds, cpuSeconds, rows / cpuSeconds,
                heap.megabytes(), os.getAvailableProcessors(), os.getSystemLoadAverage());
    }
}
