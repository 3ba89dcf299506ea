package ru.vitrina.api.admin;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import ru.vitrina.api.server.Application;
import ru.vitrina.engine.query.QueryException;
import ru.vitrina.ingest.job.JobAlreadyRunningException;
import ru.vitrina.ingest.job.JobDefinition;
import ru.vitrina.ingest.job.JobScheduler;
import ru.vitrina.ingest.job.JobService;
import ru.vitrina.ingest.job.JobSettings;
import ru.vitrina.ingest.job.LoadProgress;
import ru.vitrina.ingest.job.RunOptions;
import ru.vitrina.ingest.job.UnknownJobException;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The job API under /api/v1/admin: jobs with their schedules and last run, starting a job, the load history
 * with per-table counts, lineage, progress, quarantine and data-quality findings.
 *
 * <p>Not yet behind authentication (the administrators' role belongs to the security issue).
 */
public final class JobRoutes {
    private static final int MAX_PAGE = 10_000;

    private final JobService service;
    private final JobScheduler scheduler;
    private final LoadHistory history;

    /** The jobs of the configuration's jobs section and the environment (see {@link JobSettings}) over the application's store. */
    public JobRoutes(Application application) {
        this(requireNonNull(application, "application").store(), JobSettings.fromSystem(application.config().jobs()));
    }

    public JobRoutes(ru.vitrina.engine.store.Store store, JobSettings settings) {
        this(new JobService(store, settings), settings.schedule());
    }

    public JobRoutes(JobService service, boolean schedule) {
        this.service = requireNonNull(service, "service");
        JobScheduler jobScheduler = new JobScheduler(service);
        this.scheduler = schedule ? jobScheduler.start() : jobScheduler;
        this.history = new LoadHistory(service.runner().store(), service.runner());
    }

    public JobService service() {
        return service;
    }

    public void register(JavalinConfig config) {
        config.routes.get("/api/v1/admin/jobs", this::jobs);
        config.routes.post("/api/v1/admin/jobs/{job}/run", this::run);
        config.routes.get("/api/v1/admin/loads", this::loads);
        config.routes.get("/api/v1/admin/loads/{id}", this::load);
        config.routes.get("/api/v1/admin/loads/{id}/quarantine", this::quarantine);
        config.routes.get("/api/v1/admin/loads/{id}/quality", this::quality);
    }

    private void jobs(Context ctx) throws SQLException {
        Map<String, LoadProgress> running = service.runner().running();
        List<Map<String, Object>> jobs = new ArrayList<>();
        for (JobDefinition job : service.jobs()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("job", job.name());
            item.put("title", job.titleRu());
            item.put("cron", job.cron());
            item.put("scheduled", scheduler.nextRun(job.name()).isPresent());
            item.put("nextRun", scheduler.nextRun(job.name()).map(Object::toString).orElse(null));
            LoadProgress progress = running.get(job.name());
            item.put("running", progress == null ? null : Map.of("loadId", progress.loadId(),
                    "progress", LoadHistory.progress(progress)));
            item.put("lastLoad", history.loads(job.name(), 1).stream().findFirst().orElse(null));
            jobs.add(item);
        }
        ctx.json(Map.of("jobs", jobs));
    }

    private void run(Context ctx) {
        String job = ctx.pathParam("job");
        boolean full = Boolean.parseBoolean(Optional.ofNullable(ctx.queryParam("full")).orElse("false"));
        try {
            long loadId = service.submit(job, full ? RunOptions.FULL : RunOptions.INCREMENTAL);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("loadId", loadId);
            body.put("job", job);
            body.put("status", "running");
            body.put("href", "/api/v1/admin/loads/" + loadId);
            ctx.status(202).json(body);
        } catch (UnknownJobException e) {
            throw new QueryException(404, e.getMessage());
        } catch (JobAlreadyRunningException e) {
            throw new QueryException(409, e.getMessage());
        }
    }

    private void loads(Context ctx) throws SQLException {
        int limit = number(ctx, "limit", 50, MAX_PAGE);
        String job = ctx.queryParam("job");
        if (job != null) {
            try {
                service.job(job);
            } catch (UnknownJobException e) {
                throw new QueryException(404, e.getMessage());
            }
        }
        ctx.json(Map.of("loads", history.loads(job, limit)));
    }

    private void load(Context ctx) throws SQLException {
        long id = loadId(ctx);
        ctx.json(history.load(id).orElseThrow(() -> notFound(id)));
    }

    private void quarantine(Context ctx) throws SQLException {
        long id = loadId(ctx);
        history.load(id).orElseThrow(() -> notFound(id));
        // Any offset: a load may quarantine millions of rows, and each must be reachable.
        ctx.json(history.quarantine(id, number(ctx, "offset", 0, Integer.MAX_VALUE), number(ctx, "limit", 1_000, MAX_PAGE)));
    }

    private void quality(Context ctx) throws SQLException {
        long id = loadId(ctx);
        history.load(id).orElseThrow(() -> notFound(id));
        ctx.json(Map.of("loadId", id, "findings", history.quality(id)));
    }

    private static long loadId(Context ctx) {
        String text = ctx.pathParam("id");
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new QueryException(400, "Номер загрузки должен быть числом: «" + text + "» / load id must be a number: " + text);
        }
    }

    private static int number(Context ctx, String name, int fallback, int max) {
        String text = ctx.queryParam(name);
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text);
            if (value < 0 || value > max) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new QueryException(400, "Параметр " + name + " должен быть числом от 0 до " + max + " / "
                    + name + " must be a number from 0 to " + max);
        }
    }

    private static QueryException notFound(long id) {
        return new QueryException(404, "Нет загрузки " + id + " / no load " + id);
    }
}
