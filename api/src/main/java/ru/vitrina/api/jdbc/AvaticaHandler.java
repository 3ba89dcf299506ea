package ru.vitrina.api.jdbc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import org.apache.calcite.avatica.metrics.noop.NoopMetricsSystem;
import org.apache.calcite.avatica.remote.Handler.HandlerResponse;
import org.apache.calcite.avatica.remote.LocalService;
import org.apache.calcite.avatica.remote.Service;
import ru.vitrina.api.security.Access;
import ru.vitrina.engine.access.Principal;

import java.io.IOException;
import java.util.Optional;

import static java.util.Objects.requireNonNull;
import static org.apache.calcite.avatica.remote.Handler.HTTP_OK;

/**
 * Avatica's JSON protocol on a Javalin route: the remote JDBC driver
 * ({@code jdbc:avatica:remote:url=http://host:port/avatica;serialization=json}) posts one request per call and
 * gets one JSON answer. The {@link CubeJdbcMeta} behind it decides what SQL may run.
 *
 * <p>Authentication is the route's business (HTTP Basic or a Bearer token, checked by the security filter). Here
 * each connection is bound to the user who opened it ({@link JdbcSessions}): a call naming another user's connection id
 * is answered as one naming a connection that does not exist, and the connection's SQL runs with its owner's rights.
 * Which statement belongs to which connection is {@link CubeJdbcMeta}'s to check. Failures leave in Avatica's error shape, with a message and no stack trace
 * ({@link PlainJsonHandler}).
 */
public final class AvaticaHandler implements Handler {
    private final PlainJsonHandler json;
    private final JdbcSessions sessions;
    /** Refuses duplicate keys: the connection checked here must be the one Avatica reads from the same text. */
    private final ObjectMapper mapper = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    public AvaticaHandler(CubeJdbcMeta meta) {
        LocalService service = new LocalService(requireNonNull(meta, "meta"), NoopMetricsSystem.getInstance());
        Service.RpcMetadataResponse metadata = new Service.RpcMetadataResponse("vitrina");
        service.setRpcMetadata(metadata);
        this.json = new PlainJsonHandler(service, metadata);
        this.sessions = meta.sessions();
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
        String type = request.get().get("request").asText();
        if ("openConnection".equals(type)) {
            answer(ctx, open(connectionId.get(), principal, text));
            return;
        }
        Optional<Principal> owner = sessions.owner(connectionId.get());
        if (owner.isPresent() && owner.get().login().equals(principal.login())
                && owner.get().rightsKey().equals(principal.rightsKey())) {
            answer(ctx, json.apply(text));
        } else if ("closeConnection".equals(type)) {
            // A client closing a connection that expired must not fail for it.
            answer(ctx, json.closedNothing());
        } else {
            answer(ctx, json.missingConnection());
        }
    }

    /** The id is the opener's from before JdbcMeta opens it (two openers cannot both win) until the open fails. */
    private HandlerResponse<String> open(String connectionId, Principal principal, String request) {
        if (!sessions.claim(connectionId, principal)) {
            return json.connectionIdInUse();
        }
        boolean opened = false;
        try {
            HandlerResponse<String> response = json.apply(request);
            opened = response.getStatusCode() == HTTP_OK;
            return response;
        } finally {
            if (opened) {
                sessions.opened(connectionId);
            } else {
                sessions.failed(connectionId);
            }
        }
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
