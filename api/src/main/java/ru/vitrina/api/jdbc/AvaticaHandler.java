package ru.vitrina.api.jdbc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.metrics.noop.NoopMetricsSystem;
import org.apache.calcite.avatica.remote.Handler.HandlerResponse;
import org.apache.calcite.avatica.remote.LocalService;
import org.apache.calcite.avatica.remote.Service;
import ru.vitrina.api.security.Access;
import ru.vitrina.engine.access.Principal;

import java.io.IOException;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Avatica's JSON protocol on a Javalin route: the remote JDBC driver
 * ({@code jdbc:avatica:remote:url=http://host:port/avatica;serialization=json}) posts one request per call and
 * gets one JSON answer. The {@link Meta} behind it decides what SQL may run ({@link CubeJdbcMeta}).
 *
 * <p>Authentication is the route's business (HTTP Basic or a Bearer token, checked by the security filter). Here
 * each connection is bound to the user who opened it: a call naming another user's connection id is refused, and
 * the connection's SQL runs with its owner's rights. Which statement belongs to which connection is
 * {@link CubeJdbcMeta}'s to check. Failures leave in Avatica's error shape, with a message and no stack trace
 * ({@link PlainJsonHandler}).
 */
public final class AvaticaHandler implements Handler {
    private final PlainJsonHandler json;
    private final JdbcSessions sessions;
    /** Refuses duplicate keys: the connection checked here must be the one Avatica reads from the same text. */
    private final ObjectMapper mapper = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    public AvaticaHandler(Meta meta, JdbcSessions sessions) {
        LocalService service = new LocalService(requireNonNull(meta, "meta"), NoopMetricsSystem.getInstance());
        Service.RpcMetadataResponse metadata = new Service.RpcMetadataResponse("vitrina");
        service.setRpcMetadata(metadata);
        this.json = new PlainJsonHandler(service, metadata);
        this.sessions = requireNonNull(sessions, "sessions");
    }

    @Override
    public void handle(Context ctx) {
        // Old Avatica clients sent the request in a header; current ones post it as the body.
        String header = ctx.header("request");
        Principal principal = Access.principal(ctx);
        String text = header != null ? header : ctx.body();
        Optional<JsonNode> request = parse(text);
        if (request.isEmpty()) {
            answer(ctx, json.malformed("Тело запроса — не JSON-объект Avatica с полем «request» (или в нём повторено поле)",
                    "the body is not an Avatica JSON object with a \"request\" field (or it repeats a field)"));
            return;
        }
        Optional<String> connectionId = connectionId(request.get());
        if (connectionId.isEmpty()) {
            answer(ctx, json.malformed("В запросе не указано соединение (connectionId)", "the request names no connectionId"));
            return;
        }
        boolean opening = "openConnection".equals(request.get().get("request").asText());
        if (!opening) {
            Optional<Principal> owner = sessions.owner(connectionId.get());
            if (owner.isEmpty() || !owner.get().login().equals(principal.login())
                    || !owner.get().rightsKey().equals(principal.rightsKey())) {
                ctx.status(403).contentType("application/json; charset=utf-8").result("{\"error\": \"Соединение открыто "
                        + "другим пользователем или закрыто / the connection belongs to another user or is closed\", \"status\": 403}");
                return;
            }
        } else if (!sessions.open(connectionId.get(), principal)) {
            ctx.status(409).contentType("application/json; charset=utf-8").result("{\"error\": \"Идентификатор соединения уже "
                    + "занят / connection id already in use\", \"status\": 409}");
            return;
        }
        answer(ctx, json.apply(text));
    }

    private static void answer(Context ctx, HandlerResponse<String> response) {
        ctx.status(response.getStatusCode())
                .contentType("application/json; charset=utf-8")
                .result(response.getResponse());
    }

    /** The request when it is a JSON object naming its type; Avatica decodes the rest of it. */
    private Optional<JsonNode> parse(String request) {
        try {
            JsonNode node = request == null ? null : mapper.readTree(request);
            return node != null && node.isObject() && node.path("request").isTextual() ? Optional.of(node) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The connection Avatica will act on: every request names it, an execute inside the handle of the statement it runs
     * (and there only: Avatica reads no other field of an execute for it, nor that one of any other request).
     */
    private static Optional<String> connectionId(JsonNode request) {
        JsonNode id = "execute".equals(request.get("request").asText())
                ? request.path("statementHandle").path("connectionId") : request.path("connectionId");
        return id.isTextual() ? Optional.of(id.asText()) : Optional.empty();
    }
}
