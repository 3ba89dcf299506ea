package ru.vitrina.api.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.RequestLogger;
import io.javalin.router.Endpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

import static java.util.Objects.requireNonNull;

/**
 * One JSON line per request on the logger {@value #LOGGER} (method, route template, path, status, duration, request
 * id, data version, cache), and the same exchange recorded in the HTTP timer. A JSON line, not a pattern, so that
 * journald or a log shipper can index the fields without parsing text.
 */
final class AccessLog implements RequestLogger {
    static final String LOGGER = "vitrina.access";
    /** The route label of requests that matched no route: raw paths would make one time series per scanner probe. */
    static final String UNMATCHED = "UNMATCHED";

    private final Logger log = LoggerFactory.getLogger(LOGGER);
    private final ObjectMapper json = new ObjectMapper();
    private final VitrinaMetrics metrics;
    private final Clock clock;

    AccessLog(VitrinaMetrics metrics, Clock clock) {
        this.metrics = requireNonNull(metrics, "metrics");
        this.clock = requireNonNull(clock, "clock");
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
                ObjectNode line = json.createObjectNode();
                line.put("ts", clock.instant().toString());
                line.put("type", "access");
                line.put("requestId", RequestIds.of(ctx));
                line.put("method", ctx.method().name());
                line.put("route", route);
                line.put("path", ctx.path());
                line.put("status", status);
                line.put("durationMs", Math.round(millis * 1000) / 1000.0);
                line.put("dataVersion", ctx.res().getHeader("X-Vitrina-Data-Version"));
                line.put("cache", cache);
                line.put("remote", ctx.ip());
                log.info(json.writeValueAsString(line));
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
