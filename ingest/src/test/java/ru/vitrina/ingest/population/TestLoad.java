package ru.vitrina.ingest.population;

import ru.vitrina.engine.store.Store;
import ru.vitrina.ingest.load.LoadContext;
import ru.vitrina.ingest.load.Rejection;
import ru.vitrina.ingest.load.SourceLoad;
import ru.vitrina.ingest.load.TableCounts;
import ru.vitrina.ingest.reference.ReferenceData;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * Test-only stand-in for the load runner: runs one {@link SourceLoad} inside one real DuckDB transaction and
 * records what the runner would (meta.load, meta.load_source, meta.quarantine, meta.load_table), so adapters that
 * consult earlier loads (the procurement drop folder) see the same tables as in production.
 */
public final class TestLoad implements LoadContext {
    /** What one load did. */
    public record Result(long loadId, List<TableCounts> counts, List<Rejection> rejections, Map<String, String> sources,
                         Map<String, Set<LocalDate>> changedMonths) {
        public TableCounts counts(String table) {
            return counts.stream().filter(c -> c.table().equals(table)).findFirst()
                    .orElseThrow(() -> new AssertionError("no counts for " + table + " in " + counts));
        }

        public List<String> reasons() {
            return rejections.stream().map(Rejection::reason).toList();
        }
    }

    private final Connection transaction;
    private final long loadId;
    private final List<Rejection> rejections = new ArrayList<>();
    private final Map<String, String> sources = new TreeMap<>();
    /** By {@code table.column}: a load that says it twice is wrong, so the second time fails. */
    private final Map<String, Set<LocalDate>> changedMonths = new TreeMap<>();
    private long lastDone = -1;

    private TestLoad(Connection transaction, long loadId) {
        this.transaction = requireNonNull(transaction, "transaction");
        this.loadId = loadId;
    }

    /**
     * {@code store} with the shipped reference tables published: the territories and classifiers every load checks
     * against. Closed when publishing fails, since the caller never gets it to close.
     */
    public static Store withReferenceData(Store store) {
        try {
            new ReferenceData().publish(store);
            return store;
        } catch (RuntimeException | Error e) {
            store.close();
            throw e;
        }
    }

    /** Runs {@code load} and commits, or rolls back and rethrows when it fails. */
    public static Result run(Store store, SourceLoad load) throws Exception {
        try (Connection connection = store.connect()) {
            connection.setAutoCommit(false);
            long loadId;
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT coalesce(max(load_id), 0) + 1 FROM meta.load")) {
                rows.next();
                loadId = rows.getLong(1);
            }
            TestLoad context = new TestLoad(connection, loadId);
            try {
                LocalDateTime started = LocalDateTime.now().withNano(0);
                List<TableCounts> counts = load.load(context);
                context.record(load.job(), started, counts);
                connection.commit();
                return new Result(loadId, List.copyOf(counts), List.copyOf(context.rejections), Map.copyOf(context.sources),
                        Map.copyOf(context.changedMonths));
            } catch (Exception | Error e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private void record(String job, LocalDateTime started, List<TableCounts> counts) throws SQLException {
        long read = counts.stream().mapToLong(TableCounts::read).sum();
        long loaded = counts.stream().mapToLong(TableCounts::loaded).sum();
        long quarantined = counts.stream().mapToLong(TableCounts::quarantined).sum();
        try (PreparedStatement insert = transaction.prepareStatement("INSERT INTO meta.load (load_id, job, started_at,"
                + " finished_at, status, rows_read, rows_loaded, rows_quarantined) VALUES (?, ?, ?, ?, 'published', ?, ?, ?)")) {
            insert.setLong(1, loadId);
            insert.setString(2, job);
            insert.setObject(3, started);
            insert.setObject(4, LocalDateTime.now().withNano(0));
            insert.setLong(5, read);
            insert.setLong(6, loaded);
            insert.setLong(7, quarantined);
            insert.executeUpdate();
        }
        try (PreparedStatement insert = transaction.prepareStatement("INSERT INTO meta.load_source VALUES (?, ?, ?)")) {
            for (Map.Entry<String, String> source : sources.entrySet()) {
                insert.setLong(1, loadId);
                insert.setString(2, source.getKey());
                insert.setString(3, source.getValue());
                insert.executeUpdate();
            }
        }
        try (PreparedStatement insert = transaction.prepareStatement("INSERT INTO meta.quarantine VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (Rejection r : rejections) {
                insert.setLong(1, loadId);
                insert.setString(2, job);
                insert.setString(3, r.table());
                insert.setString(4, r.location().source());
                insert.setString(5, r.location().position());
                insert.setString(6, r.raw());
                insert.setString(7, r.reason());
                insert.executeUpdate();
            }
        }
        try (PreparedStatement insert = transaction.prepareStatement("INSERT INTO meta.load_table VALUES (?, ?, ?, ?, ?)")) {
            for (TableCounts c : counts) {
                insert.setLong(1, loadId);
                insert.setString(2, c.table());
                insert.setLong(3, c.read());
                insert.setLong(4, c.loaded());
                insert.setLong(5, c.quarantined());
                insert.executeUpdate();
            }
        }
    }

    @Override
    public Connection transaction() {
        return transaction;
    }

    @Override
    public long loadId() {
        return loadId;
    }

    @Override
    public void quarantine(Rejection rejection) {
        rejections.add(requireNonNull(rejection, "rejection"));
    }

    @Override
    public void stage(String stage) {
        requireNonNull(stage, "stage");
        lastDone = -1;
    }

    @Override
    public void progress(long done, long total) {
        if (done < lastDone) {
            throw new AssertionError("progress went back from " + lastDone + " to " + done);
        }
        lastDone = done;
    }

    @Override
    public void sourceFile(String name, String sha256) {
        sources.put(requireNonNull(name, "name"), requireNonNull(sha256, "sha256"));
    }

    @Override
    public void changedMonths(String table, String dateColumn, Set<LocalDate> months) {
        if (changedMonths.put(table + "." + dateColumn, Set.copyOf(months)) != null) {
            throw new AssertionError("months of " + table + "." + dateColumn + " declared twice");
        }
    }

    /** Row count and an order-independent checksum of every column except load_id. */
    public static String fingerprint(Store store, String table) throws SQLException {
        return single(store, "SELECT count(*) || ':' || coalesce(sum(hash(t)), 0) FROM (SELECT * EXCLUDE (load_id) FROM "
                + table + ") t");
    }

    public static String single(Store store, String sql) throws SQLException {
        List<String> values = strings(store, sql);
        if (values.size() != 1) {
            throw new AssertionError("expected one value from " + sql + ", got " + values);
        }
        return values.get(0);
    }

    public static long count(Store store, String fromWhere) throws SQLException {
        return Long.parseLong(single(store, "SELECT count(*) FROM " + fromWhere));
    }

    public static List<String> strings(Store store, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = store.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
