package ru.vitrina.api.query;

import ru.vitrina.api.security.Access;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import ru.vitrina.engine.query.QueryEngine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * {@code /api/v1/explain} and Cube's {@code /cubejs-api/v1/sql}: the DuckDB statement a query runs, with its
 * parameters and the rollup that answers it — so an analyst can see exactly how a number is computed.
 */
public final class ExplainHandler implements Handler {
    private final QueryEngine engine;
    private final ObjectMapper json;

    public ExplainHandler(QueryEngine engine, ObjectMapper json) {
        this.engine = requireNonNull(engine, "engine");
        this.json = requireNonNull(json, "json");
    }

    @Override
    public void handle(Context ctx) {
        QueryEngine.Explanation explanation = engine.explain(QueryDocument.read(ctx, json), Access.principal(ctx));
        Map<String, Object> sql = new LinkedHashMap<>();
        sql.put("sql", List.of(explanation.statement().sql(), explanation.statement().parameters().stream().map(String::valueOf).toList()));
        sql.put("rollup", explanation.rollup());
        ctx.json(Map.of("sql", sql));
    }
}
