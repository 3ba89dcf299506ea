package ru.vitrina.ingest.load;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DuckDbProgressTest {
    private static final long ROWS = 1_000_000_000_000L;

    private final ExecutorService running = Executors.newSingleThreadExecutor();
    private Connection connection;
    private Statement statement;

    @BeforeEach
    void open() throws Exception {
        connection = DriverManager.getConnection("jdbc:duckdb:");
        statement = connection.createStatement();
    }

    /** Cancels the endless statement whatever a test found: a connection does not close while one runs. */
    @AfterEach
    void close() throws Exception {
        if (!statement.isClosed()) {
            statement.cancel(); // a cancelled statement is closed, and cancelling it again throws
        }
        running.shutdownNow();
        connection.close();
    }

    /** A statement far too long to finish, run on its own thread. */
    private Future<Boolean> endless() {
        return running.submit(() -> statement.execute("SELECT sum(range) FROM range(" + ROWS + ")"));
    }

    /**
     * A statement far too long to finish, watched until DuckDB has said how far it got and then no more: after
     * {@code close()} the watcher's thread is gone and nothing more is reported while the statement still runs.
     */
    @Test
    void reportsTheShareOfTheRowsARunningStatementHasDoneUntilClosed() throws Exception {
        List<long[]> reports = new CopyOnWriteArrayList<>();
        Future<Boolean> endless;
        try (DuckDbProgress progress = DuckDbProgress.watch(connection, recording(reports::add), ROWS)) {
            endless = endless();
            awaitReport(reports);
        }
        int afterClose = reports.size();
        assertThat(watcherThreads()).isEmpty();
        Thread.sleep(600);
        assertThat(endless).isNotDone();
        statement.cancel();

        assertThat(reports).hasSize(afterClose);
        assertThat(reports).allSatisfy(report -> {
            assertThat(report[1]).isEqualTo(ROWS);
            assertThat(report[0]).isBetween(0L, ROWS);
        });
        assertThat(reports).anySatisfy(report -> assertThat(report[0]).isPositive().isLessThan(ROWS));
        assertThat(endless).failsWithin(60, TimeUnit.SECONDS);
    }

    /** What a report throws on the watcher is thrown where the load closes the watch, as on the load's own thread. */
    @Test
    void aReportThatFailsOnTheWatcherFailsTheClose() throws Exception {
        List<long[]> reports = new CopyOnWriteArrayList<>();
        DuckDbProgress progress = DuckDbProgress.watch(connection, recording(report -> {
            reports.add(report);
            throw new IllegalStateException("the listener failed");
        }), ROWS);
        Future<Boolean> endless = endless();
        awaitReport(reports);
        statement.cancel();

        assertThatThrownBy(progress::close).isInstanceOf(IllegalStateException.class).hasMessage("the listener failed");
        assertThat(reports).hasSize(1);
        assertThat(endless).failsWithin(60, TimeUnit.SECONDS);
    }

    private static void awaitReport(List<long[]> reports) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (reports.stream().noneMatch(report -> report[0] > 0) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private static List<Thread> watcherThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(thread -> thread.getName().equals("load-1-progress")).toList();
    }

    private static LoadContext recording(Consumer<long[]> reports) {
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
                reports.accept(new long[]{done, total});
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
