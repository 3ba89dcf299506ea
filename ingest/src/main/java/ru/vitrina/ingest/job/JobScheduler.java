package ru.vitrina.ingest.job;

import org.quartz.CronScheduleBuilder;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.vitrina.ingest.load.LoadListener;
import ru.vitrina.ingest.load.LoadResult;

import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * Runs the jobs of a {@link JobService} on their cron expressions with Quartz: in memory (RAMJobStore), no
 * network, daemon threads. A firing while the job is still running (by hand or from the last firing) is skipped
 * with a log line rather than queued.
 */
public final class JobScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobScheduler.class);
    private static final String SERVICE = "vitrina.jobService";
    private static final String GROUP = "vitrina";

    private final JobService service;
    private final Scheduler scheduler;
    private volatile boolean started;

    public JobScheduler(JobService service) {
        this.service = requireNonNull(service, "service");
        Properties properties = new Properties();
        // Quartz keeps schedulers in a JVM-wide registry by name: a unique name keeps two stores' schedulers apart.
        properties.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, "vitrina-" + UUID.randomUUID());
        properties.setProperty(StdSchedulerFactory.PROP_SCHED_MAKE_SCHEDULER_THREAD_DAEMON, "true");
        properties.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        properties.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        properties.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        properties.setProperty("org.quartz.threadPool.threadCount", "2");
        properties.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
        try {
            scheduler = new StdSchedulerFactory(properties).getScheduler();
            scheduler.getContext().put(SERVICE, service);
            for (JobDefinition job : service.jobs()) {
                if (!job.scheduled()) {
                    continue;
                }
                JobDetail detail = JobBuilder.newJob(ScheduledLoad.class).withIdentity(job.name(), GROUP)
                        .usingJobData("job", job.name()).build();
                Trigger trigger = TriggerBuilder.newTrigger().withIdentity(job.name(), GROUP)
                        .withSchedule(CronScheduleBuilder.cronSchedule(job.cron())
                                .withMisfireHandlingInstructionDoNothing())
                        .build();
                scheduler.scheduleJob(detail, trigger);
            }
        } catch (SchedulerException | RuntimeException e) {
            throw new IllegalArgumentException("Не удалось создать расписание заданий / cannot schedule the jobs: "
                    + e.getMessage(), e);
        }
    }

    public JobScheduler start() {
        try {
            scheduler.start();
            started = true;
            return this;
        } catch (SchedulerException e) {
            throw new IllegalStateException("Cannot start the job scheduler: " + e.getMessage(), e);
        }
    }

    /** When {@code job} fires next, if it is scheduled and the scheduler is started. */
    public Optional<Instant> nextRun(String job) {
        if (!started) {
            return Optional.empty();
        }
        try {
            Trigger trigger = scheduler.getTrigger(TriggerKey.triggerKey(job, GROUP));
            Date next = trigger == null ? null : trigger.getNextFireTime();
            return Optional.ofNullable(next).map(Date::toInstant);
        } catch (SchedulerException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        try {
            scheduler.shutdown(false);
        } catch (SchedulerException e) {
            LOG.warn("cannot stop the job scheduler", e);
        }
    }

    /** The Quartz job: looks the service up in its scheduler's context (no static state). */
    @DisallowConcurrentExecution
    public static final class ScheduledLoad implements Job {
        @Override
        public void execute(JobExecutionContext context) throws JobExecutionException {
            String job = context.getMergedJobDataMap().getString("job");
            try {
                JobService service = (JobService) context.getScheduler().getContext().get(SERVICE);
                LoadResult result = service.run(job, RunOptions.INCREMENTAL, LoadListener.none());
                LOG.info("scheduled load {} of {}: {}", result.loadId(), job, result.status());
            } catch (JobAlreadyRunningException e) {
                LOG.info("scheduled run of {} skipped: {}", job, e.getMessage());
            } catch (SchedulerException | RuntimeException e) {
                throw new JobExecutionException(e);
            }
        }
    }
}
