package ru.vitrina.api.server;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.vitrina.engine.query.QueryException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Every failure leaves as JSON {@code {"error": ..., "status": ...}} (Cube's error shape) — never a stack trace.
 * Unexpected failures are logged with an id the response repeats, so an operator can find them.
 */
final class ErrorResponses {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

    private ErrorResponses() {
    }

    /**
     * A refused or failed query. Busy (503) and cancelled at the timeout (504) are conditions the user can act on, and
     * the message says which; any other 5xx is a failure of ours, answered with an id to find it in the log.
     */
    static void query(QueryException e, Context ctx) {
        if (e.status() == 503 || e.status() == 504) {
            LOG.warn("request {} {} answered {}: {}", ctx.method(), ctx.path(), e.status(), e.getMessage());
            if (e.status() == 503) {
                ctx.header("Retry-After", "1");
            }
        } else if (e.status() >= 500) {
            unexpected(e, ctx);
            return;
        }
        respond(ctx, e.status(), e.getMessage(), null);
    }

    static void badArgument(IllegalArgumentException e, Context ctx) {
        respond(ctx, 400, e.getMessage(), null);
    }

    static void unexpected(Exception e, Context ctx) {
        String id = UUID.randomUUID().toString();
        LOG.error("request {} {} failed, error id {}", ctx.method(), ctx.path(), id, e);
        int status = e instanceof QueryException query ? query.status() : 500;
        respond(ctx, status, "Внутренняя ошибка сервера, код " + id + " / internal server error, id " + id, id);
    }

    /**
     * The statuses Javalin itself answers (a body over the size limit, a bad path parameter): the API's shape and
     * words. A 405 names the methods this path does take in {@code Allow}.
     */
    static void http(HttpResponseException e, Context ctx, Function<String, List<String>> allowed) {
        // Our own refusals through Javalin's exceptions already speak both languages.
        String message = e.getMessage() != null && e.getMessage().contains(" / ") ? e.getMessage()
                : StatusTexts.message(e.getStatus(), e.getMessage());
        if (e.getStatus() == 405) {
            List<String> methods = allowed.apply(ctx.path());
            ctx.header("Allow", String.join(", ", methods));
            message = "Метод " + ctx.method().name() + " здесь не принимается, можно: " + String.join(", ", methods)
                    + " / method not allowed on " + ctx.path() + "; allowed: " + String.join(", ", methods);
        }
        respond(ctx, e.getStatus(), message, null);
    }

    static void notFound(Context ctx) {
        // A handler that answered 404 in JSON (unknown job, load) keeps its own message.
        boolean answered = ctx.result() != null && ctx.result().startsWith("{");
        if (!answered && (ctx.path().startsWith("/api/") || ctx.path().startsWith("/cubejs-api/"))) {
            respond(ctx, 404, "Нет такого адреса: " + ctx.path() + " / no such route: " + ctx.path(), null);
        }
    }

    private static void respond(Context ctx, int status, String message, String id) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("status", status);
        if (id != null) {
            body.put("errorId", id);
        }
        ctx.status(status).json(body);
    }
}
