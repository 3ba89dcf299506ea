package ru.vitrina.ingest.job;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.vitrina.engine.store.Store;
import ru.vitrina.ingest.load.LoadListener;
import ru.vitrina.ingest.load.LoadResult;
import ru.vitrina.ingest.load.SourceLoad;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.Objects.requireNonNull;

/** The configured jobs of one store: run by hand (now or in the background) or by the {@link JobScheduler}. */
public final class JobService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobService.class);

    private final Map<String, JobDefinition> jobs = new LinkedHashMap<>();
    private final LoadRunner runner;
    private final ExecutorService background;

    public JobService(Store store, List<JobDefinition> definitions) {
        this(new LoadRunner(store), definitions);
    }

    /** The jobs of {@code settings}, their loads checked against the settings' data-quality rules. */
    public JobService(Store store, JobSettings settings) {
        this(new LoadRunner(store, settings.rules()), JobCatalog.definitions(settings));
    }

    public JobService(LoadRunner runner, List<JobDefinition> definitions) {
        this.runner = requireNonNull(runner, "runner");
        for (JobDefinition job : definitions) {
            if (jobs.put(job.name(), job) != null) {
                throw new IllegalArgumentException("job " + job.name() + " defined twice");
            }
        }
        AtomicInteger threads = new AtomicInteger();
        // Daemon threads: a load in flight must not keep a stopping server alive; its transaction simply never commits.
        this.background = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "vitrina-load-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    public List<JobDefinition> jobs() {
        return List.copyOf(jobs.values());
    }

    public JobDefinition job(String name) {
        JobDefinition job = jobs.get(name);
        if (job == null) {
            throw new UnknownJobException(name, jobs.keySet());
        }
        return job;
    }

    public LoadRunner runner() {
        return runner;
    }

    /** Runs {@code job} on the calling thread and returns how it ended. */
    public LoadResult run(String job, RunOptions options, LoadListener listener) {
        SourceLoad load = job(job).loads().apply(options);
        return runner.run(load, listener);
    }

    /**
     * Starts {@code job} in the background and returns its load id at once.
     *
     * @throws JobAlreadyRunningException when the job is running
     */
    public long submit(String job, RunOptions options) {
        SourceLoad load = job(job).loads().apply(options);
        LoadRunner.Started started = runner.start(job);
        try {
            background.execute(() -> runner.execute(started, load, LoadListener.none()));
        } catch (RejectedExecutionException e) {
            runner.abandon(started, "Сервер останавливается / server stopping");
            throw e;
        }
        return started.loadId();
    }

    @Override
    public void close() {
        background.shutdown();
        try {
            if (!background.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("loads still running at shutdown; their transactions are not committed");
                background.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
