package ru.vitrina.api.jdbc;

import ru.vitrina.engine.access.Principal;
import org.apache.calcite.avatica.AvaticaParameter;
import org.apache.calcite.avatica.AvaticaSeverity;
import org.apache.calcite.avatica.AvaticaUtils;
import org.apache.calcite.avatica.MissingResultsException;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.apache.calcite.avatica.QueryState;
import org.apache.calcite.avatica.jdbc.JdbcMeta;
import org.apache.calcite.avatica.jdbc.StatementInfo;
import org.apache.calcite.avatica.proto.Requests;
import org.apache.calcite.avatica.remote.AvaticaRuntimeException;
import org.apache.calcite.avatica.remote.TypedValue;
import org.apache.calcite.sql.type.SqlTypeName;
import ru.vitrina.engine.access.AnalyticalLane;
import ru.vitrina.engine.access.QueryPermits;
import ru.vitrina.engine.query.QueryException;
import ru.vitrina.engine.sql.CubeViews;
import ru.vitrina.engine.sql.SqlService;
import ru.vitrina.engine.sql.SqlTranslation;
import ru.vitrina.engine.store.Store;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Avatica's server-side JDBC over the cube views. Every statement a client sends goes through the same Calcite
 * gate and translation as /api/v1/sql ({@link SqlService#translate}): a query over the cube tables only, written
 * back by Calcite as DuckDB SQL. Avatica's {@link JdbcMeta} then runs that DuckDB SQL and streams frames.
 *
 * <p>What a client cannot do: run anything but a query (DML, DDL, COPY, PRAGMA, batches: refused before DuckDB);
 * pass connection properties (ignored: the connection is always the store's); switch catalog, schema or read-only
 * mode through connectionSync (ignored); see any schema but {@code cubes} in DatabaseMetaData; run longer than the
 * timeout or read more than {@code maxRows} rows per statement; run more statements at once than the user's share
 * of {@link QueryPermits} (the same count as the JSON API, exports and /api/v1/sql: 429 beyond it).
 *
 * <p>Avatica numbers statements across every connection, so an id is easy to guess: a statement is reachable only
 * through the connection that created it, and through any other it is missing, as a statement that never existed.
 *
 * <p>A JDBC statement holds a permit while DuckDB executes it and while a frame of its rows is fetched, not while the
 * client merely keeps a result set open between fetches: a DBeaver tab left open must not lock its user out.
 */
public class CubeJdbcMeta extends JdbcMeta {
    /** Patterns and names a client may send in metadata calls; anything else matches nothing. */
    private static final Pattern SAFE_NAME = Pattern.compile("[\\p{L}\\p{N}_%$ .-]{0,128}");
    private static final String NOTHING = "\u0001no such name\u0001";

    /** Avatica's defaults, which JdbcMeta would take without them. */
    private static final Duration CONNECTION_IDLE = Duration.ofMinutes(10);
    private static final Duration STATEMENT_IDLE = Duration.ofMinutes(5);

    private final Store store;
    private final JdbcSessions sessions;
    private final SqlService sql;
    private final QueryPermits permits;
    private final AnalyticalLane lane;
    private final long maxRows;
    private final int timeoutSeconds;
    /**
     * The connection that created each statement, and the translation of a prepared one. Keyed by JdbcMeta's own entry,
     * weakly: an entry goes when JdbcMeta drops the statement, closed or expired, so a statement a client never closes
     * is not kept here for ever; and a statement JdbcMeta no longer holds has no owner to check.
     */
    private final Map<StatementInfo, Owned> statements = Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * @param maxRows most rows one statement returns (the LIMIT every translation carries)
     * @param timeout how long one statement may run in DuckDB
     * @param permits the per-user cap on running queries shared with every other way of querying
     * @param lane    the analytical lane shared with exports, SQL and analysts' answers from base tables
     */
    public CubeJdbcMeta(Store store, SqlService sql, long maxRows, Duration timeout, QueryPermits permits, AnalyticalLane lane)
            throws SQLException {
        this(store, sql, maxRows, timeout, permits, lane, CONNECTION_IDLE, STATEMENT_IDLE);
    }

    /**
     * @param connectionIdle how long JdbcMeta keeps a connection nobody uses
     * @param statementIdle  how long JdbcMeta keeps a statement nobody uses
     */
    CubeJdbcMeta(Store store, SqlService sql, long maxRows, Duration timeout, QueryPermits permits, AnalyticalLane lane,
                 Duration connectionIdle, Duration statementIdle) throws SQLException {
        // The URL is never used: createConnection always hands out a connection to the store.
        super("jdbc:duckdb:", caches(connectionIdle, statementIdle));
        this.store = requireNonNull(store, "store");
        this.sql = requireNonNull(sql, "sql");
        // Asked without touching the entry: a connection looked at by the sweep must still expire.
        this.sessions = new JdbcSessions(getConnectionCache().asMap()::containsKey);
        this.permits = requireNonNull(permits, "permits");
        this.lane = requireNonNull(lane, "lane");
        if (maxRows <= 0) {
            throw new IllegalArgumentException("maxRows must be positive");
        }
        this.maxRows = maxRows;
        this.timeoutSeconds = (int) Math.max(1, requireNonNull(timeout, "timeout").toSeconds());
    }

    private static Properties caches(Duration connectionIdle, Duration statementIdle) {
        Properties caches = new Properties();
        caches.setProperty(ConnectionCacheSettings.EXPIRY_DURATION.key(), Long.toString(connectionIdle.toMillis()));
        caches.setProperty(ConnectionCacheSettings.EXPIRY_UNIT.key(), TimeUnit.MILLISECONDS.name());
        caches.setProperty(StatementCacheSettings.EXPIRY_DURATION.key(), Long.toString(statementIdle.toMillis()));
        caches.setProperty(StatementCacheSettings.EXPIRY_UNIT.key(), TimeUnit.MILLISECONDS.name());
        return caches;
    }

    JdbcSessions sessions() {
        return sessions;
    }

    /** How many statements ownership is kept for: those JdbcMeta still holds, once the collector has run. */
    int statementsTracked() {
        return statements.size();
    }

    /**
     * JdbcMeta's caches expire lazily, when the same part of the cache is written again: every open closes what has
     * expired, so an abandoned client's DuckDB connection and statements do not wait for traffic that may never come.
     */
    @Override
    public void openConnection(ConnectionHandle ch, Map<String, String> info) {
        getConnectionCache().cleanUp();
        getStatementCache().cleanUp();
        super.openConnection(ch, info);
    }

    @Override
    protected Connection createConnection(String url, Properties info) {
        return withTimeout(store.connect());
    }

    /** Every statement the connection creates gets the query timeout, so DuckDB cancels a runaway query. */
    private Connection withTimeout(Connection connection) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[]{Connection.class},
                (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (result instanceof Statement statement) {
                        try {
                            statement.setQueryTimeout(timeoutSeconds);
                        } catch (SQLFeatureNotSupportedException ignored) {
                            // A driver without timeouts still answers; DuckDB has them.
                        }
                    }
                    return result;
                });
    }

    /** Clients may not move the connection to another catalog or schema, nor out of its mode. */
    @Override
    protected void apply(Connection conn, ConnectionProperties connProps) {
    }

    @Override
    public StatementHandle createStatement(ConnectionHandle ch) {
        StatementHandle handle = super.createStatement(ch);
        owned(handle.connectionId, handle.id, null);
        return handle;
    }

    @Override
    public StatementHandle prepare(ConnectionHandle ch, String sqlText, long maxRowCount) {
        SqlTranslation translation = translate(ch.id, sqlText, maxRowCount);
        StatementHandle handle = super.prepare(ch, translation.duckDbSql(), maxRowCount);
        owned(handle.connectionId, handle.id, translation);
        Signature signature = handle.signature;
        // The client binds the parameters of its own text; execute() reorders them for DuckDB's placeholders.
        handle.signature = new Signature(signature.columns, sqlText, parameters(translation), signature.internalParameters,
                signature.cursorFactory, signature.statementType);
        return handle;
    }

    @Override
    public ExecuteResult prepareAndExecute(StatementHandle h, String sqlText, long maxRowCount, int maxRowsInFirstFrame,
                                           PrepareCallback callback) throws NoSuchStatementException {
        ownStatement(h);
        SqlTranslation translation = withoutParameters(translate(h.connectionId, sqlText, maxRowCount));
        owned(h.connectionId, h.id, null);
        return executed(h.connectionId, () -> super.prepareAndExecute(h, translation.duckDbSql(), maxRowCount, maxRowsInFirstFrame, callback));
    }

    @SuppressWarnings("deprecation")
    @Override
    public ExecuteResult prepareAndExecute(StatementHandle h, String sqlText, long maxRowCount, PrepareCallback callback)
            throws NoSuchStatementException {
        return prepareAndExecute(h, sqlText, maxRowCount, AvaticaUtils.toSaturatedInt(maxRowCount), callback);
    }

    @Override
    public ExecuteResult execute(StatementHandle h, List<TypedValue> parameterValues, int maxRowsInFirstFrame)
            throws NoSuchStatementException {
        SqlTranslation translation = ownStatement(h).translation();
        if (translation == null) {
            return super.execute(h, parameterValues, maxRowsInFirstFrame);
        }
        List<TypedValue> values = parameterValues == null ? List.of() : parameterValues;
        List<TypedValue> bound;
        try {
            bound = translation.bind(values).stream().map(TypedValue.class::cast).toList();
        } catch (QueryException e) {
            throw refusal(e);
        }
        return executed(h.connectionId, () -> super.execute(h, new ArrayList<>(bound), maxRowsInFirstFrame));
    }

    @Override
    public Frame fetch(StatementHandle h, long offset, int fetchMaxRowCount) throws NoSuchStatementException, MissingResultsException {
        ownStatement(h);
        return permitted(h.connectionId, () -> super.fetch(h, offset, fetchMaxRowCount));
    }

    /**
     * A client whose results went missing replays the query it ran. Its text is the client's own, so it takes the same
     * way as any other: translated with the owner's rights, never run as it came. A metadata call is asked again instead.
     */
    @Override
    public boolean syncResults(StatementHandle sh, QueryState state, long offset) throws NoSuchStatementException {
        ownStatement(sh);
        if (state == null || state.type != QueryState.StateType.SQL) {
            throw refusal(QueryException.badRequest("Повторите запрос метаданных вместо syncResults",
                    "repeat the metadata call instead of syncResults"));
        }
        SqlTranslation translation = withoutParameters(translate(sh.connectionId, state.sql, 0));
        return executed(sh.connectionId, () -> super.syncResults(sh, new QueryState(translation.duckDbSql()), offset));
    }

    /**
     * {@link #permitted} for executing a statement. A failure once the timeout has passed since DuckDB began is its
     * cancellation; the time waited for a permit or a place in the lane does not count, so a refusal stays a refusal.
     */
    private <T> T executed(String connectionId, Work<T> work) throws NoSuchStatementException {
        try {
            return permitted(connectionId, () -> {
                long started = System.nanoTime();
                try {
                    return work.run();
                } catch (RuntimeException e) {
                    throw timedOut(e, started);
                }
            });
        } catch (MissingResultsException e) {
            throw new IllegalStateException("executing a statement never asks for earlier results", e);
        }
    }

    /**
     * Runs DuckDB work of this connection's owner under one of their query permits (429 when they have none left) and
     * in a place of the analytical lane (503 when none comes free in time).
     */
    private <T> T permitted(String connectionId, Work<T> work) throws NoSuchStatementException, MissingResultsException {
        Runnable release;
        Runnable leave;
        try {
            release = permits.acquire(owner(connectionId));
        } catch (QueryException e) {
            throw refusal(e);
        }
        try {
            leave = lane.enter();
        } catch (QueryException e) {
            release.run();
            throw refusal(e);
        }
        try {
            return work.run();
        } finally {
            leave.run();
            release.run();
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run() throws NoSuchStatementException, MissingResultsException;
    }

    /** DuckDB reports a cancelled statement as an invalid result set: say what happened instead. */
    private RuntimeException timedOut(RuntimeException e, long started) {
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
        if (elapsedMillis < timeoutSeconds * 1000L) {
            return e;
        }
        return new AvaticaRuntimeException("Запрос выполнялся дольше " + timeoutSeconds + " с и был прерван / the query ran longer than "
                + timeoutSeconds + " s and was cancelled", 504, "57014", AvaticaSeverity.ERROR);
    }

    @SuppressWarnings("deprecation")
    @Override
    public ExecuteResult execute(StatementHandle h, List<TypedValue> parameterValues, long maxRowCount)
            throws NoSuchStatementException {
        return execute(h, parameterValues, AvaticaUtils.toSaturatedInt(maxRowCount));
    }

    @Override
    public ExecuteBatchResult prepareAndExecuteBatch(StatementHandle h, List<String> sqlCommands) {
        throw refusal(onlySelect());
    }

    @Override
    public ExecuteBatchResult executeBatch(StatementHandle h, List<List<TypedValue>> parameterValues) {
        throw refusal(onlySelect());
    }

    @Override
    public ExecuteBatchResult executeBatchProtobuf(StatementHandle h, List<Requests.UpdateBatch> updateBatches) {
        throw refusal(onlySelect());
    }

    /** Another connection's statement is closed as one that does not exist: silently, and not at all. */
    @Override
    public void closeStatement(StatementHandle h) {
        try {
            ownStatement(h);
        } catch (NoSuchStatementException e) {
            return;
        }
        super.closeStatement(h);
    }

    /** JdbcMeta would keep the connection's statements until each expired: they are closed with it. */
    @Override
    public void closeConnection(ConnectionHandle ch) {
        sessions.closed(ch.id);
        getStatementCache().asMap().values().removeIf(info -> {
            Owned owned = statements.get(info);
            return owned != null && owned.connectionId().equals(ch.id);
        });
        super.closeConnection(ch);
    }

    /** @param translation how a prepared statement's parameters reach DuckDB; null for a statement not prepared */
    private void owned(String connectionId, int statementId, SqlTranslation translation) {
        StatementInfo info = getStatementCache().getIfPresent(statementId);
        if (info != null) {
            statements.put(info, new Owned(connectionId, translation));
        }
    }

    /** A metadata call's rows are a statement too, which the client fetches from and closes. */
    private MetaResultSet owned(MetaResultSet rows) {
        if (rows != null) {
            owned(rows.connectionId, rows.statementId, null);
        }
        return rows;
    }

    /** Refuses a statement of another connection exactly as a statement that does not exist: nothing tells them apart. */
    private Owned ownStatement(StatementHandle h) throws NoSuchStatementException {
        StatementInfo info = getStatementCache().getIfPresent(h.id);
        Owned owned = info == null ? null : statements.get(info);
        if (owned == null || !owned.connectionId().equals(h.connectionId)) {
            throw new NoSuchStatementException(h);
        }
        return owned;
    }

    /** The client's max rows (when it set one) within ours, written into the SQL: DuckDB's setMaxRows is not relied on. */
    private SqlTranslation translate(String connectionId, String sqlText, long clientMaxRows) {
        long cap = clientMaxRows > 0 ? Math.min(clientMaxRows, maxRows) : maxRows;
        Principal principal = owner(connectionId);
        try {
            return sql.translate(sqlText, cap, principal);
        } catch (QueryException e) {
            throw refusal(e);
        }
    }

    /** A connection nobody opened through the handler has no rights at all. */
    private Principal owner(String connectionId) {
        return sessions.owner(connectionId).orElseThrow(() -> refusal(new QueryException(403,
                "Соединение не открыто / the connection was not opened by this user")));
    }

    private static SqlTranslation withoutParameters(SqlTranslation translation) {
        if (translation.parameterCount() > 0) {
            throw refusal(QueryException.badRequest("Запрос с параметрами «?» выполняйте через PreparedStatement",
                    "a query with '?' parameters needs a PreparedStatement"));
        }
        return translation;
    }

    private static QueryException onlySelect() {
        return QueryException.badRequest("Разрешены только запросы SELECT (пакеты изменений не поддерживаются)",
                "only SELECT queries are allowed (update batches are not supported)");
    }

    /** A refusal the Avatica client raises as an SQLException with our message and SQLSTATE 42000. */
    private static AvaticaRuntimeException refusal(QueryException e) {
        return new AvaticaRuntimeException(e.getMessage(), e.status(), "42000", AvaticaSeverity.ERROR);
    }

    private static List<AvaticaParameter> parameters(SqlTranslation translation) {
        List<AvaticaParameter> parameters = new ArrayList<>();
        for (String typeName : translation.parameterTypes()) {
            SqlTypeName type = SqlTypeName.get(typeName);
            int jdbcType = type == null ? java.sql.Types.OTHER : type.getJdbcOrdinal();
            parameters.add(new AvaticaParameter(type != null && SqlTypeName.NUMERIC_TYPES.contains(type), 0, 0, jdbcType,
                    typeName, javaClass(jdbcType), "?" + (parameters.size() + 1)));
        }
        return parameters;
    }

    private static String javaClass(int jdbcType) {
        return switch (jdbcType) {
            case java.sql.Types.BOOLEAN -> Boolean.class.getName();
            case java.sql.Types.TINYINT, java.sql.Types.SMALLINT, java.sql.Types.INTEGER -> Integer.class.getName();
            case java.sql.Types.BIGINT -> Long.class.getName();
            case java.sql.Types.REAL, java.sql.Types.FLOAT, java.sql.Types.DOUBLE -> Double.class.getName();
            case java.sql.Types.DECIMAL, java.sql.Types.NUMERIC -> java.math.BigDecimal.class.getName();
            case java.sql.Types.DATE -> java.sql.Date.class.getName();
            case java.sql.Types.TIME -> java.sql.Time.class.getName();
            case java.sql.Types.TIMESTAMP -> java.sql.Timestamp.class.getName();
            default -> Object.class.getName();
        };
    }

    // DatabaseMetaData: DuckDB's own answers, narrowed to schema "cubes". A client pattern that could not match
    // "cubes" (or holds characters no name has) is replaced by one that matches nothing. Every answer's statement
    // belongs to the connection that asked.

    @Override
    public MetaResultSet getCatalogs(ConnectionHandle ch) {
        return owned(super.getCatalogs(ch));
    }

    @Override
    public MetaResultSet getTableTypes(ConnectionHandle ch) {
        return owned(super.getTableTypes(ch));
    }

    @Override
    public MetaResultSet getTypeInfo(ConnectionHandle ch) {
        return owned(super.getTypeInfo(ch));
    }

    @Override
    public MetaResultSet getTables(ConnectionHandle ch, String catalog, Pat schemaPattern, Pat tableNamePattern, List<String> typeList) {
        return owned(super.getTables(ch, catalog(catalog), cubes(schemaPattern), safe(tableNamePattern), typeList));
    }

    @Override
    public MetaResultSet getColumns(ConnectionHandle ch, String catalog, Pat schemaPattern, Pat tableNamePattern, Pat columnNamePattern) {
        return owned(super.getColumns(ch, catalog(catalog), cubes(schemaPattern), safe(tableNamePattern), safe(columnNamePattern)));
    }

    @Override
    public MetaResultSet getSchemas(ConnectionHandle ch, String catalog, Pat schemaPattern) {
        return owned(super.getSchemas(ch, catalog(catalog), cubes(schemaPattern)));
    }

    @Override
    public MetaResultSet getProcedures(ConnectionHandle ch, String catalog, Pat schemaPattern, Pat procedureNamePattern) {
        return owned(super.getProcedures(ch, catalog(catalog), Pat.of(NOTHING), Pat.of(NOTHING)));
    }

    @Override
    public MetaResultSet getProcedureColumns(ConnectionHandle ch, String catalog, Pat schemaPattern, Pat procedureNamePattern,
                                             Pat columnNamePattern) {
        return owned(super.getProcedureColumns(ch, catalog(catalog), Pat.of(NOTHING), Pat.of(NOTHING), Pat.of(NOTHING)));
    }

    /** DuckDB's functions are not SQL users' functions: they write Calcite's standard SQL. */
    @Override
    public MetaResultSet getFunctions(ConnectionHandle ch, String catalog, Pat schemaPattern, Pat functionNamePattern) {
        return owned(super.getFunctions(ch, catalog(catalog), Pat.of(NOTHING), Pat.of(NOTHING)));
    }

    @Override
    public MetaResultSet getFunctionColumns(ConnectionHandle ch, String catalog, Pat schemaPattern, Pat functionNamePattern,
                                            Pat columnNamePattern) {
        return owned(super.getFunctionColumns(ch, catalog(catalog), Pat.of(NOTHING), Pat.of(NOTHING), Pat.of(NOTHING)));
    }

    @Override
    public MetaResultSet getColumnPrivileges(ConnectionHandle ch, String catalog, String schema, String table, Pat columnNamePattern) {
        return owned(super.getColumnPrivileges(ch, catalog(catalog), cubes(schema), name(table), safe(columnNamePattern)));
    }

    @Override
    public MetaResultSet getTablePrivileges(ConnectionHandle ch, String catalog, Pat schemaPattern, Pat tableNamePattern) {
        return owned(super.getTablePrivileges(ch, catalog(catalog), cubes(schemaPattern), safe(tableNamePattern)));
    }

    @Override
    public MetaResultSet getBestRowIdentifier(ConnectionHandle ch, String catalog, String schema, String table, int scope, boolean nullable) {
        return owned(super.getBestRowIdentifier(ch, catalog(catalog), cubes(schema), name(table), scope, nullable));
    }

    @Override
    public MetaResultSet getVersionColumns(ConnectionHandle ch, String catalog, String schema, String table) {
        return owned(super.getVersionColumns(ch, catalog(catalog), cubes(schema), name(table)));
    }

    @Override
    public MetaResultSet getPrimaryKeys(ConnectionHandle ch, String catalog, String schema, String table) {
        return owned(super.getPrimaryKeys(ch, catalog(catalog), cubes(schema), name(table)));
    }

    @Override
    public MetaResultSet getImportedKeys(ConnectionHandle ch, String catalog, String schema, String table) {
        return owned(super.getImportedKeys(ch, catalog(catalog), cubes(schema), name(table)));
    }

    @Override
    public MetaResultSet getExportedKeys(ConnectionHandle ch, String catalog, String schema, String table) {
        return owned(super.getExportedKeys(ch, catalog(catalog), cubes(schema), name(table)));
    }

    @Override
    public MetaResultSet getCrossReference(ConnectionHandle ch, String parentCatalog, String parentSchema, String parentTable,
                                           String foreignCatalog, String foreignSchema, String foreignTable) {
        return owned(super.getCrossReference(ch, catalog(parentCatalog), cubes(parentSchema), name(parentTable),
                catalog(foreignCatalog), cubes(foreignSchema), name(foreignTable)));
    }

    @Override
    public MetaResultSet getIndexInfo(ConnectionHandle ch, String catalog, String schema, String table, boolean unique, boolean approximate) {
        return owned(super.getIndexInfo(ch, catalog(catalog), cubes(schema), name(table), unique, approximate));
    }

    @Override
    public MetaResultSet getUDTs(ConnectionHandle ch, String catalog, Pat schemaPattern, Pat typeNamePattern, int[] types) {
        return owned(super.getUDTs(ch, catalog(catalog), cubes(schemaPattern), safe(typeNamePattern), types));
    }

    @Override
    public MetaResultSet getSuperTypes(ConnectionHandle ch, String catalog, Pat schemaPattern, Pat typeNamePattern) {
        return owned(super.getSuperTypes(ch, catalog(catalog), cubes(schemaPattern), safe(typeNamePattern)));
    }

    @Override
    public MetaResultSet getSuperTables(ConnectionHandle ch, String catalog, Pat schemaPattern, Pat tableNamePattern) {
        return owned(super.getSuperTables(ch, catalog(catalog), cubes(schemaPattern), safe(tableNamePattern)));
    }

    @Override
    public MetaResultSet getAttributes(ConnectionHandle ch, String catalog, Pat schemaPattern, Pat typeNamePattern, Pat attributeNamePattern) {
        return owned(super.getAttributes(ch, catalog(catalog), cubes(schemaPattern), safe(typeNamePattern), safe(attributeNamePattern)));
    }

    @Override
    public MetaResultSet getPseudoColumns(ConnectionHandle ch, String catalog, Pat schemaPattern, Pat tableNamePattern, Pat columnNamePattern) {
        return owned(super.getPseudoColumns(ch, catalog(catalog), cubes(schemaPattern), safe(tableNamePattern), safe(columnNamePattern)));
    }

    /** Schema {@code cubes} when the client's pattern can match it, else a pattern that matches nothing. */
    static Pat cubes(Pat schemaPattern) {
        return Pat.of(cubes(schemaPattern == null ? null : schemaPattern.s));
    }

    static String cubes(String schemaPattern) {
        if (schemaPattern == null || likeMatches(schemaPattern, CubeViews.SCHEMA)) {
            return CubeViews.SCHEMA;
        }
        return NOTHING;
    }

    private static Pat safe(Pat pattern) {
        return pattern == null || pattern.s == null ? pattern : Pat.of(name(pattern.s));
    }

    private static String name(String name) {
        return name == null || SAFE_NAME.matcher(name).matches() ? name : NOTHING;
    }

    private static String catalog(String catalog) {
        return name(catalog);
    }

    /** JDBC's LIKE patterns: {@code %} any run, {@code _} one character, {@code \} escapes. */
    static boolean likeMatches(String pattern, String value) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL).matcher(value.toLowerCase(Locale.ROOT)).matches();
    }

    /** Holds nothing of the statement itself, which would keep its weak key alive. */
    private record Owned(String connectionId, SqlTranslation translation) {
    }
}
