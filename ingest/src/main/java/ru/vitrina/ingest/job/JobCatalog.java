package ru.vitrina.ingest.job;

import ru.vitrina.ingest.budget.BudgetJob;
import ru.vitrina.ingest.health.HealthReportLoad;
import ru.vitrina.ingest.labour.LabourPortalLoad;
import ru.vitrina.ingest.load.Download;
import ru.vitrina.ingest.load.LoadContext;
import ru.vitrina.ingest.load.SourceLoad;
import ru.vitrina.ingest.load.TableCounts;
import ru.vitrina.ingest.population.EmissPopulationLoad;
import ru.vitrina.ingest.procurement.EisContractLoad;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * The jobs of the source systems, made from {@link JobSettings}: budget (JDBC pull, or a Treasury CSV given as a
 * file), procurement (ЕИС ZIPs from a drop folder or a URL), health (the ministry's workbooks and CSV forms from a
 * drop folder), labour (the employment portal's REST API), population (ЕМИСС SDMX-ML from a file, folder or URL).
 * A file given for one run ({@link RunOptions#file()}) replaces the configured source of a file-based job.
 */
public final class JobCatalog {
    /** The labour portal's code of Tomsk Oblast. */
    public static final String LABOUR_REGION = "70";

    private JobCatalog() {
    }

    public static List<JobDefinition> definitions(JobSettings settings) {
        requireNonNull(settings, "settings");
        return List.of(
                BudgetJob.definition(settings.budget(), settings.budgetExport(), settings.source(JobSettings.BUDGET).cron()),
                files(settings, JobSettings.PROCUREMENT, "Госзакупки (44-ФЗ, ЕИС)", EisContractLoad::new),
                files(settings, JobSettings.HEALTH, "Отчёты минздрава области", HealthReportLoad::new),
                labour(settings.source(JobSettings.LABOUR)),
                files(settings, JobSettings.POPULATION, "Численность населения (ЕМИСС)", EmissPopulationLoad::new));
    }

    private static JobDefinition files(JobSettings settings, String job, String titleRu, Function<Path, SourceLoad> load) {
        JobSettings.Source source = settings.source(job);
        return new JobDefinition(job, titleRu, source.cron(), options -> {
            if (options.file().isPresent()) {
                return load.apply(options.file().get());
            }
            return source.remote() ? new Download(job, URI.create(source.location()), load)
                    : load.apply(Path.of(source.location()));
        });
    }

    private static JobDefinition labour(JobSettings.Source source) {
        LabourPortalLoad.Settings defaults = LabourPortalLoad.Settings.defaults();
        LabourPortalLoad.Settings settings = new LabourPortalLoad.Settings(defaults.pageSize(), defaults.maxAttempts(),
                defaults.initialBackoff(), defaults.maxBackoff(), defaults.requestTimeout(),
                source.option("requests_per_second").map(JobCatalog::rate).orElse(defaults.requestsPerSecond()));
        return new JobDefinition(JobSettings.LABOUR, "Рынок труда (портал «Работа России»)", source.cron(), options ->
                source.configured() ? new LabourPortalLoad(URI.create(source.location()), LABOUR_REGION, settings)
                        : new Unconfigured(JobSettings.LABOUR));
    }

    private static double rate(String text) {
        try {
            double rate = Double.parseDouble(text);
            if (rate > 0) {
                return rate;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("jobs.labour.requests_per_second must be a positive number, got '" + text + "'");
    }

    /** A job whose source nobody configured: its runs fail at once with a message saying what to set. */
    private record Unconfigured(String job) implements SourceLoad {
        @Override
        public List<TableCounts> load(LoadContext context) {
            throw new IllegalStateException("Источник задания «" + job + "» не настроен: задайте jobs." + job
                    + ".source в vitrina.yaml или VITRINA_JOBS_" + job.toUpperCase() + "_SOURCE / the source of job "
                    + job + " is not configured");
        }
    }
}
