package ru.vitrina.ingest.load;

import org.duckdb.DuckDBPreparedStatement;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static java.util.Objects.requireNonNull;

/**
 * How far the statement running on a load's transaction has got, reported as a share of the load's {@code rows}
 * until closed. DuckDB says it only when asked, so a watcher thread asks every quarter of a second; without it a load
 * whose rows Java has read stands still for as long as DuckDB checks and writes them. The watcher has stopped when
 * {@link #close()} returns, interrupted or not, so the load's thread and the watcher never report at once; what a
 * report threw on the watcher (a listener's failure) is thrown by {@code close()}, as it would have been on the load's
 * thread.
 */
public final class DuckDbProgress implements AutoCloseable {
    private static final long EVERY_MILLIS = 250;

    private final Statement asking;
    private final ScheduledExecutorService watcher;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private DuckDbProgress(Statement asking, ScheduledExecutorService watcher) {
        this.asking = asking;
        this.watcher = watcher;
    }

    /** Watches the statements run next on {@code transaction}, reporting to {@code context} as parts of {@code rows}. */
    public static DuckDbProgress watch(Connection transaction, LoadContext context, long rows) throws SQLException {
        requireNonNull(context, "context");
        Statement asking = transaction.createStatement();
        try {
            // DuckDB keeps count of a statement's progress only with its progress bar on, which must not print.
            asking.execute("SET enable_progress_bar_print = false");
            asking.execute("SET enable_progress_bar = true");
            DuckDBPreparedStatement duckDb = asking.unwrap(DuckDBPreparedStatement.class);
            ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "load-" + context.loadId() + "-progress");
                thread.setDaemon(true);
                return thread;
            });
            DuckDbProgress progress = new DuckDbProgress(asking, watcher);
            watcher.scheduleWithFixedDelay(() -> progress.report(duckDb, context, rows), EVERY_MILLIS, EVERY_MILLIS,
                    TimeUnit.MILLISECONDS);
            return progress;
        } catch (SQLException | RuntimeException e) {
            asking.close();
            throw e;
        }
    }

    /** One look; a failure ends the watch (the executor runs the task no more) and waits for {@link #close()}. */
    private void report(DuckDBPreparedStatement duckDb, LoadContext context, long rows) {
        double percent;
        try {
            percent = duckDb.getQueryProgress().getPercentage();
        } catch (SQLException e) {
            return; // the connection is closing with the load: nothing left to report
        }
        try {
            if (percent >= 0) {
                context.progress(Math.round(rows * Math.min(percent, 100) / 100), rows);
            }
        } catch (RuntimeException | Error e) {
            failure.set(e);
            throw e;
        }
    }

    @Override
    public void close() throws SQLException {
        watcher.shutdownNow();
        boolean interrupted = false;
        try {
            // A look takes microseconds; waiting through an interrupt keeps the promise that no report comes after.
            while (true) {
                try {
                    if (watcher.awaitTermination(1, TimeUnit.MINUTES)) {
                        break;
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            asking.close();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        Throwable failed = failure.get();
        if (failed instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failed instanceof Error error) {
            throw error;
        }
    }
}
