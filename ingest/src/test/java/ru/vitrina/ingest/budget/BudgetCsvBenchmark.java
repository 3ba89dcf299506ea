package ru.vitrina.ingest.budget;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import ru.vitrina.ingest.demo.DemoSize;
import ru.vitrina.ingest.demo.ProgressListener;
import ru.vitrina.ingest.job.LoadRunner;
import ru.vitrina.ingest.load.LoadListener;
import ru.vitrina.ingest.load.LoadResult;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Treasury CSV speed, run on demand only: {@code mvn -B test -pl ingest -am -Dtest=BudgetCsvBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false -Dvitrina.bench.csv=1m}. Fills the simulated budget system in the local
 * PostgreSQL with that many operations, exports them as a cp1251 Treasury CSV, and loads the file into a fresh
 * DuckDB file store through the load runner (one transaction, checks, quarantine, lineage), printing rows per second.
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
            long started = System.nanoTime();
            LoadResult result = new LoadRunner(fixture.store).run(new BudgetCsvLoad(file, false), LoadListener.none());
            double seconds = (System.nanoTime() - started) / 1e9;
            assertThat(result.published()).as(result.error()).isTrue();
            assertThat(result.loaded()).isEqualTo(rows);
            System.out.printf("%nTreasury CSV (cp1251, %.0f MB): %,d rows in %.2f s = %,.0f rows/s, %d processors%n",
                    Files.size(file) / 1e6, rows, seconds, rows / seconds, Runtime.getRuntime().availableProcessors());
        }
    }
}
