package ru.vitrina.engine.query;

import ru.vitrina.engine.access.AnalyticalLane;
import ru.vitrina.engine.access.QueryPermits;
import com.fasterxml.jackson.databind.JsonNode;
import ru.vitrina.cubes.model.Cube;
import ru.vitrina.cubes.model.CubeModel;
import ru.vitrina.engine.access.Principal;
import ru.vitrina.engine.access.RowSecurity;
import ru.vitrina.engine.cache.ResultCache;
import ru.vitrina.engine.rollup.RollupMatcher;
import ru.vitrina.engine.query.QueryAnswer.DrillPath;
import ru.vitrina.engine.store.DataVersion;
import ru.vitrina.engine.store.Store;

import java.time.LocalDate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

import static java.util.Objects.requireNonNull;

/**
 * Answers cube queries on the store. Each answer is read inside one DuckDB transaction, so all its numbers
 * (rows, total, totals) come from the one data version it names.
 */
public final class QueryEngine implements AutoCloseable {
    private final Store store;
    private final CubeModel model;
    private final QueryParser parser;
    private final QueryLimits limits;
    private final ResultCache cache;
    private final boolean useRollups;
    private final RollupMatcher rollups = new RollupMatcher();
    private final SqlCompiler compiler = new SqlCompiler();
    private final RowSecurity rowSecurity = new RowSecurity();
    private final QueryPermits permits;
    /** Connections kept with their prepared statements for JSON-sized answers (see {@link Sessions}). */
    private final Sessions sessions;
    /** Where streamed answers, and analysts' answers from a base table, wait their turn (the wall screens' never do). */
    private final AnalyticalLane lane;
    /** How DuckDB's driver ends the message of a streamed statement that failed (see {@link #reason}). */
    private static final String LOST_REASON = "Invalid result set";
    /** How DuckDB begins the message of a statement beyond security.memory_limit and the spill limit. */
    private static final String OUT_OF_MEMORY = "Out of Memory Error";

    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "query-timeout-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param useRollups whether queries a rollup can answer exactly are read from it (off only to compare)
     * @param permits    the per-user cap on running queries
     * @param lane       the analytical lane, shared with JDBC
     */
    public QueryEngine(Store store, CubeModel model, QueryParser parser, QueryLimits limits, ResultCache cache, boolean useRollups,
                       QueryPermits permits, AnalyticalLane lane) {
        this.permits = requireNonNull(permits, "permits");
        this.lane = requireNonNull(lane, "lane");
        this.store = requireNonNull(store, "store");
        this.model = requireNonNull(model, "model");
        this.parser = requireNonNull(parser, "parser");
        this.limits = requireNonNull(limits, "limits");
        this.cache = requireNonNull(cache, "cache");
        this.useRollups = useRollups;
        this.sessions = new Sessions(store, Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
    }

    public ResultCache cache() {
        return cache;
    }

    public CubeModel model() {
        return model;
    }

    public QueryLimits limits() {
        return limits;
    }

    /** The version published last, as a cache lookup sees it (no round trip to DuckDB). */
    public Optional<DataVersion> publishedVersion() {
        return store.publishedVersion();
    }

    /** The day the relative date ranges of a query resolve to now (see {@link QueryParser#today()}). */
    public LocalDate today() {
        return parser.today();
    }

    public CubeQuery parse(JsonNode query, QueryLimits limits) {
        return parser.parse(query, limits);
    }

    /** Answers this user's query: their members only, their rows only ({@link RowSecurity}). */
    public QueryAnswer load(JsonNode json, Principal principal) {
        return load(parser.parse(json, limits), principal);
    }

    public QueryAnswer load(CubeQuery asked, Principal principal) {
        long started = System.nanoTime();
        CubeQuery query = rowSecurity.apply(asked, principal);
        Plan plan = plan(query);
        CompiledQuery compiled = plan.compile(compiler);
        String statement = compiled.sql() + "|total=" + query.total() + "|totals=" + query.totals() + "|drill=" + query.drillDown();
        var published = store.publishedVersion();
        ResultCache.Key key = published.map(version -> new ResultCache.Key(statement, compiled.parameters(), version.version(),
                principal.rightsKey())).orElse(null);
        var hit = key == null ? Optional.<QueryAnswer>empty() : cache.get(key);
        if (hit.isPresent()) {
            return hit.get().fromCache(System.nanoTime() - started);
        }
        // The user's own cap first, so that one user refused never fails the others waiting for the same answer.
        Runnable release = permits.acquire(principal);
        try {
            if (key == null) {
                return execute(query, plan, compiled, principal, started);
            }
            ResultCache.Computed computed = cache.computeOnce(key, () -> executeAndKeep(query, plan, compiled, statement, principal, started));
            return computed.shared() ? computed.answer().fromCache(System.nanoTime() - started) : computed.answer();
        } finally {
            release.run();
        }
    }

    /** Runs the query and keeps its answer under the version it read. */
    private QueryAnswer executeAndKeep(CubeQuery query, Plan plan, CompiledQuery compiled, String statement, Principal principal,
                                       long started) {
        QueryAnswer answer = execute(query, plan, compiled, principal, started);
        if (answer.dataVersion() != null) {
            cache.put(new ResultCache.Key(statement, compiled.parameters(), answer.dataVersion().version(), principal.rightsKey()), answer);
        }
        return answer;
    }

    /**
     * The query as it will run: rebound to a rollup that answers it exactly, or as asked. Rollups are built for a
     * published version, so a store nothing was published to yet has none to read.
     */
    private Plan plan(CubeQuery query) {
        boolean rollupsBuilt = useRollups && store.publishedVersion().isPresent();
        Optional<RollupMatcher.Match> match = rollupsBuilt ? rollups.match(query) : Optional.empty();
        return match.map(m -> new Plan(m.query(), m.rollup(), m.rowsAreGroups())).orElse(new Plan(query, null, false));
    }

    /**
     * @param rollup        the rollup that answers ({@code cube.rollup}), or null for the base table
     * @param rowsAreGroups the rollup's rows are the answer's groups ({@link RollupMatcher.Match#rowsAreGroups()})
     */
    private record Plan(CubeQuery query, String rollup, boolean rowsAreGroups) {
        CompiledQuery compile(SqlCompiler compiler) {
            return compiler.compile(query, rowsAreGroups);
        }
    }

    /**
     * Runs the query on a kept session. An analyst's answer from a base table waits in the lane first; taken here, not
     * in {@link #load}, so that users waiting for the same answer ({@link ResultCache#computeOnce}) hold no place.
     */
    private QueryAnswer execute(CubeQuery query, Plan plan, CompiledQuery compiled, Principal principal, long started) {
        Runnable leave = plan.rollup() == null && principal.asksOwnQuestions() ? lane.enter() : () -> { };
        try {
            return readOnSession(query, plan, compiled, started);
        } finally {
            leave.run();
        }
    }

    private QueryAnswer readOnSession(CubeQuery query, Plan plan, CompiledQuery compiled, long started) {
        Sessions.Session session = sessions.acquire();
        boolean answered = false;
        try {
            Optional<QueryAnswer> alone = oneStatement(query) ? readAlone(session, query, plan, compiled, started) : Optional.empty();
            QueryAnswer answer = alone.isPresent() ? alone.get() : readInTransaction(session, query, plan, compiled, started);
            answered = true;
            return answer;
        } catch (SQLException e) {
            throw failure(e, compiled);
        } finally {
            // Whatever went wrong (an Error too), a session that did not answer may hold a broken statement.
            if (answered) {
                sessions.release(session);
            } else {
                sessions.discard(session);
            }
        }
    }

    private static boolean oneStatement(CubeQuery query) {
        return !query.total() && query.totals() == CubeQuery.Totals.NONE && query.drillDown() == null;
    }

    /**
     * An answer of one statement, run in auto-commit: it names the version published before it ran, when no
     * publication committed meanwhile; empty when one did (then the answer is read again in a transaction).
     */
    private Optional<QueryAnswer> readAlone(Sessions.Session session, CubeQuery query, Plan plan, CompiledQuery compiled,
                                            long started) throws SQLException {
        Store.VersionMark mark = store.mark();
        List<Object[]> rows = fetch(session, compiled);
        if (!store.unchangedSince(mark)) {
            return Optional.empty();
        }
        return Optional.of(new QueryAnswer(query, compiled, rows, null, null, null, null, mark.version(),
                System.nanoTime() - started, false, plan.rollup()));
    }

    /** Rows, total, totals and drill path of one answer, all from the version the transaction reads. */
    private QueryAnswer readInTransaction(Sessions.Session session, CubeQuery query, Plan plan, CompiledQuery compiled,
                                          long started) throws SQLException {
        session.begin();
        DataVersion version = DataVersion.current(session.prepared(DataVersion.CURRENT)).orElse(null);
        List<Object[]> rows = fetch(session, compiled);
        Long total = query.total() ? ((Number) fetch(session, compiler.compileCount(plan.query())).get(0)[0]).longValue() : null;
        CompiledQuery totalsQuery = query.totals() == CubeQuery.Totals.NONE ? null : compiler.compileTotals(plan.query());
        List<Object[]> totals = totalsQuery == null ? null : fetch(session, totalsQuery);
        DrillPath drillPath = query.drillDown() == null ? null : drillPath(session, query);
        session.commit();
        return new QueryAnswer(query, compiled, rows, total, totals, totalsQuery, drillPath, version,
                System.nanoTime() - started, false, plan.rollup());
    }

    /** The statement a query would run and the rollup it would read, without running it (Cube's {@code /v1/sql}). */
    public Explanation explain(JsonNode json, Principal principal) {
        CubeQuery query = rowSecurity.apply(parser.parse(json, limits), principal);
        Plan plan = plan(query);
        return new Explanation(plan.compile(compiler), plan.rollup());
    }

    /** @param rollup the rollup that would answer, or null for the base table */
    public record Explanation(CompiledQuery statement, String rollup) {
    }

    /** Opens a streamed answer for an export; the caller must close it. */
    public QueryCursor open(JsonNode json, Principal principal) {
        CubeQuery query = rowSecurity.apply(parser.parse(json, limits.forExport()), principal);
        return open(plan(query).compile(compiler), principal);
    }

    /** Streams the rows of already compiled SQL (used by SQL over the cubes, too), counted against the user's permits. */
    public QueryCursor open(CompiledQuery compiled, Principal principal) {
        return open(compiled, principal, UnaryOperator.identity());
    }

    /**
     * {@link #open(CompiledQuery, Principal)} whose failures, opening or reading the rows, pass through {@code classify}
     * (SQL over the cubes answers the user's own query's errors with 400); a timeout is never passed (always 504).
     */
    public QueryCursor open(CompiledQuery compiled, Principal principal, UnaryOperator<QueryException> classify) {
        requireNonNull(classify, "classify");
        Runnable release = permits.acquire(principal);
        Runnable done = release;
        Connection connection = null;
        try {
            Runnable leave = lane.enter();
            done = () -> {
                leave.run();
                release.run();
            };
            connection = store.connect();
            connection.setAutoCommit(false);
            DataVersion version = DataVersion.current(connection).orElse(null);
            PreparedStatement statement = prepare(connection, compiled);
            Watch watch = guard(statement);
            Runnable finished = done;
            Connection opened = connection;
            return new JdbcQueryCursor(connection, statement, compiled, version, () -> {
                watch.disarm();
                finished.run();
            }, e -> watch.fired.get() ? failure(new TimedOut(e), compiled) : classify.apply(failure(reason(opened, compiled, e), compiled)));
        } catch (SQLException | RuntimeException | Error e) {
            if (connection != null) {
                closeQuietly(connection);
            }
            done.run();
            if (e instanceof Error fatal) {
                throw fatal;
            }
            throw e instanceof SQLException sql ? classify.apply(failure(sql, compiled)) : (RuntimeException) e;
        }
    }

    /**
     * DuckDB's driver reports a streamed statement that fails as it starts only as "Invalid result set", losing
     * DuckDB's reason ("Conversion Error: Could not convert string 'abc' to INT32"). A COPY is not streamed and
     * reports it: run once more that way, to nowhere, only on this failure; it costs what the failure cost.
     */
    private SQLException reason(Connection connection, CompiledQuery compiled, SQLException e) {
        if (!String.valueOf(e.getMessage()).endsWith(LOST_REASON)) {
            return e;
        }
        Path nowhere = null;
        try {
            connection.rollback();
            nowhere = Files.createTempFile("vitrina-reason", ".csv");
            try (PreparedStatement copy = prepare(connection, new CompiledQuery("COPY (" + compiled.sql() + ") TO '"
                    + nowhere.toAbsolutePath().toString().replace("'", "''") + "' (FORMAT csv)", compiled.parameters(), compiled.columns()))) {
                Watch watch = guard(copy);
                try {
                    copy.executeLargeUpdate();
                } finally {
                    watch.disarm();
                }
            }
            return e;
        } catch (SQLException reason) {
            return reason;
        } catch (IOException | RuntimeException other) {
            e.addSuppressed(other);
            return e;
        } finally {
            if (nowhere != null) {
                try {
                    Files.deleteIfExists(nowhere);
                } catch (IOException ignored) {
                    // A temporary file left behind is no reason to hide the query's error.
                }
            }
        }
    }

    private List<Object[]> fetch(Sessions.Session session, CompiledQuery compiled) throws SQLException {
        PreparedStatement statement = session.prepared(compiled.sql());
        bind(statement, compiled);
        Watch watch = guard(statement);
        try (ResultSet rows = statement.executeQuery()) {
            List<Object[]> result = new ArrayList<>();
            int width = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                Object[] row = new Object[width];
                for (int i = 0; i < width; i++) {
                    row[i] = Values.normalize(rows.getObject(i + 1));
                }
                result.add(row);
            }
            return result;
        } catch (SQLException e) {
            throw watch.fired.get() ? new TimedOut(e) : e;
        } finally {
            watch.disarm();
        }
    }

    private static PreparedStatement prepare(Connection connection, CompiledQuery compiled) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(compiled.sql());
        bind(statement, compiled);
        return statement;
    }

    private static void bind(PreparedStatement statement, CompiledQuery compiled) throws SQLException {
        List<Object> parameters = compiled.parameters();
        for (int i = 0; i < parameters.size(); i++) {
            statement.setObject(i + 1, parameters.get(i));
        }
    }

    /** Cancels the statement's DuckDB work when the timeout passes; {@link Watch#disarm()} when the work is done. */
    private Watch guard(PreparedStatement statement) {
        Watch watch = new Watch();
        watch.timer = watchdog.schedule(() -> {
            if (!watch.done.get()) {
                watch.fired.set(true);
                try {
                    statement.cancel();
                } catch (SQLException ignored) {
                    // The statement finished meanwhile: nothing left to cancel.
                }
            }
        }, limits.timeout().toMillis(), TimeUnit.MILLISECONDS);
        return watch;
    }

    /** The timeout of one statement: whether it fired, and a way to stand it down. */
    private static final class Watch {
        private final AtomicBoolean done = new AtomicBoolean();
        private final AtomicBoolean fired = new AtomicBoolean();
        private ScheduledFuture<?> timer;

        void disarm() {
            done.set(true);
            timer.cancel(false);
        }
    }

    /** DuckDB's words for a cancelled statement vary; the watch knows whether it cancelled it. */
    private static final class TimedOut extends SQLException {
        TimedOut(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private QueryException failure(SQLException e, CompiledQuery compiled) {
        String message = String.valueOf(e.getMessage());
        if (e instanceof TimedOut) {
            return new QueryException(504, "Запрос выполнялся дольше " + limits.timeout().toSeconds()
                    + " с и был прерван / the query ran longer than " + limits.timeout().toSeconds() + " s and was cancelled", e);
        }
        if (message.contains(OUT_OF_MEMORY)) {
            // The ceiling is shared by every query at once: this one may fit later, or narrowed.
            return new QueryException(503, "Запросу не хватило памяти хранилища: сузьте его (меньше строк, столбцов, групп)"
                    + " или повторите позже / the query needs more memory than the store may use now: narrow it (fewer rows,"
                    + " columns, groups) or try again later", e);
        }
        return new QueryException(500, "Ошибка хранилища при выполнении запроса / store error while answering the query: "
                + message, e);
    }

    private DrillPath drillPath(Sessions.Session session, CubeQuery query) throws SQLException {
        CubeQuery.DrillDown drill = query.drillDown();
        Cube cube = query.cube();
        List<DrillPath.Step> steps = new ArrayList<>();
        for (int i = 0; i < drill.path().size(); i++) {
            String level = drill.levels().get(i);
            String member = drill.path().get(i);
            steps.add(new DrillPath.Step(level, member, label(session, cube, level, member)));
        }
        int depth = drill.path().size();
        String next = depth + 1 < drill.levels().size() ? drill.levels().get(depth + 1) : null;
        return new DrillPath(drill.hierarchy(), drill.level(), depth, steps, next);
    }

    /** The human name of a level member, read through its label dimension when it has one. */
    private String label(Sessions.Session session, Cube cube, String level, String member) throws SQLException {
        var dimension = cube.dimension(level);
        if (dimension.isEmpty() || dimension.get().label() == null) {
            return member;
        }
        CubeQuery lookup = parser.parse(JsonQueries.labelLookup(cube.name(), level, dimension.get().label(), member), limits);
        List<Object[]> rows = fetch(session, compiler.compile(lookup));
        return rows.isEmpty() || rows.get(0)[0] == null ? member : rows.get(0)[0].toString();
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Already failing: the first error is the one to report.
        }
    }

    /** Writes the rows of a compiled query to Parquet with DuckDB's writer, in the caller's transaction. */
    /** @return the rows written: DuckDB answers COPY with its row count */
    static long copyToParquet(Connection connection, CompiledQuery compiled, Path file) throws SQLException {
        String target = file.toAbsolutePath().toString().replace("'", "''");
        try (PreparedStatement copy = prepare(connection, new CompiledQuery(
                "COPY (" + compiled.sql() + ") TO '" + target + "' (FORMAT parquet)", compiled.parameters(), compiled.columns()))) {
            return copy.executeLargeUpdate();
        }
    }

    @Override
    public void close() {
        sessions.close();
        watchdog.shutdownNow();
    }
}
