package ru.vitrina.api.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.vitrina.engine.store.TableAppender;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

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
    private static final long FLUSH_MILLIS = 100;
    /**
     * Most entries one commit stores. At 1 000 a batch after a {@value #GATHER_MILLIS} ms gather, the writer stored at
     * most about 14 000 entries a second here, fewer than 64 clients' 20 000 requests: its queue filled and every
     * request then waited on it (throughput down to the writer's pace, p99 up to 100–150 ms after 20 s of load).
     */
    private static final int BATCH = 20_000;
    /**
     * How long the writer gathers entries after the first before it commits them. Committing each request's entry
     * alone cost the writer more CPU than the request it recorded (a DuckDB commit per uncached answer, profiled at
     * 1–1.6 ms of CPU per request with one client); a batch of a fraction of a second costs one commit.
     */
    private static final long GATHER_MILLIS = 50;

    private final Logger log = LoggerFactory.getLogger(LOGGER);
    private final ObjectMapper json = new ObjectMapper();
    private final Connection connection;
    private final Clock clock;
    private final BlockingQueue<Stored> pending = new LinkedBlockingQueue<>(100_000);
    private final Thread writer;
    private volatile boolean closed;
    private final AtomicLong recorded = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    /** Draws the numbers of a batch's entries from the table's sequence. */
    private final PreparedStatement numbers;

    AuditTrail(Connection usersFile, Clock clock) {
        this.clock = requireNonNull(clock, "clock");
        try {
            this.connection = ((DuckDBConnection) usersFile).duplicate();
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE SEQUENCE IF NOT EXISTS auth.audit_seq");
                statement.execute("CREATE TABLE IF NOT EXISTS auth.audit (seq BIGINT PRIMARY KEY DEFAULT nextval('auth.audit_seq'),"
                        + " occurred_at TIMESTAMP NOT NULL, login VARCHAR NOT NULL, remote VARCHAR, event VARCHAR NOT NULL,"
                        + " method VARCHAR, route VARCHAR, status INTEGER, row_count BIGINT, detail VARCHAR, detail_sha256 VARCHAR)");
                catchUpNumbering(statement);
            }
            this.numbers = connection.prepareStatement("SELECT nextval('auth.audit_seq') FROM range(?)");
        } catch (SQLException e) {
            throw new AuthStoreException("cannot open the audit table: " + e.getMessage(), e);
        }
        this.writer = new Thread(this::writeUntilClosed, "vitrina-audit-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * One entry: logged at once, stored by the writer thread about {@value #GATHER_MILLIS} ms later in one commit with
     * the entries recorded meanwhile. A request never waits for the table (one DuckDB commit per request would
     * serialise every answer behind a WAL write); when the queue is full the caller waits rather than an entry being
     * dropped.
     *
     * @param entry its detail (the query text or change) is kept up to 4000 characters; its SHA-256 covers all of it.
     *              Secrets in it (passwords, tokens, client secrets: {@link SecretMask}) are masked before either, for
     *              every route alike: a hash of a password is as good as the password to anyone who can guess it.
     */
    public void record(Entry entry) {
        String detail = SecretMask.mask(entry.detail());
        String hash = detail == null ? null : Secrets.sha256(detail);
        String kept = detail == null || detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL) + "…";
        Stored stored = new Stored(clock.instant(), entry, kept, hash);
        recorded.incrementAndGet();
        try {
            pending.put(stored);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            store(List.of(stored));
        }
        if (log.isInfoEnabled()) {
            ObjectNode line = json.createObjectNode();
            line.put("ts", stored.at().toString()).put("type", "audit").put("event", entry.event()).put("login", entry.login())
                    .put("remote", entry.remote()).put("method", entry.method()).put("route", entry.route());
            line.putPOJO("status", entry.status());
            line.putPOJO("rows", entry.rows());
            line.put("detailSha256", hash);
            log.info(line.toString());
        }
    }

    private record Stored(Instant at, Entry entry, String detail, String hash) {
    }

    private void writeUntilClosed() {
        List<Stored> batch = new ArrayList<>();
        while (!closed || !pending.isEmpty()) {
            try {
                Stored first = pending.poll(FLUSH_MILLIS, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    if (!closed && pending.size() < BATCH) {
                        // Gathered only while the writer keeps up; with a backlog it stores what is there at once.
                        // parkNanos, not sleep: an interrupt (close) ends the wait without losing the batch
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(GATHER_MILLIS));
                    }
                    pending.drainTo(batch, BATCH - 1);
                    store(batch);
                    batch.clear();
                }
            } catch (InterruptedException e) {
                closed = true;
            }
        }
    }

    /**
     * Writes a batch in one transaction through DuckDB's appender. A prepared INSERT per entry cost the writer
     * 0.6 ms of CPU an entry (0.23 ms as one multi-row INSERT, 0.05 ms appended): at thousands of requests a second
     * the writer took a core from the answers it recorded. The appender fills no column default, so the entries'
     * numbers are drawn from the column's sequence first: another trail on the same users file (the bench opens three
     * servers on one) draws others. The transaction is begun and ended by statements, not by the connection's
     * auto-commit switch, so that a failed batch leaves the connection as it found it for the next one.
     */
    private synchronized void store(List<Stored> batch) {
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN TRANSACTION");
            try {
                long[] seq = draw(batch.size());
                try (TableAppender appender = TableAppender.open(connection, "auth", "audit")) {
                    for (int i = 0; i < batch.size(); i++) {
                        append(appender.rows().beginRow().append(seq[i]), batch.get(i)).endRow();
                    }
                }
                statement.execute("COMMIT");
            } catch (SQLException e) {
                rollback(statement);
                throw e;
            }
        } catch (SQLException e) {
            log.error("{} audit entries not stored (they are in this log): {}", batch.size(), e.getMessage());
        } finally {
            written.addAndGet(batch.size());
        }
    }

    /** {@code count} new entry numbers, ascending. */
    private long[] draw(int count) throws SQLException {
        long[] seq = new long[count];
        numbers.setInt(1, count);
        try (ResultSet drawn = numbers.executeQuery()) {
            for (int i = 0; drawn.next(); i++) {
                seq[i] = drawn.getLong(1);
            }
        }
        Arrays.sort(seq);
        return seq;
    }

    /**
     * Moves the sequence past the largest number stored: the writer of 26 Nov numbered entries itself, after the
     * largest one, without drawing them from the sequence.
     */
    private static void catchUpNumbering(Statement statement) throws SQLException {
        long behind;
        try (ResultSet gap = statement.executeQuery("SELECT coalesce((SELECT max(seq) FROM auth.audit), 0)"
                + " - coalesce((SELECT last_value FROM duckdb_sequences() WHERE schema_name = 'auth'"
                + " AND sequence_name = 'audit_seq'), 0)")) {
            gap.next();
            behind = gap.getLong(1);
        }
        if (behind > 0) {
            statement.execute("SELECT max(nextval('auth.audit_seq')) FROM range(" + behind + ")");
        }
    }

    private static DuckDBAppender append(DuckDBAppender row, Stored stored) throws SQLException {
        Entry entry = stored.entry();
        row.append(LocalDateTime.ofInstant(stored.at(), ZoneId.systemDefault()));
        row.append(entry.login());
        text(row, entry.remote());
        row.append(entry.event());
        text(row, entry.method());
        text(row, entry.route());
        if (entry.status() == null) {
            row.appendNull();
        } else {
            row.append(entry.status().intValue());
        }
        if (entry.rows() == null) {
            row.appendNull();
        } else {
            row.append(entry.rows().longValue());
        }
        text(row, stored.detail());
        text(row, stored.hash());
        return row;
    }

    private static void text(DuckDBAppender row, String value) throws SQLException {
        if (value == null) {
            row.appendNull();
        } else {
            row.append(value);
        }
    }

    /** Waits (up to ten seconds) until every entry recorded before this call has been written. */
    private void flush() {
        long wanted = recorded.get();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (written.get() < wanted && writer.isAlive() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    private void rollback(Statement statement) {
        try {
            statement.execute("ROLLBACK");
        } catch (SQLException e) {
            log.warn("audit rollback failed: {}", e.getMessage());
        }
    }

    /** Entries newest first, filtered by any of login, event, route prefix, status and time range. */
    public ArrayNode find(Query query) throws SQLException {
        flush();
        return select(query);
    }

    private synchronized ArrayNode select(Query query) throws SQLException {
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

    void close() {
        closed = true;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeConnection();
    }

    private synchronized void closeConnection() {
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
