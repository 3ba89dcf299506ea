package ru.vitrina.engine.sql;

import ru.vitrina.engine.access.Principal;
import ru.vitrina.engine.query.CompiledQuery;
import ru.vitrina.engine.query.QueryCursor;
import ru.vitrina.engine.query.QueryEngine;
import ru.vitrina.engine.query.QueryException;
import ru.vitrina.engine.query.QueryLimits;
import ru.vitrina.engine.store.Store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * SQL over the cubes: a user's query is parsed and validated by Calcite against the cube views only, translated to
 * DuckDB SQL and streamed by the {@link QueryEngine}, with its timeout, data version and export paths.
 *
 * <p>Row limit: the DuckDB statement carries {@code LIMIT limits.maxRows() + 1} (folded into the query's own LIMIT
 * when that is smaller), so a caller that reads more than {@code maxRows()} rows knows the answer was cut. Pass
 * {@link QueryLimits#forExport()} for exports.
 *
 * <p>Translations are cached per SQL text and row cap (planning costs far more than a small DuckDB query).
 */
public final class SqlService {
    private static final int CACHE_SIZE = 512;
    private static final List<String> USER_ERRORS = List.of("Parser Error", "Binder Error", "Conversion Error",
            "Invalid Input Error", "Out of Range Error", "Not implemented Error");

    private final QueryEngine engine;
    private final SqlTranslator translator;
    private final Map<CacheKey, SqlTranslation> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<CacheKey, SqlTranslation> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    public SqlService(QueryEngine engine, CubeViews views, CubeSchema schema) {
        this.engine = requireNonNull(engine, "engine");
        this.translator = new SqlTranslator(requireNonNull(schema, "schema"), requireNonNull(views, "views"));
    }

    /** Creates the cube views in {@code store}, reads them back as the Calcite catalog and returns the service. */
    public static SqlService start(Store store, QueryEngine engine) {
        CubeViews views = new CubeViews(engine.model());
        views.create(store);
        return new SqlService(engine, views, CubeSchema.read(store));
    }

    /**
     * Runs a query whose {@code ?} placeholders take {@code parameters} in order; the caller closes the cursor. Its
     * failures, opening or reading the rows, are classified by {@link #userError}.
     */
    public QueryCursor execute(String sql, List<?> parameters, QueryLimits limits, Principal principal) {
        CompiledQuery compiled = compile(sql, parameters, limits, principal);
        return engine.open(compiled, principal, SqlService::userError);
    }

    /**
     * DuckDB's parser, binder and conversion errors on SQL Calcite accepted are the user's query, not the store,
     * failing ({@code CAST('x' AS INTEGER)}, a construct DuckDB spells differently): 400 with DuckDB's reason, not 500.
     */
    static QueryException userError(QueryException e) {
        Throwable cause = e.getCause();
        String message = cause == null ? "" : firstLine(cause.getMessage());
        boolean usersFault = e.status() == 500 && USER_ERRORS.stream().anyMatch(message::startsWith);
        return usersFault ? new QueryException(400, "Ошибка выполнения запроса: " + message
                + " / query failed: " + message, cause) : e;
    }

    /** DuckDB follows its reason with the statement and a caret under the place: ours, not the user's text. */
    private static String firstLine(String message) {
        String text = String.valueOf(message);
        int newline = text.indexOf('\n');
        return (newline < 0 ? text : text.substring(0, newline)).trim();
    }

    /** The DuckDB statement {@link #execute} would run. */
    public CompiledQuery compile(String sql, List<?> parameters, QueryLimits limits, Principal principal) {
        requireNonNull(parameters, "parameters");
        if (parameters.stream().anyMatch(p -> p == null)) {
            throw QueryException.badRequest("Параметр не может быть NULL: для сравнения с NULL пишите IS NULL",
                    "a parameter cannot be NULL: write IS NULL to compare with NULL");
        }
        SqlTranslation translation = translate(sql, rowCap(limits), principal);
        return new CompiledQuery(translation.duckDbSql(), translation.bind(parameters), translation.columns());
    }

    /** The LIMIT {@link #execute} puts on a query: one row more than the caller may show. */
    public static long rowCap(QueryLimits limits) {
        return (long) requireNonNull(limits, "limits").maxRows() + 1;
    }

    /**
     * Translates {@code sql} to DuckDB SQL limited to {@code rowCap} rows ({@code <= 0}: no limit of ours), from the
     * cache when this text was translated before.
     *
     * @throws QueryException 400 when the text is not one valid query over the cube tables
     */
    public SqlTranslation translate(String sql, long rowCap, Principal principal) {
        requireNonNull(sql, "sql");
        // The translation carries the user's row filter and member checks: one user's is never another's.
        CacheKey key = new CacheKey(sql, Math.max(0, rowCap), principal.rightsKey());
        synchronized (cache) {
            SqlTranslation cached = cache.get(key);
            if (cached != null) {
                return cached;
            }
        }
        // Planned outside the lock: two threads may plan the same text once each, which is cheaper than waiting.
        SqlTranslation translation;
        try {
            translation = translator.translate(sql, key.rowCap(), principal);
        } catch (StackOverflowError e) {
            // Parsing, validating and writing SQL recurse once per level of an expression: only depth overflows it.
            throw SqlTranslator.tooComplex();
        }
        synchronized (cache) {
            cache.put(key, translation);
        }
        return translation;
    }

    /** Checks that {@code sql} is exactly one query (not DML, DDL, COPY, PRAGMA ...) without translating it. */
    public void checkQuery(String sql) {
        translator.parseQuery(requireNonNull(sql, "sql"));
    }

    private record CacheKey(String sql, long rowCap, String rights) {
    }
}
