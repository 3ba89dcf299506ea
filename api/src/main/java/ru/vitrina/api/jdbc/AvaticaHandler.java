package ru.vitrina.api.jdbc;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.metrics.noop.NoopMetricsSystem;
import org.apache.calcite.avatica.remote.JsonHandler;
import org.apache.calcite.avatica.remote.LocalService;
import org.apache.calcite.avatica.remote.Service;

import static java.util.Objects.requireNonNull;

/**
 * Avatica's JSON protocol on a Javalin route: the remote JDBC driver
 * ({@code jdbc:avatica:remote:url=http://host:port/avatica;serialization=json}) posts one request per call and
 * gets one JSON answer. The {@link Meta} behind it decides what SQL may run ({@link CubeJdbcMeta}).
 *
 * <p>Authentication is the route's business: register this handler behind the server's access checks.
 */
public final class AvaticaHandler implements Handler {
    private final JsonHandler json;

    public AvaticaHandler(Meta meta) {
        LocalService service = new LocalService(requireNonNull(meta, "meta"), NoopMetricsSystem.getInstance());
        service.setRpcMetadata(new Service.RpcMetadataResponse("vitrina"));
        this.json = new JsonHandler(service, NoopMetricsSystem.getInstance());
    }

    @Override
    public void handle(Context ctx) {
        // Old Avatica clients sent the request in a header; current ones post it as the body.
        String header = ctx.header("request");
        String request = header != null ? header : ctx.body();
        var response = json.apply(request);
        ctx.status(response.getStatusCode())
                .contentType("application/json; charset=utf-8")
                .result(response.getResponse());
    }
}
