package ru.vitrina.api.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.util.MethodNotAllowedUtil;
import ru.vitrina.api.format.ResultTooLargeException;
import ru.vitrina.api.format.ResultWriters;
import ru.vitrina.api.format.UnsupportedFormatException;
import ru.vitrina.api.query.AnswerJson;
import ru.vitrina.api.jdbc.AvaticaHandler;
import ru.vitrina.api.jdbc.CubeJdbcMeta;
import ru.vitrina.api.query.ExplainHandler;
import ru.vitrina.api.query.SqlHandler;
import ru.vitrina.api.query.ExportResponder;
import ru.vitrina.api.query.LoadHandler;
import ru.vitrina.api.query.MetaHandler;
import ru.vitrina.engine.query.QueryException;
import ru.vitrina.engine.store.StoreException;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/** The HTTP face of Vitrina: routes over one {@link Application}. */
public final class VitrinaServer implements AutoCloseable {
    /** Jetty's limit on the request line and headers together, so also on a GET ?query= (Jetty's default: 8 KB). */
    static final int REQUEST_HEADER_BYTES = 64 * 1024;

    private final Application application;
    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();
    private Javalin javalin;

    public VitrinaServer(Application application) {
        this.application = requireNonNull(application, "application");
    }

    /** Starts listening; port 0 picks a free one (see {@link #port()}). */
    public VitrinaServer start(String host, int port) {
        javalin = Javalin.create(this::configure).start(host, port);
        return this;
    }

    public int port() {
        return javalin.port();
    }

    private void configure(JavalinConfig config) {
        config.startup.showJavalinBanner = false;
        config.http.defaultContentType = "application/json; charset=utf-8";
        config.http.maxRequestSize = application.security().settings().maxBodyBytes();
        // A wrong method on a path served under other methods is 405 with Allow, not 404 (ErrorResponses::http).
        config.http.prefer405over404 = true;
        // Cube clients send the query in GET ?query=: Jetty's 8 KB for the request line and headers is too little.
        config.jetty.modifyHttpConfiguration(http -> http.setRequestHeaderSize(REQUEST_HEADER_BYTES));
        JsonErrorHandler errors = new JsonErrorHandler();
        config.jetty.modifyServer(server -> server.setErrorHandler(errors));
        config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(errors));
        ExportResponder exports = new ExportResponder(ResultWriters.defaults());
        LoadHandler load = new LoadHandler(application.engine(), json, AnswerJson.Numbers.JSON, exports);
        LoadHandler cubeLoad = new LoadHandler(application.engine(), json, AnswerJson.Numbers.STRINGS, exports);
        MetaHandler meta = new MetaHandler(application.model(), application.store(), json);

        config.routes.get("/api/v1/meta", meta);
        config.routes.get("/api/v1/load", load);
        config.routes.post("/api/v1/load", load);
        ExplainHandler explain = new ExplainHandler(application.engine(), json);
        config.routes.get("/api/v1/explain", explain);
        config.routes.post("/api/v1/explain", explain);
        config.routes.get("/cubejs-api/v1/sql", explain);
        config.routes.post("/cubejs-api/v1/sql", explain);
        config.routes.post("/api/v1/sql", new SqlHandler(application.sql(), application.config().limits(), json, exports));
        config.routes.post("/avatica", avatica());
        config.routes.get("/cubejs-api/v1/meta", meta);
        config.routes.get("/cubejs-api/v1/load", cubeLoad);
        config.routes.post("/cubejs-api/v1/load", cubeLoad);
        new ru.vitrina.api.ops.OpsRoutes(application).register(config);
        new ru.vitrina.api.security.AuthRoutes(application.security(), application.store()).register(config);
        new ru.vitrina.api.dashboards.DashboardRoutes(application).register(config);
        new ru.vitrina.api.admin.JobRoutes(application).register(config);
        new ru.vitrina.api.indicators.IndicatorRoutes(application.indicators()).register(config);
        new ru.vitrina.api.opendata.OpenDataRoutes(application).register(config);

        config.routes.exception(QueryException.class, ErrorResponses::query);
        config.routes.exception(UnsupportedFormatException.class, ErrorResponses::badArgument);
        config.routes.exception(ResultTooLargeException.class, (e, ctx) -> ErrorResponses.badArgument(new IllegalArgumentException(e.getMessage()), ctx));
        config.routes.exception(HttpResponseException.class, (e, ctx) -> ErrorResponses.http(e, ctx, path -> allowed(config, path)));
        config.routes.exception(Exception.class, ErrorResponses::unexpected);
        config.routes.error(404, ErrorResponses::notFound);
    }

    /** The methods a path is served under and the route rules let through; HEAD wherever GET is. */
    private List<String> allowed(JavalinConfig config, String path) {
        List<String> methods = new ArrayList<>();
        for (HandlerType type : MethodNotAllowedUtil.INSTANCE.findAvailableHttpHandlerTypes(config.unsafe.internalRouter, path)) {
            if (application.security().rules().find(type.name(), path).isPresent()) {
                methods.add(type.name());
            }
        }
        if (methods.contains("GET") && !methods.contains("HEAD")) {
            methods.add("HEAD");
        }
        return methods;
    }

    /** Remote JDBC: the Avatica JSON protocol over the same SQL sandbox as /api/v1/sql. */
    private AvaticaHandler avatica() {
        try {
            return new AvaticaHandler(new CubeJdbcMeta(application.store(), application.sql(),
                    application.config().limits().maxExportRows(), application.config().timeout(), application.permits(),
                    application.lane()));
        } catch (SQLException e) {
            throw new StoreException("Cannot start the JDBC endpoint: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (javalin != null) {
            javalin.stop();
        }
    }
}
