package ru.vitrina.ingest.job;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.vitrina.engine.store.DataVersion;
import ru.vitrina.engine.store.Store;
import ru.vitrina.engine.store.Written;
import ru.vitrina.ingest.load.LoadContext;
import ru.vitrina.ingest.load.LoadListener;
import ru.vitrina.ingest.load.LoadRefused;
import ru.vitrina.ingest.load.LoadResult;
import ru.vitrina.ingest.load.Rejection;
import ru.vitrina.ingest.load.SourceLoad;
import ru.vitrina.ingest.load.TableCounts;
import ru.vitrina.ingest.quality.QualityRules;
import ru.vitrina.ingest.reference.MetaLoad;

import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;

import static java.util.Objects.requireNonNull;

/**
 * Runs source adapters as loads of the store: a meta.load row marked running first (committed on its own, so the
 * history shows the load while it runs), then the adapter inside one {@link Store#publish} transaction together
 * with its quarantine, counts, lineage and the meta.load row turning published — all of it or none of it. A
 * failure marks the row failed in a second small transaction and leaves the data untouched.
 *
 * <p>One runner per store and process: at construction it marks loads left "running" by a dead process as failed.
 */
public final class LoadRunner {
    private static final Logger LOG = LoggerFactory.getLogger(LoadRunner.class);
    private static final int MAX_ERROR = 4_000;

    private final Store store;
    /** The last stage of every load: the data-quality rules, the load's records, the derived tables, the commit. */
    public static final String PUBLISHING = "публикация / publishing";

    private final QualityRules rules;
    private final ConcurrentMap<String, Running> running = new ConcurrentHashMap<>();
    /** Load ids are max + 1: taking them under one lock keeps two jobs of this process from drawing the same. */
    private final Object idLock = new Object();

    /** A runner checking the shipped data-quality rules. */
    public LoadRunner(Store store) {
        this(store, QualityRules.shipped());
    }

    /** @param rules the data-quality rules checked on every load; bound against the store now */
    public LoadRunner(Store store, QualityRules rules) {
        this.store = requireNonNull(store, "store");
        try (Connection connection = store.connect()) {
            this.rules = requireNonNull(rules, "rules").bind(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot bind the data-quality rules: " + e.getMessage(), e);
        }
        failInterrupted();
    }

    public Store store() {
        return store;
    }

    /** A load that has its id and running row, not yet executed. */
    public static final class Started {
        private final long loadId;
        private final String job;
        private final LocalDateTime startedAt;
        /** Stage, done and total, swapped together: a reader never sees a new stage with the last stage's figures. */
        private final AtomicReference<Figures> figures = new AtomicReference<>(new Figures(null, 0, 0));

        private Started(long loadId, String job, LocalDateTime startedAt) {
            this.loadId = loadId;
            this.job = job;
            this.startedAt = startedAt;
        }

        public long loadId() {
            return loadId;
        }

        public String job() {
            return job;
        }

        LoadProgress progress() {
            Figures now = figures.get();
            return new LoadProgress(loadId, job, startedAt, now.stage(), now.done(), now.total());
        }
    }

    private record Running(Started started) {
    }

    private record Figures(String stage, long done, long total) {
    }

    /**
     * Reserves a load id for {@code job} and records it as running.
     *
     * @throws JobAlreadyRunningException when a load of {@code job} is running in this process
     */
    public Started start(String job) {
        requireNonNull(job, "job");
        synchronized (idLock) {
            Running current = running.get(job);
            if (current != null) {
                throw new JobAlreadyRunningException(job, current.started().loadId());
            }
            LocalDateTime now = LocalDateTime.now().withNano(0);
            try (Connection connection = store.connect()) {
                long loadId = MetaLoad.nextLoadId(connection);
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO meta.load (load_id, job, started_at, status) VALUES (?, ?, ?, 'running')")) {
                    insert.setLong(1, loadId);
                    insert.setString(2, job);
                    insert.setObject(3, now);
                    insert.executeUpdate();
                }
                Started started = new Started(loadId, job, now);
                running.put(job, new Running(started));
                return started;
            } catch (SQLException e) {
                throw new IllegalStateException("Не удалось начать загрузку «" + job + "» / cannot start a load of "
                        + job + ": " + e.getMessage(), e);
            }
        }
    }

    /** {@link #start} and {@link #execute} in one go, on the calling thread. */
    public LoadResult run(SourceLoad load, LoadListener listener) {
        return execute(start(load.job()), load, listener);
    }

    /** Runs {@code load} as the started load; never throws for a failure of the load itself, it returns it. */
    public LoadResult execute(Started started, SourceLoad load, LoadListener listener) {
        requireNonNull(started, "started");
        requireNonNull(load, "load");
        requireNonNull(listener, "listener");
        if (!load.job().equals(started.job())) {
            throw new IllegalArgumentException("load of " + load.job() + " executed as " + started.job());
        }
        List<TableCounts> counts = new ArrayList<>();
        try {
            String note = "Загрузка " + started.loadId() + " / load " + started.loadId();
            DataVersion version = store.publishDeclared(started.job(), note, transaction -> write(transaction, started, load, listener, counts));
            LOG.info("load {} of {} published as data version {}", started.loadId(), started.job(), version.version());
            return new LoadResult(started.loadId(), started.job(), LoadResult.Status.PUBLISHED,
                    OptionalLong.of(version.version()), counts, null);
        } catch (NothingNew e) {
            markUnchanged(started.loadId(), e.counts);
            LOG.info("load {} of {}: nothing new in the source, no data version published", started.loadId(), started.job());
            return new LoadResult(started.loadId(), started.job(), LoadResult.Status.UNCHANGED, OptionalLong.empty(),
                    e.counts, null);
        } catch (Exception | Error e) {
            String error = describe(e);
            if (theSourcesFault(e)) {
                LOG.warn("load {} of {} failed: {}", started.loadId(), started.job(), error);
            } else {
                LOG.warn("load {} of {} failed: {}", started.loadId(), started.job(), error, e);
            }
            markFailed(started.loadId(), error);
            if (e instanceof Error fatal && !(e instanceof AssertionError)) {
                throw fatal;
            }
            return new LoadResult(started.loadId(), started.job(), LoadResult.Status.FAILED, OptionalLong.empty(),
                    List.of(), error);
        } finally {
            running.remove(started.job());
        }
    }

    /** Gives up a started load that will never execute (e.g. its thread could not be started). */
    public void abandon(Started started, String reason) {
        markFailed(started.loadId(), reason);
        running.remove(started.job());
    }

    /** The loads running now, by job. */
    public Map<String, LoadProgress> running() {
        Map<String, LoadProgress> result = new HashMap<>();
        running.forEach((job, r) -> result.put(job, r.started().progress()));
        return result;
    }

    public Optional<LoadProgress> progress(long loadId) {
        return running.values().stream().map(r -> r.started().progress()).filter(p -> p.loadId() == loadId).findFirst();
    }

    /** Runs the load, adding its counts to {@code counted}; returns what it wrote, for the publication to derive from. */
    private Written write(Connection transaction, Started started, SourceLoad load, LoadListener listener, List<TableCounts> counted)
            throws SQLException {
        try (Statement statement = transaction.createStatement()) {
            // Opens the transaction: DuckDB appenders an adapter creates join only a transaction a statement began.
            statement.execute("SELECT 1");
        }
        long version = MetaLoad.nextDataVersion(transaction);
        try (Context context = new Context(transaction, started, listener)) {
            List<TableCounts> counts;
            try {
                counts = List.copyOf(requireNonNull(load.load(context), "counts"));
            } catch (SQLException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            if (context.sources.isEmpty() && counts.stream().allMatch(table -> table.read() == 0)) {
                throw new NothingNew(counts);
            }
            context.stage(PUBLISHING);
            checkQuarantine(transaction, started.loadId(), counts);
            rules.check(transaction, started.loadId(), started.job(), counts);
            recordCounts(transaction, started.loadId(), counts);
            recordSources(transaction, started.loadId(), context.sources);
            recordPublished(transaction, started.loadId(), version, counts, context.sources);
            counted.addAll(counts);
            // The adapter's target tables, in the months it declared or whole, the runner's own records (meta) and
            // staging (temp).
            List<String> whole = counts.stream().map(TableCounts::table).filter(table -> context.months.monthsOf(table).isEmpty()).toList();
            return Written.tables(whole).and(context.months).and(Written.schemas("meta", "temp"));
        }
    }

    /** Nothing lost: every row an adapter counts as quarantined must be in meta.quarantine, and no more. */
    private static void checkQuarantine(Connection transaction, long loadId, List<TableCounts> counts) throws SQLException {
        Map<String, Long> stored = new HashMap<>();
        try (PreparedStatement select = transaction.prepareStatement(
                "SELECT target, count(*) FROM meta.quarantine WHERE load_id = ? GROUP BY target")) {
            select.setLong(1, loadId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    stored.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        for (TableCounts table : counts) {
            long kept = stored.getOrDefault(table.table(), 0L);
            if (kept != table.quarantined()) {
                throw new IllegalStateException(table.table() + ": в карантине " + kept + " строк, а посчитано "
                        + table.quarantined() + " / quarantine holds " + kept + " rows but " + table.quarantined()
                        + " were counted");
            }
            stored.remove(table.table());
        }
        if (!stored.isEmpty()) {
            throw new IllegalStateException("Карантин для таблиц без счётчиков / quarantined rows for tables without counts: "
                    + stored.keySet());
        }
    }

    private static void recordCounts(Connection transaction, long loadId, List<TableCounts> counts) throws SQLException {
        try (PreparedStatement insert = transaction.prepareStatement(
                "INSERT INTO meta.load_table (load_id, target, rows_read, rows_loaded, rows_quarantined) VALUES (?, ?, ?, ?, ?)")) {
            for (TableCounts table : counts) {
                insert.setLong(1, loadId);
                insert.setString(2, table.table());
                insert.setLong(3, table.read());
                insert.setLong(4, table.loaded());
                insert.setLong(5, table.quarantined());
                insert.executeUpdate();
            }
        }
    }

    private record Source(String name, String sha256) {
    }

    private static void recordSources(Connection transaction, long loadId, List<Source> sources) throws SQLException {
        try (PreparedStatement insert = transaction.prepareStatement(
                "INSERT INTO meta.load_source (load_id, name, sha256) VALUES (?, ?, ?)")) {
            for (Source source : sources) {
                insert.setLong(1, loadId);
                insert.setString(2, source.name());
                insert.setString(3, source.sha256());
                insert.executeUpdate();
            }
        }
    }

    private static void recordPublished(Connection transaction, long loadId, long version, List<TableCounts> counts,
                                        List<Source> sources) throws SQLException {
        String extract = sources.isEmpty() ? null
                : String.join(", ", sources.stream().map(Source::name).toList());
        String checksum = sources.size() == 1 ? sources.get(0).sha256() : sources.isEmpty() ? null
                : sha256(String.join("\n", sources.stream().map(s -> s.name() + " " + s.sha256()).toList()));
        try (PreparedStatement update = transaction.prepareStatement(
                "UPDATE meta.load SET status = 'published', finished_at = ?, data_version = ?, source_extract = ?,"
                        + " source_checksum = ?, rows_read = ?, rows_loaded = ?, rows_quarantined = ?, error = NULL"
                        + " WHERE load_id = ?")) {
            update.setObject(1, LocalDateTime.now().withNano(0));
            update.setLong(2, version);
            update.setString(3, extract);
            update.setString(4, checksum);
            update.setLong(5, counts.stream().mapToLong(TableCounts::read).sum());
            update.setLong(6, counts.stream().mapToLong(TableCounts::loaded).sum());
            update.setLong(7, counts.stream().mapToLong(TableCounts::quarantined).sum());
            update.setLong(8, loadId);
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException("meta.load has no running row " + loadId);
            }
        }
    }

    /**
     * A run that read no row and no source (every file in the drop folder already loaded, say) rolls back rather than
     * publish: a new data version would only make every cache and screen ask again for the same numbers.
     */
    private static final class NothingNew extends RuntimeException {
        private final List<TableCounts> counts;

        NothingNew(List<TableCounts> counts) {
            super("nothing new", null, false, false);
            this.counts = counts;
        }
    }

    private void markUnchanged(long loadId, List<TableCounts> counts) {
        try (Connection connection = store.connect()) {
            connection.setAutoCommit(false);
            try (PreparedStatement update = connection.prepareStatement("UPDATE meta.load SET status = 'unchanged',"
                    + " finished_at = ?, rows_read = 0, rows_loaded = 0, rows_quarantined = 0 WHERE load_id = ?")) {
                update.setObject(1, LocalDateTime.now().withNano(0));
                update.setLong(2, loadId);
                update.executeUpdate();
            }
            recordCounts(connection, loadId, counts);
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            LOG.error("cannot mark load {} unchanged", loadId, e);
        }
    }

    private void markFailed(long loadId, String error) {
        try (Connection connection = store.connect();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE meta.load SET status = 'failed', finished_at = ?, error = ? WHERE load_id = ?")) {
            update.setObject(1, LocalDateTime.now().withNano(0));
            update.setString(2, error);
            update.setLong(3, loadId);
            update.executeUpdate();
        } catch (SQLException | RuntimeException e) {
            LOG.error("cannot mark load {} failed", loadId, e);
        }
    }

    /** A process killed mid-load leaves its row running; the data was never committed, so the load failed. */
    private void failInterrupted() {
        try (Connection connection = store.connect();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE meta.load SET status = 'failed', finished_at = coalesce(finished_at, ?), error = ?"
                             + " WHERE status = 'running'")) {
            update.setObject(1, LocalDateTime.now().withNano(0));
            update.setString(2, "Загрузка прервана: процесс остановлен до публикации, данные не изменены"
                    + " / load interrupted: the process stopped before publishing, data unchanged");
            int count = update.executeUpdate();
            if (count > 0) {
                LOG.warn("{} loads left running by a stopped process marked failed", count);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot check meta.load for interrupted loads: " + e.getMessage(), e);
        }
    }

    /** A refusal of the source or a file that cannot be read: the message says it all, a stack trace would add noise. */
    private static boolean theSourcesFault(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof LoadRefused || t instanceof FileSystemException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null && text.length() < MAX_ERROR; t = t.getCause()) {
            if (t.getCause() != null && Objects.equals(t.getMessage(), t.getCause().getMessage())) {
                continue; // a wrapper repeating its cause's words: the cause tells them better
            }
            String message = t instanceof FileSystemException file ? fileProblem(file)
                    : t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (text.indexOf(message) < 0) {
                if (text.length() > 0) {
                    text.append(" ← ");
                }
                text.append(message);
            }
        }
        return text.length() > MAX_ERROR ? text.substring(0, MAX_ERROR) : text.toString();
    }

    /** The JDK names only the path of a missing file; the operator needs to read what is wrong with it. */
    private static String fileProblem(FileSystemException e) {
        String path = e.getFile();
        if (e instanceof NoSuchFileException) {
            return "Файл не найден / file not found: " + path;
        }
        if (e instanceof AccessDeniedException) {
            return "Нет доступа к файлу / access denied: " + path;
        }
        return "Файл " + path + " не прочитан / cannot read the file " + path
                + (e.getReason() == null ? "" : ": " + e.getReason());
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The adapter's view of its load; quarantined rows go to meta.quarantine at once, inside the transaction. */
    private static final class Context implements LoadContext, AutoCloseable {
        private final Connection transaction;
        private final Started started;
        private final LoadListener listener;
        private final List<Source> sources = new ArrayList<>();
        /** The tables the adapter said it changed in some months only. */
        private Written months = Written.tables(List.of());
        private PreparedStatement quarantine;

        Context(Connection transaction, Started started, LoadListener listener) {
            this.transaction = transaction;
            this.started = started;
            this.listener = listener;
        }

        @Override
        public Connection transaction() {
            return transaction;
        }

        @Override
        public long loadId() {
            return started.loadId();
        }

        /**
         * Written at once, not batched until the load ends: with DuckDB 1.4, a small INSERT into meta.quarantine
         * after a large INSERT … SELECT into it in the same transaction (300 000 rows quarantined by
         * {@code BudgetStage.apply}) made the large one's rows vanish; written before it, both stay
         * (BudgetCsvLoadTest.lineNumbersHoldInALargeFileWithManyQuarantinedRows). Adapters quarantine rows as they
         * read, before they apply their staging tables.
         */
        @Override
        public void quarantine(Rejection rejection) {
            requireNonNull(rejection, "rejection");
            try {
                if (quarantine == null) {
                    quarantine = transaction.prepareStatement("INSERT INTO meta.quarantine"
                            + " (load_id, job, target, source, position, raw, reason) VALUES (?, ?, ?, ?, ?, ?, ?)");
                }
                quarantine.setLong(1, started.loadId());
                quarantine.setString(2, started.job());
                quarantine.setString(3, rejection.table());
                quarantine.setString(4, rejection.location().source());
                quarantine.setString(5, rejection.location().position());
                quarantine.setString(6, rejection.raw());
                quarantine.setString(7, rejection.reason());
                quarantine.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot quarantine a row: " + e.getMessage(), e);
            }
        }

        @Override
        public void stage(String stage) {
            requireNonNull(stage, "stage");
            report(new Figures(stage, 0, 0));
        }

        @Override
        public void progress(long done, long total) {
            report(started.figures.updateAndGet(now -> new Figures(now.stage(), done, total)));
        }

        private void report(Figures figures) {
            started.figures.set(figures);
            listener.progress(started.job(), started.loadId(), figures.stage(), figures.done(), figures.total());
        }

        @Override
        public void sourceFile(String name, String sha256) {
            sources.add(new Source(requireNonNull(name, "name"), sha256));
        }

        @Override
        public void changedMonths(String table, String dateColumn, Set<LocalDate> months) {
            this.months = this.months.and(Written.partitions(table, dateColumn, months));
        }

        @Override
        public void close() throws SQLException {
            if (quarantine != null) {
                quarantine.close();
            }
        }
    }
}
