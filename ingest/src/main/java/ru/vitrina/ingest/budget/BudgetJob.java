package ru.vitrina.ingest.budget;

import ru.vitrina.ingest.job.JobDefinition;
import ru.vitrina.ingest.load.SourceLoad;

import java.nio.file.Path;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The budget job: the JDBC pull from the budget-execution system, or a Treasury CSV export — the file given for one
 * run, else the export the settings name as the budget's source.
 */
public final class BudgetJob {
    public static final String NAME = BudgetStage.JOB;

    private BudgetJob() {
    }

    /** The job pulling from {@code source} (a run may still be given a file). */
    public static JobDefinition definition(BudgetSource source, String cron) {
        return definition(source, Optional.empty(), cron);
    }

    public static JobDefinition definition(BudgetSource source, Optional<Path> export, String cron) {
        requireNonNull(source, "source");
        requireNonNull(export, "export");
        return new JobDefinition(NAME, "Исполнение бюджета", cron == null ? JobDefinition.HOURLY : cron,
                options -> options.file().or(() -> export).<SourceLoad>map(file -> new BudgetCsvLoad(file, options.full()))
                        .orElseGet(() -> new BudgetLoad(source, options.full())));
    }
}
