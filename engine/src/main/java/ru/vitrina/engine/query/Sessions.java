package ru.vitrina.engine.query;

import ru.vitrina.engine.store.Store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.Objects.requireNonNull;

/**
 * DuckDB connections kept between answers, each with its prepared statements by SQL text. Preparing (parse, bind,
 * optimise) cost DuckDB about as much as running a rollup query (profiled: a third of an answer's time), and a
 * dashboard asks the same few statements again and again; a kept statement is only executed with new parameters.
 * DuckDB rebinds a prepared statement by itself when a publication has replaced a table it reads.
 * <p>A session is used by one answer at a time. It is in auto-commit, so that an answer of one statement runs no
 * {@code BEGIN} and {@code COMMIT} (each a statement DuckDB parses and runs); an answer of several statements opens a
 * transaction with {@link Session#begin()} and ends it with {@link Session#commit()}. When all kept sessions are busy
 * a new one is opened, so the pool never makes an answer wait; at most {@code maxIdle} are kept.
 */
final class Sessions implements AutoCloseable {
    private static final int STATEMENTS_PER_SESSION = 128;

    private final Store store;
    private final int maxIdle;
    private final ConcurrentLinkedQueue<Session> idle = new ConcurrentLinkedQueue<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    private volatile boolean closed;

    Sessions(Store store, int maxIdle) {
        this.store = requireNonNull(store, "store");
        this.maxIdle = maxIdle;
    }

    /** A session in auto-commit; give it back with {@link #release} or, after an error, {@link #discard}. */
    Session acquire() {
        Session session = idle.poll();
        if (session != null) {
            idleCount.decrementAndGet();
            return session;
        }
        return new Session(store.connect());
    }

    /** Takes back a session in auto-commit: its transaction, if it began one, committed. */
    void release(Session session) {
        if (!closed && idleCount.incrementAndGet() <= maxIdle) {
            idle.offer(session);
        } else {
            idleCount.decrementAndGet();
            session.close();
        }
    }

    /** Closes a session that failed: its connection may be in any state. */
    void discard(Session session) {
        session.close();
    }

    @Override
    public void close() {
        closed = true;
        for (Session session = idle.poll(); session != null; session = idle.poll()) {
            session.close();
        }
    }

    /** One connection and its prepared statements, least recently used dropped first. */
    static final class Session {
        private final Connection connection;
        private final Map<String, PreparedStatement> statements = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
                if (size() > STATEMENTS_PER_SESSION) {
                    closeQuietly(eldest.getValue());
                    return true;
                }
                return false;
            }
        };

        private Session(Connection connection) {
            this.connection = connection;
        }

        /** The statement for {@code sql}, prepared on first use and kept; parameters are set by the caller. */
        PreparedStatement prepared(String sql) throws SQLException {
            PreparedStatement statement = statements.get(sql);
            if (statement == null) {
                statement = connection.prepareStatement(sql);
                statements.put(sql, statement);
            }
            return statement;
        }

        /** Begins a transaction at the next statement: the statements until {@link #commit()} read one version. */
        void begin() throws SQLException {
            connection.setAutoCommit(false);
        }

        void commit() throws SQLException {
            connection.commit();
            connection.setAutoCommit(true);
        }

        private void close() {
            statements.values().forEach(Session::closeQuietly);
            statements.clear();
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Closing after a failure: the first error is the one reported.
            }
        }

        private static void closeQuietly(PreparedStatement statement) {
            try {
                statement.close();
            } catch (SQLException ignored) {
                // A statement that cannot close holds nothing worth an error.
            }
        }
    }
}
