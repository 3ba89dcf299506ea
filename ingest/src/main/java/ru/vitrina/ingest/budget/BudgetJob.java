package ru.vitrina.ingest.budget;

import ru.vitrina.ingest.job.JobDefinition;
import ru.vitrina.ingest.load.SourceLoad;

import static java.util.Objects.requireNonNull;

/** The budget job: the JDBC pull from the budget-execution system, or a Treasury CSV export when a file is given. */
public final class BudgetJob {
    public static final String NAME = BudgetStage.JOB;

    private BudgetJob() {
    }

    public static JobDefinition definition(BudgetSource source, String cron) {
        requireNonNull(source, "source");
        return new JobDefinition(NAME, "Исполнение бюджета", cron == null ? JobDefinition.HOURLY : cron,
                options -> options.file().<SourceLoad>map(file -> new BudgetCsvLoad(file, options.full()))
                        .orElseGet(() -> new BudgetLoad(source, options.full())));
    }
}
