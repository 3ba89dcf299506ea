package ru.vitrina.api.ops;

import io.javalin.http.Context;
import io.javalin.http.RequestLogger;
import io.javalin.router.Endpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * One log event per request on the logger {@value #LOGGER} with the method, route template, path, status, duration,
 * data version and cache as key-value pairs (JsonLogEncoder writes them as JSON fields beside the request id), and
 * the same exchange recorded in the HTTP timer. Logging only queues the event (logback.xml): the request thread never
 * waits for the terminal or the journal.
 */
final class AccessLog implements RequestLogger {
    static final String LOGGER = "vitrina.access";
    /** The route label of requests that matched no route: raw paths would make one time series per scanner probe. */
    static final String UNMATCHED = "UNMATCHED";

    private final Logger log = LoggerFactory.getLogger(LOGGER);
    private final VitrinaMetrics metrics;

    AccessLog(VitrinaMetrics metrics) {
        this.metrics = requireNonNull(metrics, "metrics");
    }

    @Override
    public void handle(Context ctx, Float millis) {
        try {
            String route = route(ctx);
            int status = ctx.statusCode();
            String cache = ctx.res().getHeader("X-Vitrina-Cache");
            String rollup = ctx.res().getHeader("X-Vitrina-Rollup");
            metrics.recordRequest(ctx.method().name(), route, status, millis, cache, rollup);
            if (log.isInfoEnabled()) {
                // Fields of their own in the JSON line (JsonLogEncoder); the request id comes from the MDC.
                log.atInfo()
                        .addKeyValue("type", "access")
                        .addKeyValue("method", ctx.method().name())
                        .addKeyValue("route", route)
                        .addKeyValue("path", ctx.path())
                        .addKeyValue("status", status)
                        .addKeyValue("durationMs", Math.round(millis * 1000) / 1000.0)
                        .addKeyValue("dataVersion", ctx.res().getHeader("X-Vitrina-Data-Version"))
                        .addKeyValue("cache", cache)
                        .addKeyValue("remote", ctx.ip())
                        .log("{} {} {}", ctx.method().name(), ctx.path(), status);
            }
        } catch (Exception e) {
            // Logging must never turn a served answer into an error.
            log.warn("access log failed: {}", e.toString());
        } finally {
            RequestIds.release();
        }
    }

    private static String route(Context ctx) {
        try {
            // The matched HTTP endpoint, not the last handler that ran (an after-filter's "*").
            Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
            // Javalin answers unmatched paths through a catch-all "*" endpoint.
            return endpoint == null || endpoint.path == null || endpoint.path.isEmpty() || "*".equals(endpoint.path)
                    ? UNMATCHED : endpoint.path;
        } catch (RuntimeException e) {
            return UNMATCHED;
        }
    }
}
