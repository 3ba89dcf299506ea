package ru.vitrina.api.ops;

import ru.vitrina.engine.store.DataVersion;
import ru.vitrina.engine.store.Store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static java.util.Objects.requireNonNull;

/**
 * Figures of the store for /metrics and /ready, read from DuckDB: rows per table (counted once per data version,
 * since tables change only by publication) and the loads recorded in meta.load and meta.load_table.
 */
final class StoreFigures {
    private final Store store;
    private final AtomicReference<TableRows> tableRows = new AtomicReference<>();

    StoreFigures(Store store) {
        this.store = requireNonNull(store, "store");
    }

    /** Rows of every table, recounted only when the published version changed since the last call. */
    List<TableRowCount> tableRows() throws SQLException {
        Long version = store.publishedVersion().map(DataVersion::version).orElse(null);
        TableRows cached = tableRows.get();
        if (cached != null && java.util.Objects.equals(cached.version(), version)) {
            return cached.rows();
        }
        List<TableRowCount> rows = new ArrayList<>();
        try (Connection connection = store.connect(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            List<String[]> tables = new ArrayList<>();
            try (ResultSet result = statement.executeQuery("SELECT schema_name, table_name FROM duckdb_tables() "
                    + "WHERE database_name = current_database() AND NOT internal AND NOT temporary ORDER BY 1, 2")) {
                while (result.next()) {
                    tables.add(new String[] {result.getString(1), result.getString(2)});
                }
            }
            for (String[] table : tables) {
                try (ResultSet result = statement.executeQuery("SELECT count(*) FROM " + DuckDbFiles.identifier(table[0], table[1]))) {
                    result.next();
                    rows.add(new TableRowCount(table[0] + "." + table[1], result.getLong(1)));
                }
            }
            connection.commit();
        }
        tableRows.set(new TableRows(version, List.copyOf(rows)));
        return List.copyOf(rows);
    }

    /** The newest load of every job (by start), as the operator would look at it first. */
    List<LastLoad> lastLoads() throws SQLException {
        List<LastLoad> loads = new ArrayList<>();
        try (Connection connection = store.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT job, status, started_at, finished_at, error FROM ("
                     + "SELECT *, row_number() OVER (PARTITION BY job ORDER BY started_at DESC, load_id DESC) AS n "
                     + "FROM meta.load) WHERE n = 1 ORDER BY job")) {
            while (rows.next()) {
                loads.add(new LastLoad(rows.getString(1), rows.getString(2), rows.getObject(3, LocalDateTime.class),
                        rows.getObject(4, LocalDateTime.class), rows.getString(5)));
            }
        }
        return loads;
    }

    /** The last load that ended published, per job: how old the newest good data of each source is. */
    List<LastLoad> lastPublishedLoads() throws SQLException {
        List<LastLoad> loads = new ArrayList<>();
        try (Connection connection = store.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT job, max(finished_at) FROM meta.load "
                     + "WHERE status = 'published' AND finished_at IS NOT NULL GROUP BY job ORDER BY job")) {
            while (rows.next()) {
                LocalDateTime finished = rows.getObject(2, LocalDateTime.class);
                loads.add(new LastLoad(rows.getString(1), "published", finished, finished, null));
            }
        }
        return loads;
    }

    /** Loads counted by job and status, with the rows they read, loaded and quarantined. */
    List<LoadCounts> loadCounts() throws SQLException {
        List<LoadCounts> counts = new ArrayList<>();
        try (Connection connection = store.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT job, status, count(*), coalesce(sum(rows_read), 0), "
                     + "coalesce(sum(rows_loaded), 0), coalesce(sum(rows_quarantined), 0) FROM meta.load GROUP BY 1, 2 ORDER BY 1, 2")) {
            while (rows.next()) {
                counts.add(new LoadCounts(rows.getString(1), rows.getString(2), rows.getLong(3), rows.getLong(4),
                        rows.getLong(5), rows.getLong(6)));
            }
        }
        return counts;
    }

    /** Rows loaded and quarantined per target table over all loads (meta.load_table, written by the ingest jobs). */
    List<TargetCounts> targetCounts() throws SQLException {
        List<TargetCounts> counts = new ArrayList<>();
        try (Connection connection = store.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT target, sum(rows_loaded), sum(rows_quarantined) "
                     + "FROM meta.load_table GROUP BY 1 ORDER BY 1")) {
            while (rows.next()) {
                counts.add(new TargetCounts(rows.getString(1), rows.getLong(2), rows.getLong(3)));
            }
        }
        return counts;
    }

    /** Answers SELECT 1 on a new connection: the store is open and DuckDB works. */
    void ping() throws SQLException {
        try (Connection connection = store.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT 1")) {
            rows.next();
        }
    }

    record TableRowCount(String table, long rows) {
    }

    record LastLoad(String job, String status, LocalDateTime startedAt, LocalDateTime finishedAt, String error) {
    }

    record LoadCounts(String job, String status, long loads, long rowsRead, long rowsLoaded, long rowsQuarantined) {
    }

    record TargetCounts(String target, long rowsLoaded, long rowsQuarantined) {
    }

    private record TableRows(Long version, List<TableRowCount> rows) {
    }
}
