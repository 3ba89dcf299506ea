package ru.vitrina.api.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Who did what, from where, with how many rows: an append-only table {@code auth.audit} in the users file and one
 * JSON line per entry on the logger {@value #LOGGER}. Nothing in Vitrina updates or deletes its rows; administrators
 * read it through {@code GET /api/v1/admin/audit}.
 */
public final class AuditTrail {
    public static final String LOGGER = "vitrina.audit";
    /** Request attribute a handler sets to the number of rows it answered. */
    public static final String ROWS = "vitrina.audit.rows";
    private static final int MAX_DETAIL = 4000;

    private final Logger log = LoggerFactory.getLogger(LOGGER);
    private final ObjectMapper json = new ObjectMapper();
    private final Connection connection;
    private final Clock clock;

    AuditTrail(Connection usersFile, Clock clock) {
        this.clock = requireNonNull(clock, "clock");
        try {
            this.connection = ((DuckDBConnection) usersFile).duplicate();
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE SEQUENCE IF NOT EXISTS auth.audit_seq");
                statement.execute("CREATE TABLE IF NOT EXISTS auth.audit (seq BIGINT PRIMARY KEY DEFAULT nextval('auth.audit_seq'),"
                        + " occurred_at TIMESTAMP NOT NULL, login VARCHAR NOT NULL, remote VARCHAR, event VARCHAR NOT NULL,"
                        + " method VARCHAR, route VARCHAR, status INTEGER, row_count BIGINT, detail VARCHAR, detail_sha256 VARCHAR)");
            }
        } catch (SQLException e) {
            throw new AuthStoreException("cannot open the audit table: " + e.getMessage(), e);
        }
    }

    /** One entry. @param detail the query text or change, kept up to 4000 characters; its SHA-256 covers all of it */
    public void record(Entry entry) {
        String detail = entry.detail();
        String hash = detail == null ? null : Secrets.sha256(detail);
        String kept = detail == null || detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL) + "…";
        Instant at = clock.instant();
        synchronized (this) {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO auth.audit (occurred_at, login, remote, event,"
                    + " method, route, status, row_count, detail, detail_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setTimestamp(1, Timestamp.from(at));
                insert.setString(2, entry.login());
                insert.setString(3, entry.remote());
                insert.setString(4, entry.event());
                insert.setString(5, entry.method());
                insert.setString(6, entry.route());
                insert.setObject(7, entry.status());
                insert.setObject(8, entry.rows());
                insert.setString(9, kept);
                insert.setString(10, hash);
                insert.executeUpdate();
            } catch (SQLException e) {
                log.error("audit entry not stored: {}", e.getMessage());
            }
        }
        if (log.isInfoEnabled()) {
            ObjectNode line = json.createObjectNode();
            line.put("ts", at.toString()).put("type", "audit").put("event", entry.event()).put("login", entry.login())
                    .put("remote", entry.remote()).put("method", entry.method()).put("route", entry.route());
            line.putPOJO("status", entry.status());
            line.putPOJO("rows", entry.rows());
            line.put("detailSha256", hash);
            log.info(line.toString());
        }
    }

    /** Entries newest first, filtered by any of login, event, route prefix, status and time range. */
    public synchronized ArrayNode find(Query query) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT seq, occurred_at, login, remote, event, method, route, status, row_count, detail, detail_sha256"
                + " FROM auth.audit WHERE true");
        List<Object> values = new ArrayList<>();
        if (query.login() != null) {
            sql.append(" AND login = ?");
            values.add(query.login());
        }
        if (query.event() != null) {
            sql.append(" AND event = ?");
            values.add(query.event());
        }
        if (query.routePrefix() != null) {
            sql.append(" AND starts_with(route, ?)");
            values.add(query.routePrefix());
        }
        if (query.status() != null) {
            sql.append(" AND status = ?");
            values.add(query.status());
        }
        if (query.from() != null) {
            sql.append(" AND occurred_at >= ?");
            values.add(Timestamp.from(query.from()));
        }
        if (query.to() != null) {
            sql.append(" AND occurred_at < ?");
            values.add(Timestamp.from(query.to()));
        }
        sql.append(" ORDER BY seq DESC LIMIT ?");
        values.add(query.limit());
        ArrayNode entries = json.createArrayNode();
        try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < values.size(); i++) {
                select.setObject(i + 1, values.get(i));
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ObjectNode entry = entries.addObject();
                    entry.put("seq", rows.getLong(1));
                    entry.put("at", rows.getTimestamp(2).toInstant().toString());
                    entry.put("login", rows.getString(3));
                    entry.put("remote", rows.getString(4));
                    entry.put("event", rows.getString(5));
                    entry.put("method", rows.getString(6));
                    entry.put("route", rows.getString(7));
                    entry.putPOJO("status", rows.getObject(8));
                    entry.putPOJO("rows", rows.getObject(9));
                    entry.put("detail", rows.getString(10));
                    entry.put("detailSha256", rows.getString(11));
                }
            }
        }
        return entries;
    }

    synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            log.warn("audit connection close failed: {}", e.getMessage());
        }
    }

    /**
     * @param event what happened: {@code request}, {@code login}, {@code login_failed}, {@code denied},
     *              {@code user_saved}, {@code token_issued}, {@code token_revoked}
     */
    public record Entry(String login, String remote, String event, String method, String route, Integer status, Long rows,
                        String detail) {
        public Entry {
            requireNonNull(login, "login");
            requireNonNull(event, "event");
        }
    }

    /** @param limit at most this many entries (1–10000) */
    public record Query(String login, String event, String routePrefix, Integer status, Instant from, Instant to, int limit) {
        public Query {
            if (limit < 1 || limit > 10_000) {
                throw new IllegalArgumentException("limit must be 1–10000, got " + limit);
            }
        }
    }
}
