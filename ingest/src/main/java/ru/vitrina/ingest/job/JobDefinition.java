package ru.vitrina.ingest.job;

import ru.vitrina.ingest.load.SourceLoad;

import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * A job: its name (budget, procurement ...), a Russian title, its Quartz cron expression (empty: by hand only),
 * and how to make the source adapter of one run.
 */
public record JobDefinition(String name, String titleRu, String cron, Function<RunOptions, SourceLoad> loads) {
    /** Budget: hourly, on the hour (Quartz cron: seconds first). */
    public static final String HOURLY = "0 0 * * * ?";
    /** Other source systems: daily at 03:00. */
    public static final String DAILY = "0 0 3 * * ?";

    public JobDefinition {
        requireNonNull(name, "name");
        requireNonNull(titleRu, "titleRu");
        cron = cron == null ? "" : cron.strip();
        requireNonNull(loads, "loads");
    }

    public boolean scheduled() {
        return !cron.isEmpty();
    }

    public JobDefinition withName(String newName) {
        return new JobDefinition(newName, titleRu, cron, loads);
    }

    public JobDefinition withCron(String newCron) {
        return new JobDefinition(name, titleRu, newCron, loads);
    }
}
