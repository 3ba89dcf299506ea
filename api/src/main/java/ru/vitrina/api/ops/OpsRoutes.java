package ru.vitrina.api.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.vitrina.api.security.Access;
import ru.vitrina.api.server.Application;
import ru.vitrina.engine.access.Role;
import ru.vitrina.engine.store.DataVersion;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import static java.util.Objects.requireNonNull;

/**
 * What an operator and the monitoring use:
 * <pre>
 * GET  /health                 the process is alive (200 while it can answer HTTP at all)
 * GET  /ready                  200 when the store answers, a version is published and no job's newest load failed; 503 with reasons
 *                              (a failed load's error only for an administrator)
 * GET  /metrics                Prometheus text format (see {@link VitrinaMetrics})
 * POST /api/v1/admin/backup    a consistent backup of the running store into STORE_FOLDER/backups/ (loopback callers only)
 * </pre>
 * and for every request: an {@code X-Request-Id} (accepted or made) and one JSON access-log line.
 */
public final class OpsRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(OpsRoutes.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final Application application;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules()
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final StoreFigures figures;
    private final Readiness readiness;
    private final VitrinaMetrics metrics;
    private final StoreBackup backups;
    /** One backup at a time: two exports would only compete for the same disk. */
    private final ReentrantLock backupRunning = new ReentrantLock();

    public OpsRoutes(Application application) {
        this(application, Clock.systemUTC());
    }

    public OpsRoutes(Application application, Clock clock) {
        this.application = requireNonNull(application, "application");
        this.clock = requireNonNull(clock, "clock");
        this.figures = new StoreFigures(application.store());
        this.readiness = new Readiness(application.store(), figures);
        this.metrics = new VitrinaMetrics(application.store(), application.engine().cache(), figures, clock);
        this.backups = new StoreBackup(clock);
    }

    public void register(JavalinConfig config) {
        config.routes.before(RequestIds::assign);
        config.requestLogger.http(new AccessLog(metrics));
        config.routes.get("/health", this::health);
        config.routes.get("/ready", this::ready);
        config.routes.get("/metrics", this::metrics);
        config.routes.post("/api/v1/admin/backup", this::backup);
        config.events.serverStopped(metrics::close);
    }

    private void health(Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "alive");
        body.put("dataVersion", application.store().publishedVersion().map(DataVersion::version).orElse(null));
        ctx.json(body);
    }

    /** Public; a failed load's error only for an administrator (a token, Basic or a session on the request). */
    private void ready(Context ctx) {
        Readiness.Report report = readiness.check(Access.principal(ctx).has(Role.ADMINISTRATOR));
        // What one caller is told is not for the next: no cache keeps it.
        ctx.header("Cache-Control", "no-store");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", report.ready() ? "ready" : "not_ready");
        if (!report.ready()) {
            body.put("reasons", report.reasons());
        }
        body.put("checks", report.checks());
        ctx.status(report.ready() ? 200 : 503).json(body);
    }

    private void metrics(Context ctx) {
        ctx.contentType(PROMETHEUS_TEXT).result(metrics.scrape());
    }

    private void backup(Context ctx) {
        if (!fromThisMachine(ctx)) {
            error(ctx, 403, "Копию можно заказать только с самого сервера (curl на localhost) / backups may be requested "
                    + "only from the server itself (curl on localhost), not through a proxy");
            return;
        }
        if (":memory:".equals(application.store().location())) {
            error(ctx, 409, "Хранилище в памяти, копировать нечего / the store lives in memory, there is no file to back up");
            return;
        }
        if (!backupRunning.tryLock()) {
            error(ctx, 409, "Копия уже делается / a backup is already running");
            return;
        }
        try {
            Path store = Path.of(application.store().location());
            long version = application.store().publishedVersion().map(DataVersion::version).orElse(0L);
            Path target = store.toAbsolutePath().getParent().resolve("backups")
                    .resolve(store.getFileName() + "-" + LocalDateTime.now(clock).format(STAMP) + "-v" + version);
            BackupManifest manifest;
            try (var connection = application.store().connect()) {
                manifest = backups.backup(connection, store.toAbsolutePath().toString(), target);
            }
            LOG.info("backup of data version {} written to {} ({} tables, {} rows)", manifest.dataVersion(), target,
                    manifest.tables().size(), manifest.totalRows());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("path", target.toString());
            body.put("manifest", manifest);
            ctx.status(201).contentType("application/json; charset=utf-8").result(json.writeValueAsString(body));
        } catch (OpsException e) {
            LOG.error("backup failed: {}", e.getMessage(), e);
            error(ctx, 500, e.getMessage());
        } catch (java.sql.SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
            LOG.error("backup failed: {}", e.getMessage(), e);
            error(ctx, 500, "Копия не сделана / backup failed: " + e.getMessage());
        } finally {
            backupRunning.unlock();
        }
    }

    /** Loopback and no proxy header: behind a reverse proxy every caller would look local. */
    private static boolean fromThisMachine(Context ctx) {
        if (ctx.header("X-Forwarded-For") != null || ctx.header("Forwarded") != null) {
            return false;
        }
        try {
            return InetAddress.getByName(ctx.ip()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static void error(Context ctx, int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("status", status);
        ctx.status(status).json(body);
    }
}
