package ru.vitrina.ingest.budget;

import ru.vitrina.ingest.load.LoadContext;
import ru.vitrina.ingest.load.Rejection;

import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import static java.util.Objects.requireNonNull;

/**
 * Stages the typed rows of a Treasury CSV chunk by chunk with DuckDB's reader while the Java pass
 * ({@link TreasuryCsvLines}) writes the next chunk, so that the pass and the reader run on both cores at once
 * rather than one after the other. This thread alone uses the load's transaction while the pass runs: the lines the
 * pass quarantines queue here behind the chunks (a JDBC connection is not for two threads at once), and the queue is
 * bounded, so memory stays flat whatever the file.
 */
final class TreasuryCsvStager implements AutoCloseable {
    private static final Object END = new Object();

    private final BudgetStage stage;
    private final LoadContext context;
    private final BlockingQueue<Object> tasks = new ArrayBlockingQueue<>(1 << 12);
    private final Thread thread;
    private volatile Exception failure;
    private boolean ended;

    TreasuryCsvStager(BudgetStage stage, LoadContext context, String file) {
        this.stage = requireNonNull(stage, "stage");
        this.context = requireNonNull(context, "context");
        this.thread = new Thread(this::run, "vitrina-csv-stage-" + file);
        thread.setDaemon(true);
        thread.start();
    }

    /** A finished chunk of typed rows: read into the stage, then deleted. */
    void chunk(TreasuryCsvSql typed) throws IOException {
        submit(requireNonNull(typed, "typed"));
    }

    /** A line the pass quarantined, written to meta.quarantine in its turn. */
    void quarantine(Rejection rejection) throws IOException {
        submit(requireNonNull(rejection, "rejection"));
    }

    /** Waits until every chunk and rejection is in the transaction; throws what failed on the way. */
    void finish() throws Exception {
        end();
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() {
        end();
    }

    private void submit(Object task) throws IOException {
        if (failure != null) {
            throw new IOException("Загрузка части файла не удалась / staging a chunk failed: " + failure.getMessage(), failure);
        }
        try {
            tasks.put(task);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Прервано / interrupted", e);
        }
    }

    /**
     * Ends the thread and waits for it, even when interrupted: the transaction must not be used by two threads, so
     * the load never goes on (or rolls back) while a chunk is still being read.
     */
    private void end() {
        boolean interrupted = false;
        while (true) {
            try {
                if (!ended) {
                    tasks.put(END);
                    ended = true;
                }
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (true) {
            Object task;
            try {
                task = tasks.take();
            } catch (InterruptedException e) {
                failure = e;
                return;
            }
            if (task == END) {
                return;
            }
            try {
                // After a failure the queue is still drained (and the chunks deleted), so the pass never blocks on it.
                if (task instanceof TreasuryCsvSql) {
                    TreasuryCsvSql typed = (TreasuryCsvSql) task;
                    try {
                        if (failure == null) {
                            stage.stageChunk(typed);
                        }
                    } finally {
                        Files.deleteIfExists(typed.file());
                    }
                } else if (failure == null) {
                    context.quarantine((Rejection) task);
                }
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                }
            }
        }
    }
}
