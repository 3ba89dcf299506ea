package ru.vitrina.api.admin;

import ru.vitrina.engine.store.Store;
import ru.vitrina.ingest.job.LoadProgress;
import ru.vitrina.ingest.job.LoadRunner;
import ru.vitrina.ingest.quality.QualityReport;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** The load log (meta.load, load_table, load_source, quarantine, quality) as JSON-ready maps. */
final class LoadHistory {
    private static final String COLUMNS = "load_id, job, strftime(started_at, '%Y-%m-%dT%H:%M:%S'),"
            + " strftime(finished_at, '%Y-%m-%dT%H:%M:%S'), status, data_version, source_extract, source_checksum,"
            + " rows_read, rows_loaded, rows_quarantined, error";

    private final Store store;
    private final LoadRunner runner;

    LoadHistory(Store store, LoadRunner runner) {
        this.store = requireNonNull(store, "store");
        this.runner = requireNonNull(runner, "runner");
    }

    List<Map<String, Object>> loads(String job, int limit) throws SQLException {
        try (Connection connection = store.connect(); PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM meta.load WHERE ? IS NULL OR job = ? ORDER BY load_id DESC LIMIT ?")) {
            select.setString(1, job);
            select.setString(2, job);
            select.setInt(3, limit);
            List<Map<String, Object>> loads = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    loads.add(summary(rows));
                }
            }
            return loads;
        }
    }

    Optional<Map<String, Object>> load(long loadId) throws SQLException {
        try (Connection connection = store.connect()) {
            Map<String, Object> load;
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM meta.load WHERE load_id = ?")) {
                select.setLong(1, loadId);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        return Optional.empty();
                    }
                    load = summary(rows);
                }
            }
            List<Map<String, Object>> tables = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT target, rows_read, rows_loaded, rows_quarantined"
                    + " FROM meta.load_table WHERE load_id = ? ORDER BY target")) {
                select.setLong(1, loadId);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        Map<String, Object> table = new LinkedHashMap<>();
                        table.put("table", rows.getString(1));
                        table.put("rowsRead", rows.getLong(2));
                        table.put("rowsLoaded", rows.getLong(3));
                        table.put("rowsQuarantined", rows.getLong(4));
                        tables.add(table);
                    }
                }
            }
            load.put("tables", tables);
            List<Map<String, Object>> sources = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT name, sha256 FROM meta.load_source WHERE load_id = ? ORDER BY name")) {
                select.setLong(1, loadId);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        Map<String, Object> source = new LinkedHashMap<>();
                        source.put("name", rows.getString(1));
                        source.put("sha256", rows.getString(2));
                        sources.add(source);
                    }
                }
            }
            load.put("sources", sources);
            return Optional.of(load);
        }
    }

    /** A page of the quarantine of a load, with the total. */
    Map<String, Object> quarantine(long loadId, int offset, int limit) throws SQLException {
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("loadId", loadId);
        try (Connection connection = store.connect()) {
            try (PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM meta.quarantine WHERE load_id = ?")) {
                count.setLong(1, loadId);
                try (ResultSet rows = count.executeQuery()) {
                    rows.next();
                    page.put("total", rows.getLong(1));
                }
            }
            List<Map<String, Object>> items = new ArrayList<>();
            // Positions are line numbers for files: order them as numbers where they are.
            try (PreparedStatement select = connection.prepareStatement("SELECT target, source, position, raw, reason"
                    + " FROM meta.quarantine WHERE load_id = ? ORDER BY source, TRY_CAST(position AS BIGINT) NULLS LAST, position"
                    + " LIMIT ? OFFSET ?")) {
                select.setLong(1, loadId);
                select.setInt(2, limit);
                select.setInt(3, offset);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        Map<String, Object> item = new LinkedHashMap<>();
                        item.put("table", rows.getString(1));
                        item.put("source", rows.getString(2));
                        item.put("position", rows.getString(3));
                        item.put("raw", rows.getString(4));
                        item.put("reason", rows.getString(5));
                        items.add(item);
                    }
                }
            }
            page.put("offset", offset);
            page.put("rows", items);
        }
        return page;
    }

    List<QualityReport.Finding> quality(long loadId) throws SQLException {
        try (Connection connection = store.connect()) {
            return new QualityReport().findings(connection, loadId);
        }
    }

    private Map<String, Object> summary(ResultSet rows) throws SQLException {
        Map<String, Object> load = new LinkedHashMap<>();
        long loadId = rows.getLong(1);
        load.put("loadId", loadId);
        load.put("job", rows.getString(2));
        load.put("startedAt", rows.getString(3));
        load.put("finishedAt", rows.getString(4));
        load.put("status", rows.getString(5));
        load.put("dataVersion", rows.getObject(6));
        load.put("sourceExtract", rows.getString(7));
        load.put("sourceChecksum", rows.getString(8));
        load.put("rowsRead", rows.getObject(9));
        load.put("rowsLoaded", rows.getObject(10));
        load.put("rowsQuarantined", rows.getObject(11));
        load.put("error", rows.getString(12));
        Optional<LoadProgress> progress = "running".equals(rows.getString(5)) ? runner.progress(loadId) : Optional.empty();
        load.put("progress", progress.map(LoadHistory::progress).orElse(null));
        return load;
    }

    /**
     * {@code {stage, rows, total, percent}}; {@code total} and {@code percent} are null while the stage's total is
     * not known (the publishing stage never knows it): a page draws an indeterminate bar with the stage and the rows
     * so far rather than «? %» or a bar stuck at 0 of 0.
     */
    static Map<String, Object> progress(LoadProgress progress) {
        Map<String, Object> map = new LinkedHashMap<>();
        boolean known = progress.percent() >= 0;
        map.put("stage", progress.stage());
        map.put("rows", progress.done());
        map.put("total", known ? progress.total() : null);
        map.put("percent", known ? progress.percent() : null);
        return map;
    }
}
