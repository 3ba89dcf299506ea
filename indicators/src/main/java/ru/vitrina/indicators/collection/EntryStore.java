package ru.vitrina.indicators.collection;

import ru.vitrina.engine.store.Store;
import ru.vitrina.engine.store.StoreException;
import ru.vitrina.indicators.period.Period;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** The tables of the indicator schema (see schema.sql beside this class): entries and their history. */
public final class EntryStore {
    private static final String COLUMNS = "code, period, territory, value, comment, state, version, published_value, "
            + "first_published_value, published_at, revision, review_comment, submitted_by, updated_by, updated_at";

    private final Store store;

    public EntryStore(Store store) {
        this.store = requireNonNull(store, "store");
        try (Connection connection = store.connect(); Statement statement = connection.createStatement()) {
            statement.execute(schema());
        } catch (SQLException e) {
            throw new StoreException("Cannot create the indicator schema: " + e.getMessage(), e);
        }
    }

    public Store store() {
        return store;
    }

    private static String schema() {
        try (InputStream in = EntryStore.class.getResourceAsStream("schema.sql")) {
            requireNonNull(in, "schema.sql");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<Entry> find(Connection connection, EntryKey key) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                + " FROM indicator.entry WHERE code = ? AND period = ? AND territory = ?")) {
            select.setString(1, key.code());
            select.setString(2, key.period().toString());
            select.setString(3, key.territory());
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(entry(rows)) : Optional.empty();
            }
        }
    }

    public Optional<Entry> find(EntryKey key) {
        try (Connection connection = store.connect()) {
            return find(connection, key);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Entries of an indicator, newest period first; {@code territory} null = every territory. */
    public List<Entry> list(String code, String territory) {
        List<Entry> entries = new ArrayList<>();
        try (Connection connection = store.connect();
             PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM indicator.entry "
                     + "WHERE code = ? AND (? IS NULL OR territory = ?) ORDER BY period DESC, territory")) {
            select.setString(1, code);
            select.setString(2, territory);
            select.setString(3, territory);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    entries.add(entry(rows));
                }
            }
        } catch (SQLException e) {
            throw failure(e);
        }
        return entries;
    }

    /** Every published entry (approved at least once), for facts and statuses. */
    public List<Entry> published() {
        List<Entry> entries = new ArrayList<>();
        try (Connection connection = store.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT " + COLUMNS
                     + " FROM indicator.entry WHERE published_value IS NOT NULL")) {
            while (rows.next()) {
                entries.add(entry(rows));
            }
        } catch (SQLException e) {
            throw failure(e);
        }
        return entries;
    }

    public void insert(Connection connection, Entry entry) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO indicator.entry (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            bind(insert, entry);
            insert.executeUpdate();
        }
    }

    /** Writes {@code entry} over the row if it still has {@code expectedVersion}; false when someone changed it first. */
    public boolean update(Connection connection, Entry entry, int expectedVersion) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE indicator.entry SET value = ?, comment = ?, "
                + "state = ?, version = ?, published_value = ?, first_published_value = ?, published_at = ?, revision = ?, "
                + "review_comment = ?, submitted_by = ?, updated_by = ?, updated_at = ? "
                + "WHERE code = ? AND period = ? AND territory = ? AND version = ?")) {
            update.setDouble(1, entry.value());
            update.setString(2, entry.comment());
            update.setString(3, entry.state().key());
            update.setInt(4, entry.version());
            setDouble(update, 5, entry.publishedValue());
            setDouble(update, 6, entry.firstPublishedValue());
            update.setObject(7, entry.publishedAt());
            update.setInt(8, entry.revision());
            update.setString(9, entry.reviewComment());
            update.setString(10, entry.submittedBy());
            update.setString(11, entry.updatedBy());
            update.setObject(12, entry.updatedAt());
            update.setString(13, entry.key().code());
            update.setString(14, entry.key().period().toString());
            update.setString(15, entry.key().territory());
            update.setInt(16, expectedVersion);
            return update.executeUpdate() == 1;
        }
    }

    public void record(Connection connection, EntryKey key, HistoryRecord change) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO indicator.entry_history (code, period, "
                + "territory, changed_at, login, action, old_value, new_value, old_state, new_state, comment) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, key.code());
            insert.setString(2, key.period().toString());
            insert.setString(3, key.territory());
            insert.setObject(4, change.at());
            insert.setString(5, change.login());
            insert.setString(6, change.action());
            setDouble(insert, 7, change.oldValue());
            setDouble(insert, 8, change.newValue());
            insert.setString(9, change.oldState());
            insert.setString(10, change.newState());
            insert.setString(11, change.comment());
            insert.executeUpdate();
        }
    }

    /** The changes of an entry, oldest first. */
    public List<HistoryRecord> history(EntryKey key) {
        List<HistoryRecord> history = new ArrayList<>();
        try (Connection connection = store.connect();
             PreparedStatement select = connection.prepareStatement("SELECT changed_at, login, action, old_value, new_value, "
                     + "old_state, new_state, comment FROM indicator.entry_history WHERE code = ? AND period = ? "
                     + "AND territory = ? ORDER BY changed_at, rowid")) {
            select.setString(1, key.code());
            select.setString(2, key.period().toString());
            select.setString(3, key.territory());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    history.add(new HistoryRecord(rows.getObject(1, LocalDateTime.class), rows.getString(2),
                            rows.getString(3), optionalDouble(rows, 4), optionalDouble(rows, 5), rows.getString(6),
                            rows.getString(7), rows.getString(8)));
                }
            }
        } catch (SQLException e) {
            throw failure(e);
        }
        return history;
    }

    private static void bind(PreparedStatement statement, Entry entry) throws SQLException {
        statement.setString(1, entry.key().code());
        statement.setString(2, entry.key().period().toString());
        statement.setString(3, entry.key().territory());
        statement.setDouble(4, entry.value());
        statement.setString(5, entry.comment());
        statement.setString(6, entry.state().key());
        statement.setInt(7, entry.version());
        setDouble(statement, 8, entry.publishedValue());
        setDouble(statement, 9, entry.firstPublishedValue());
        statement.setObject(10, entry.publishedAt());
        statement.setInt(11, entry.revision());
        statement.setString(12, entry.reviewComment());
        statement.setString(13, entry.submittedBy());
        statement.setString(14, entry.updatedBy());
        statement.setObject(15, entry.updatedAt());
    }

    private static Entry entry(ResultSet rows) throws SQLException {
        return new Entry(new EntryKey(rows.getString(1), Period.parse(rows.getString(2)), rows.getString(3)),
                rows.getDouble(4), rows.getString(5), EntryState.valueOf(rows.getString(6).toUpperCase(java.util.Locale.ROOT)),
                rows.getInt(7), optionalDouble(rows, 8), optionalDouble(rows, 9), rows.getObject(10, LocalDateTime.class),
                rows.getInt(11), rows.getString(12), rows.getString(13), rows.getString(14),
                rows.getObject(15, LocalDateTime.class));
    }

    private static void setDouble(PreparedStatement statement, int index, Double value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.DOUBLE);
        } else {
            statement.setDouble(index, value);
        }
    }

    private static Double optionalDouble(ResultSet rows, int index) throws SQLException {
        double value = rows.getDouble(index);
        return rows.wasNull() ? null : value;
    }

    private static StoreException failure(SQLException e) {
        return new StoreException("Cannot read indicator entries: " + e.getMessage(), e);
    }
}
