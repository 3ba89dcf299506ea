package ru.vitrina.api.dashboards;

import ru.vitrina.engine.store.DataVersion;
import ru.vitrina.engine.store.Store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The last published load of the job that wrote a table: what a tile's «данные на» names. The store's current
 * version is the latest load of any source, so a budget tile would otherwise say «загрузка: labour».
 *
 * <p>Loads change only with a data version, and every screen asks on every refresh: the last load of every table is
 * read in one statement per data version and kept until the next one is published (as {@link LatestMonths} keeps
 * its months), so a wall of twenty tiles refreshing does not ask the store twenty times. The version is the one the
 * store keeps in memory, so a screen's refresh costs no statement at all while nothing is published.
 */
final class CubeLoads {
    private static final String LAST_LOADS = "SELECT t.target, v.version, v.published_at, l.job"
            + " FROM meta.load l JOIN meta.load_table t ON t.load_id = l.load_id"
            + " JOIN meta.data_version v ON v.version = l.data_version"
            + " WHERE l.status = 'published'"
            + " QUALIFY row_number() OVER (PARTITION BY t.target ORDER BY v.version DESC) = 1";

    private final Store store;
    private volatile Snapshot snapshot;

    CubeLoads(Store store) {
        this.store = requireNonNull(store, "store");
    }

    /** The newest published load that wrote {@code table} (as meta.load_table names it), as its data version. */
    Optional<DataVersion> lastLoadOf(String table) {
        requireNonNull(table, "table");
        return Optional.ofNullable(current().lastLoads().get(table));
    }

    private Snapshot current() {
        long version = store.publishedVersion().map(DataVersion::version).orElse(0L);
        Snapshot known = snapshot;
        if (known != null && known.version() == version) {
            return known;
        }
        synchronized (this) {
            // The tiles of one refresh arrive together after a load: one of them reads, the others take its answer.
            known = snapshot;
            if (known == null || known.version() != version) {
                // A publication committing meanwhile only makes the loads read newer than the key: the next call,
                // seeing that version, reads again.
                known = new Snapshot(version, read());
                snapshot = known;
            }
            return known;
        }
    }

    private Map<String, DataVersion> read() {
        Map<String, DataVersion> lastLoads = new HashMap<>();
        try (Connection connection = store.connect();
             Statement select = connection.createStatement();
             ResultSet rows = select.executeQuery(LAST_LOADS)) {
            while (rows.next()) {
                lastLoads.put(rows.getString(1),
                        new DataVersion(rows.getLong(2), rows.getTimestamp(3).toLocalDateTime(), rows.getString(4)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the last loads of the tables: " + e.getMessage(), e);
        }
        return Map.copyOf(lastLoads);
    }

    /** The last load of every table written by a published load, as read at {@code version}. */
    private record Snapshot(long version, Map<String, DataVersion> lastLoads) {
    }
}
