package ru.vitrina.api.query;

import ru.vitrina.api.security.AuditTrail;
import ru.vitrina.api.security.Access;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import ru.vitrina.api.format.ResultFormat;
import ru.vitrina.api.format.ResultFormats;
import ru.vitrina.engine.query.QueryAnswer;
import ru.vitrina.engine.query.QueryCursor;
import ru.vitrina.engine.query.QueryEngine;

import java.io.OutputStream;

import static java.util.Objects.requireNonNull;

/** {@code /api/v1/load} and {@code /cubejs-api/v1/load}: a cube query in, an answer in the negotiated format out. */
public final class LoadHandler implements Handler {
    private final QueryEngine engine;
    private final ObjectMapper json;
    private final AnswerJson answers;
    private final ExportResponder exports;

    public LoadHandler(QueryEngine engine, ObjectMapper json, AnswerJson.Numbers numbers, ExportResponder exports) {
        this.engine = requireNonNull(engine, "engine");
        this.json = requireNonNull(json, "json");
        this.answers = new AnswerJson(numbers);
        this.exports = requireNonNull(exports, "exports");
    }

    @Override
    public void handle(Context ctx) throws Exception {
        JsonNode query = QueryDocument.read(ctx, json);
        ResultFormat format = ResultFormats.negotiate(ctx.queryParam("format"), ctx.header("Accept"));
        if (format != ResultFormat.JSON) {
            try (QueryCursor cursor = engine.open(query, Access.principal(ctx))) {
                exports.respond(ctx, cursor, format, "query");
            }
            return;
        }
        QueryAnswer answer = engine.load(query, Access.principal(ctx));
        ctx.attribute(AuditTrail.ROWS, answer.rows().size());
        ctx.contentType("application/json; charset=utf-8");
        ctx.header("X-Vitrina-Data-Version", answer.dataVersion() == null ? "none" : Long.toString(answer.dataVersion().version()));
        ctx.header("X-Vitrina-Cache", answer.cached() ? "hit" : "miss");
        ctx.header("X-Vitrina-Rollup", answer.rollup() == null ? "none" : answer.rollup());
        // Server-Timing (W3C) shows the engine's share of the response time in the browser's developer tools.
        ctx.header("Server-Timing", String.format(java.util.Locale.ROOT, "engine;dur=%.3f", answer.durationNanos() / 1e6));
        OutputStream out = ctx.outputStream();
        try (JsonGenerator generator = json.getFactory().createGenerator(out)) {
            answers.write(generator, query, answer);
        }
    }
}
