package ru.vitrina.ingest.load;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class DuckDbProgressTest {
    private static final long ROWS = 1_000_000_000_000L;

    /** A statement far too long to finish: cancelled once DuckDB has said how far it got. */
    @Test
    void reportsTheShareOfTheRowsARunningStatementHasDoneUntilClosed() throws Exception {
        List<long[]> reports = new CopyOnWriteArrayList<>();
        ExecutorService running = Executors.newSingleThreadExecutor();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement()) {
            Future<Boolean> endless;
            try (DuckDbProgress progress = DuckDbProgress.watch(connection, recording(reports), ROWS)) {
                endless = running.submit(() -> statement.execute("SELECT sum(range) FROM range(" + ROWS + ")"));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (reports.stream().noneMatch(report -> report[0] > 0) && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                statement.cancel();
            }
            int afterClose = reports.size();
            Thread.sleep(600);

            assertThat(reports).hasSize(afterClose);
            assertThat(reports).allSatisfy(report -> {
                assertThat(report[1]).isEqualTo(ROWS);
                assertThat(report[0]).isBetween(0L, ROWS);
            });
            assertThat(reports).anySatisfy(report -> assertThat(report[0]).isPositive().isLessThan(ROWS));
            assertThat(endless).failsWithin(60, TimeUnit.SECONDS);
        } finally {
            running.shutdownNow();
        }
    }

    private static LoadContext recording(List<long[]> reports) {
        return new LoadContext() {
            @Override
            public Connection transaction() {
                throw new UnsupportedOperationException();
            }

            @Override
            public long loadId() {
                return 1;
            }

            @Override
            public void quarantine(Rejection rejection) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void stage(String stage) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void progress(long done, long total) {
                reports.add(new long[]{done, total});
            }

            @Override
            public void sourceFile(String name, String sha256) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void changedMonths(String table, String dateColumn, Set<LocalDate> months) {
                throw new UnsupportedOperationException();
            }
        };
    }
}
