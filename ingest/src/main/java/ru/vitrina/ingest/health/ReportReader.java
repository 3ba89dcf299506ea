package ru.vitrina.ingest.health;

import ru.vitrina.ingest.load.SourceFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.Objects.requireNonNull;

/**
 * Reads the report files on worker threads ahead of the one thread that writes them to the store (DuckDB's
 * appender is single-threaded), and hands them over in file order, so a load gives the same rows and the same
 * quarantine whatever the number of threads. Each file is read from disk once: its bytes give the SHA-256 and then
 * the workbook. At most {@code threads + 1} files, and no more than {@code aheadBytes} of them on disk unless it is
 * a single file, are read ahead: memory is bounded by a few workbooks, not by the drop folder (a monthly workbook
 * is tens of kilobytes; a large one is read ahead alone).
 */
final class ReportReader implements AutoCloseable {
    /**
     * One file as read: skipped when a published load has read the same bytes before; {@code unreadable} says why a
     * file is not a report at all (then it has no grids), else null.
     */
    record Report(String name, String checksum, boolean loadedBefore, List<Grid> grids, String unreadable) {
        Report {
            requireNonNull(name, "name");
            requireNonNull(checksum, "checksum");
            grids = List.copyOf(grids);
        }
    }

    /** Bytes on disk read ahead at most: the cells of a workbook take several times its compressed size in memory. */
    static final long AHEAD_BYTES = 16L << 20;

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final List<Path> files;
    private final Set<String> loadedBefore;
    private final int ahead;
    private final long aheadBytes;
    private final ExecutorService workers;
    private final Deque<Future<Report>> pending = new ArrayDeque<>();
    private final Deque<Long> pendingSizes = new ArrayDeque<>();
    private long pendingBytes;
    private int submitted;

    /**
     * @param files        the files in the order their reports are wanted
     * @param loadedBefore checksums of files that published loads have read; those are hashed but not parsed
     * @param threads      worker threads reading files
     * @param aheadBytes   size on disk of the files read ahead at most (one file is always read, whatever its size)
     */
    ReportReader(List<Path> files, Set<String> loadedBefore, int threads, long aheadBytes) throws IOException {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        this.files = List.copyOf(files);
        this.loadedBefore = Set.copyOf(loadedBefore);
        this.ahead = threads + 1;
        this.aheadBytes = aheadBytes;
        int pool = POOLS.incrementAndGet();
        AtomicInteger count = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "health-reader-" + pool + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        fill();
    }

    boolean hasNext() {
        return !pending.isEmpty();
    }

    /** The next file's report; a file that cannot be read from disk at all fails the load, as a missing drop folder does. */
    Report next() throws IOException, InterruptedException {
        Future<Report> head = pending.removeFirst();
        pendingBytes -= pendingSizes.removeFirst();
        fill();
        try {
            return head.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException) {
                throw (IOException) cause;
            }
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IllegalStateException(cause);
        }
    }

    private void fill() throws IOException {
        while (pending.size() < ahead && submitted < files.size()) {
            Path file = files.get(submitted);
            long size = Files.size(file);
            if (!pending.isEmpty() && pendingBytes + size > aheadBytes) {
                return;
            }
            submitted++;
            pending.addLast(workers.submit(() -> read(file)));
            pendingSizes.addLast(size);
            pendingBytes += size;
        }
    }

    private Report read(Path file) throws IOException {
        String name = file.getFileName().toString();
        // A CSV form is read twice, for its checksum and then by lines with its encoding detected from the file:
        // the ministry's older export, rare and small, is not worth a second way of reading text.
        byte[] workbook = HealthReportLoad.csv(file) ? null : Files.readAllBytes(file);
        String checksum = workbook == null ? SourceFiles.sha256(file) : SourceFiles.sha256(workbook);
        if (loadedBefore.contains(checksum)) {
            return new Report(name, checksum, true, List.of(), null);
        }
        try {
            List<Grid> grids = workbook == null ? HealthReportLoad.grids(file) : HealthReportLoad.workbook(name, workbook);
            return new Report(name, checksum, false, grids, null);
        } catch (IOException | RuntimeException e) {
            // fastexcel reports a damaged workbook with unchecked exceptions too (of its own, of the ZIP and XML layers).
            return new Report(name, checksum, false, List.of(), String.valueOf(e.getMessage()));
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
