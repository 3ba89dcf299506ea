package ru.vitrina.engine.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** A published, consistent state of the store; every answer names the version it was computed on. */
public record DataVersion(long version, LocalDateTime publishedAt, String publishedBy) {
    public DataVersion {
        requireNonNull(publishedAt, "publishedAt");
        requireNonNull(publishedBy, "publishedBy");
    }

    /**
     * The moment of publication with its offset, for clients in other time zones: {@code published_at} holds the
     * server's local time ({@link #insertNext} writes {@code LocalDateTime.now()}).
     */
    public OffsetDateTime publishedInstant() {
        return publishedAt.atZone(ZoneId.systemDefault()).toOffsetDateTime();
    }

    /** The statement that reads the newest version; {@link #current(PreparedStatement)} runs a prepared one. */
    public static final String CURRENT = "SELECT version, published_at, published_by FROM meta.data_version ORDER BY version DESC LIMIT 1";

    /** The newest version visible to {@code connection}'s transaction. */
    public static Optional<DataVersion> current(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(CURRENT)) {
            return current(statement);
        }
    }

    /** The newest version visible to the transaction of {@code current}, a statement prepared from {@link #CURRENT}. */
    public static Optional<DataVersion> current(PreparedStatement current) throws SQLException {
        try (ResultSet rows = current.executeQuery()) {
            if (!rows.next()) {
                return Optional.empty();
            }
            return Optional.of(new DataVersion(rows.getLong(1), rows.getObject(2, LocalDateTime.class), rows.getString(3)));
        }
    }

    static DataVersion insertNext(Connection transaction, String publishedBy, String note) throws SQLException {
        long next = current(transaction).map(v -> v.version() + 1).orElse(1L);
        LocalDateTime now = LocalDateTime.now().withNano(0);
        try (PreparedStatement insert = transaction.prepareStatement(
                "INSERT INTO meta.data_version (version, published_at, published_by, note) VALUES (?, ?, ?, ?)")) {
            insert.setLong(1, next);
            insert.setObject(2, now);
            insert.setString(3, publishedBy);
            insert.setString(4, note);
            insert.executeUpdate();
        }
        return new DataVersion(next, now, publishedBy);
    }
}
