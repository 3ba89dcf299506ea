package ru.vitrina.ingest.health;

import ru.vitrina.ingest.load.SourceFiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import static java.util.Objects.requireNonNull;

/**
 * Reads the report files on worker threads ahead of the one thread that writes them to the store (DuckDB's
 * appender is single-threaded), and hands them over in file order, so a load gives the same rows and the same
 * quarantine whatever the number of threads. A workbook is read into memory once: its bytes give the SHA-256 and
 * then the workbook; before that its ZIP entries are inflated once, counted and dropped, to refuse a bomb
 * ({@link #MAX_REPORT_BYTES}). At most {@code threads + 1} files, and no more than {@code aheadBytes} of them on disk unless it is
 * a single file, are read ahead: memory is bounded by a few workbooks, not by the drop folder (a monthly workbook
 * is tens of kilobytes; a large one is read ahead alone).
 */
final class ReportReader implements AutoCloseable {
    /**
     * One file as read: skipped when a published load has read the same bytes before (loaded from it, or refused it
     * whole); {@code refused} is the reason (Russian / English) why nothing of the file is read at all — then it has
     * no grids — else null.
     */
    record Report(String name, String checksum, boolean loadedBefore, List<Grid> grids, String refused) {
        Report {
            requireNonNull(name, "name");
            requireNonNull(checksum, "checksum");
            grids = List.copyOf(grids);
        }
    }

    /** Bytes on disk read ahead at most: the cells of a workbook take several times its compressed size in memory. */
    static final long AHEAD_BYTES = 16L << 20;

    /**
     * A report file's size at most: a workbook's once unpacked (the sum of its ZIP entries), a CSV form's on disk. A
     * monthly workbook is tens of kilobytes and a collection of 20 years about 10 MB unpacked; every cell of a form is
     * held in memory, so a bomb (a small ZIP of gigabytes of XML) is refused before fastexcel opens it.
     */
    static final long MAX_REPORT_BYTES = 64L << 20;
    /** DEFLATE never inflates one byte into more than 1032 (zlib's technical details, "Maximum compression factor"). */
    private static final long DEFLATE_MAX_RATIO = 1032;

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
     * @param loadedBefore checksums of files that published loads have read (loaded, or refused whole); those are
     *                     hashed but not parsed
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
        Optional<String> refusal = refusal(file);
        if (refusal.isPresent()) {
            // Hashed all the same, streamed rather than held: a file refused whole is recorded by its checksum and
            // later loads skip it until its bytes change, instead of quarantining it again every run.
            String checksum = SourceFiles.sha256(file);
            return loadedBefore.contains(checksum) ? new Report(name, checksum, true, List.of(), null)
                    : new Report(name, checksum, false, List.of(), refusal.get());
        }
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
            return new Report(name, checksum, false, List.of(), "Файл не читается как отчёт (XLSX или CSV), ничего из"
                    + " него не загружено / the file cannot be read as a report, nothing of it was loaded: "
                    + Grid.quoted(String.valueOf(e.getMessage())));
        }
    }

    /** Why a file is not read at all: a format other than XLSX and CSV, or too large; empty when it is read. */
    static Optional<String> refusal(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            long size = Files.size(file);
            return size <= MAX_REPORT_BYTES ? Optional.empty() : Optional.of("Файл слишком велик: " + megabytes(size)
                    + " МБ, допускается " + megabytes(MAX_REPORT_BYTES) + " МБ / the file is too large: " + megabytes(size)
                    + " MB, at most " + megabytes(MAX_REPORT_BYTES) + " MB allowed");
        }
        if (name.endsWith(".xlsx")) {
            return unpacked(file);
        }
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "(без расширения / no extension)" : Grid.quoted(name.substring(dot));
        return Optional.of("Формат не поддерживается / unsupported format: " + extension
                + " — сохраните как .xlsx или .csv / save it as .xlsx or .csv");
    }

    /**
     * The workbook refused when its ZIP entries unpack to more than {@link #MAX_REPORT_BYTES}: first by the sizes its
     * central directory declares, then — a directory can lie — by counting what the entries really inflate to, a
     * buffer at a time, up to the cap. The count is skipped when the entries' compressed bytes could not inflate
     * beyond the cap even at DEFLATE's utmost ratio (a monthly form of kilobytes): it cost a third of the load's CPU.
     * Not a ZIP at all: empty, and fastexcel says why, as for any unreadable file.
     */
    private static Optional<String> unpacked(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            long declared = 0;
            long utmost = 0;
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                declared = saturated(declared, Math.max(0, entry.getSize()));
                long compressed = Math.max(0, entry.getCompressedSize());
                // Each entry is read only up to its compressed size, overlapping entries each in full: a sum bounds them.
                utmost = saturated(utmost, entry.getMethod() == ZipEntry.STORED ? compressed
                        : compressed > Long.MAX_VALUE / DEFLATE_MAX_RATIO ? Long.MAX_VALUE : compressed * DEFLATE_MAX_RATIO);
            }
            if (declared > MAX_REPORT_BYTES) {
                return Optional.of(tooLarge(Long.toString(megabytes(declared)), Long.toString(megabytes(declared))));
            }
            if (utmost <= MAX_REPORT_BYTES) {
                return Optional.empty();
            }
            byte[] buffer = new byte[1 << 16];
            long inflated = 0;
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                try (InputStream in = zip.getInputStream(entries.nextElement())) {
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        inflated += n;
                        if (inflated > MAX_REPORT_BYTES) {
                            long cap = megabytes(MAX_REPORT_BYTES);
                            return Optional.of(tooLarge("более " + cap, "over " + cap));
                        }
                    }
                }
            }
            return Optional.empty();
        } catch (ZipException e) {
            return Optional.empty();
        }
    }

    private static long saturated(long sum, long more) {
        return more > Long.MAX_VALUE - sum ? Long.MAX_VALUE : sum + more;
    }

    private static String tooLarge(String russianSize, String englishSize) {
        long cap = megabytes(MAX_REPORT_BYTES);
        return "Книга слишком велика после распаковки: " + russianSize + " МБ, допускается " + cap
                + " МБ / the workbook is too large once unpacked: " + englishSize + " MB, at most " + cap + " MB allowed";
    }

    /** Megabytes, rounded up: a file one byte over the cap never reads as the cap. */
    private static long megabytes(long bytes) {
        return bytes / (1 << 20) + (bytes % (1 << 20) == 0 ? 0 : 1);
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
