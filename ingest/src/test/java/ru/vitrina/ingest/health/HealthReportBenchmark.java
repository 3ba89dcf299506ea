package ru.vitrina.ingest.health;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import ru.vitrina.engine.store.Store;
import ru.vitrina.ingest.job.LoadRunner;
import ru.vitrina.ingest.load.LoadListener;
import ru.vitrina.ingest.load.LoadResult;
import ru.vitrina.ingest.reference.ReferenceData;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.YearMonth;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * XLSX speed, run on demand only: {@code mvn -B test -pl ingest -am -Dtest=HealthReportBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false -Dvitrina.bench.health.months=240}. Writes that many monthly workbooks
 * (420 rows each) and loads the folder through the load runner into a DuckDB file, printing rows per second.
 */
@EnabledIfSystemProperty(named = "vitrina.bench.health.months", matches = "\\d+")
class HealthReportBenchmark {
    @TempDir
    Path folder;

    @Test
    void loadsTheWorkbooks() throws Exception {
        int months = Integer.parseInt(System.getProperty("vitrina.bench.health.months"));
        try (Store store = Store.open(folder.resolve("store.duckdb"))) {
            new ReferenceData().publish(store);
            Path drop = folder.resolve("drop");
            try (Connection connection = store.connect()) {
                YearMonth first = YearMonth.of(2000, 1);
                HealthReportSimulator.fromReference(connection, 1).writeWorkbooks(drop, first, first.plusMonths(months - 1));
            }
            long started = System.nanoTime();
            LoadResult result = new LoadRunner(store).run(new HealthReportLoad(drop), LoadListener.none());
            double seconds = (System.nanoTime() - started) / 1e9;
            assertThat(result.published()).as(result.error()).isTrue();
            assertThat(result.quarantined()).isZero();
            System.out.printf("%nHealth XLSX: %d workbooks, %,d rows in %.2f s = %,.0f rows/s%n",
                    months, result.loaded(), seconds, result.loaded() / seconds);
        }
    }
}
