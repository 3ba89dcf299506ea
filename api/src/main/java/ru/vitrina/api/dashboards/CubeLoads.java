package ru.vitrina.api.dashboards;

import ru.vitrina.engine.store.DataVersion;
import ru.vitrina.engine.store.Store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The last published load of the job that wrote a table: what a tile's «данные на» names. The store's current
 * version is the latest load of any source, so a budget tile would otherwise say «загрузка: labour».
 */
final class CubeLoads {
    private final Store store;

    CubeLoads(Store store) {
        this.store = requireNonNull(store, "store");
    }

    /** The newest published load that wrote {@code table} (as meta.load_table names it), as its data version. */
    Optional<DataVersion> lastLoadOf(String table) {
        try (Connection connection = store.connect();
             PreparedStatement select = connection.prepareStatement("SELECT v.version, v.published_at, l.job"
                     + " FROM meta.load l JOIN meta.load_table t ON t.load_id = l.load_id"
                     + " JOIN meta.data_version v ON v.version = l.data_version"
                     + " WHERE t.target = ? AND l.status = 'published' ORDER BY v.version DESC LIMIT 1")) {
            select.setString(1, table);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new DataVersion(rows.getLong(1), rows.getTimestamp(2).toLocalDateTime(), rows.getString(3)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the loads of " + table + ": " + e.getMessage(), e);
        }
    }
}
