package ru.vitrina.api.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.metrics.noop.NoopMetricsSystem;
import org.apache.calcite.avatica.remote.JsonHandler;
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
 * {@link CubeJdbcMeta}'s to check.
 */
public final class AvaticaHandler implements Handler {
    private final JsonHandler json;
    private final JdbcSessions sessions;
    private final ObjectMapper mapper = new ObjectMapper();

    public AvaticaHandler(Meta meta, JdbcSessions sessions) {
        LocalService service = new LocalService(requireNonNull(meta, "meta"), NoopMetricsSystem.getInstance());
        service.setRpcMetadata(new Service.RpcMetadataResponse("vitrina"));
        this.json = new JsonHandler(service, NoopMetricsSystem.getInstance());
        this.sessions = requireNonNull(sessions, "sessions");
    }

    @Override
    public void handle(Context ctx) {
        // Old Avatica clients sent the request in a header; current ones post it as the body.
        String header = ctx.header("request");
        String request = header != null ? header : ctx.body();
        Principal principal = Access.principal(ctx);
        Optional<String> connectionId = connectionId(request);
        boolean opening = request.contains("\"openConnection\"") && isRequest(request, "openConnection");
        if (connectionId.isPresent() && !opening) {
            Optional<Principal> owner = sessions.owner(connectionId.get());
            if (owner.isEmpty() || !owner.get().login().equals(principal.login())
                    || !owner.get().rightsKey().equals(principal.rightsKey())) {
                ctx.status(403).contentType("application/json; charset=utf-8").result("{\"error\": \"Соединение открыто "
                        + "другим пользователем или закрыто / the connection belongs to another user or is closed\", \"status\": 403}");
                return;
            }
        }
        if (opening && connectionId.isPresent()) {
            if (!sessions.open(connectionId.get(), principal)) {
                ctx.status(409).contentType("application/json; charset=utf-8")
                        .result("{\"error\": \"connection id already in use\", \"status\": 409}");
                return;
            }
        }
        var response = json.apply(request);
        ctx.status(response.getStatusCode())
                .contentType("application/json; charset=utf-8")
                .result(response.getResponse());
    }

    /**
     * The connection Avatica will act on: every request names it, an execute inside the handle of the statement it runs
     * (and there only: Avatica reads no other field of an execute for it, nor that one of any other request).
     */
    private Optional<String> connectionId(String request) {
        try {
            JsonNode node = mapper.readTree(request);
            if (node == null) {
                return Optional.empty();
            }
            JsonNode id = "execute".equals(node.path("request").asText())
                    ? node.path("statementHandle").path("connectionId") : node.path("connectionId");
            return id.isMissingNode() || id.isNull() ? Optional.empty() : Optional.of(id.asText());
        } catch (IOException e) {
            return Optional.empty(); // Avatica answers the malformed request itself
        }
    }

    private boolean isRequest(String request, String type) {
        try {
            JsonNode node = mapper.readTree(request);
            return node != null && type.equals(node.path("request").asText());
        } catch (IOException e) {
            return false;
        }
    }
}
