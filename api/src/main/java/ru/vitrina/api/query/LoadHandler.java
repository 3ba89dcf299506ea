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
import ru.vitrina.engine.access.Principal;
import ru.vitrina.engine.store.DataVersion;

import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDate;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

import static java.util.Objects.requireNonNull;

/** {@code /api/v1/load} and {@code /cubejs-api/v1/load}: a cube query in, an answer in the negotiated format out. */
public final class LoadHandler implements Handler {
    /** Room for the bodies of a few thousand dashboard answers (most are a few KB); beside a 1 GB heap. */
    private static final long BODY_BYTES = 64L << 20;

    private final QueryEngine engine;
    private final ObjectMapper json;
    private final AnswerJson answers;
    private final ExportResponder exports;
    /** Bodies of this handler's hits: a handler writes numbers one way ({@link AnswerJson.Numbers}). */
    private final CachedBodies bodies = new CachedBodies(BODY_BYTES);

    public LoadHandler(QueryEngine engine, ObjectMapper json, AnswerJson.Numbers numbers, ExportResponder exports) {
        this.engine = requireNonNull(engine, "engine");
        this.json = requireNonNull(json, "json");
        this.answers = new AnswerJson(numbers);
        this.exports = requireNonNull(exports, "exports");
    }

    @Override
    public void handle(Context ctx) throws Exception {
        String text = QueryDocument.text(ctx);
        ResultFormat format = ResultFormats.negotiate(ctx.queryParam("format"), ctx.header("Accept"));
        if (format != ResultFormat.JSON) {
            try (QueryCursor cursor = engine.open(QueryDocument.document(text, json), Access.principal(ctx))) {
                exports.respond(ctx, cursor, format, "query");
            }
            return;
        }
        long started = System.nanoTime();
        Principal principal = Access.principal(ctx);
        LocalDate day = engine.today();
        CachedBodies.Key key = engine.publishedVersion()
                .map(version -> new CachedBodies.Key(text, principal.rightsKey(), version.version(), day)).orElse(null);
        Optional<KeptBody> kept = key == null ? Optional.empty() : bodies.get(key);
        if (kept.isPresent()) {
            engine.cache().recordHit();
            respond(ctx, kept.get(), System.nanoTime() - started);
            return;
        }
        JsonNode query = QueryDocument.document(text, json);
        QueryAnswer answer = engine.load(query, principal);
        if (answer.cached() && key != null && answer.dataVersion() != null
                && answer.dataVersion().version() == key.dataVersion() && day.equals(engine.today())) {
            KeptBody body = KeptBody.of(answers.render(json.getFactory(), query, answer));
            bodies.put(key, body);
            respond(ctx, body, answer.durationNanos());
            return;
        }
        headers(ctx, answer.dataVersion(), answer.cached(), answer.rollup(), answer.rows().size(), answer.durationNanos());
        OutputStream out = gzipped(ctx) ? new GZIPOutputStream(ctx.res().getOutputStream(), 8192) : ctx.res().getOutputStream();
        try (JsonGenerator generator = json.getFactory().createGenerator(out)) {
            answers.write(generator, query, answer);
        }
    }

    /** A hit, written from its kept body: gzipped already when the client accepts it, so never compressed again. */
    private static void respond(Context ctx, KeptBody body, long durationNanos) throws IOException {
        AnswerJson.Body plain = body.plain();
        headers(ctx, plain.version(), true, plain.rollup(), plain.rows(), durationNanos);
        body.write(ctx.res().getOutputStream(), durationNanos, gzipped(ctx));
    }

    /**
     * Whether the answer goes out gzipped, as the client's {@code Accept-Encoding} allows; says so in the headers.
     * Decided here rather than by Javalin, which decides by the size of the first write.
     */
    private static boolean gzipped(Context ctx) {
        boolean gzip = KeptBody.acceptsGzip(ctx.header("Accept-Encoding"));
        ctx.header("Vary", "Accept-Encoding");
        if (gzip) {
            ctx.header("Content-Encoding", "gzip");
        }
        return gzip;
    }

    private static void headers(Context ctx, DataVersion version, boolean cached, String rollup, int rows, long durationNanos) {
        ctx.attribute(AuditTrail.ROWS, rows);
        ctx.contentType("application/json; charset=utf-8");
        ctx.header("X-Vitrina-Data-Version", version == null ? "none" : Long.toString(version.version()));
        ctx.header("X-Vitrina-Cache", cached ? "hit" : "miss");
        ctx.header("X-Vitrina-Rollup", rollup == null ? "none" : rollup);
        // Server-Timing (W3C) shows the engine's share of the response time in the browser's developer tools.
        // Not String.format: its Formatter cost a cache hit more than the rest of its headers (JFR allocation samples).
        ctx.header("Server-Timing", "engine;dur=" + AnswerJson.millis(durationNanos).toPlainString());
    }
}
