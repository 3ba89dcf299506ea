package ru.vitrina.ingest.sources;

import ru.vitrina.engine.store.Store;
import ru.vitrina.ingest.budget.BudgetSource;
import ru.vitrina.ingest.demo.DemoSize;
import ru.vitrina.ingest.demo.ProgressListener;
import ru.vitrina.ingest.job.JobService;
import ru.vitrina.ingest.job.JobSettings;
import ru.vitrina.ingest.job.RunOptions;
import ru.vitrina.ingest.load.LoadListener;
import ru.vitrina.ingest.load.LoadResult;
import ru.vitrina.ingest.reference.ReferenceData;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * The demo region the way a real deployment gets its data: the reference data, then the source systems'
 * extracts ({@link DemoSources}), then the five jobs run through {@link JobService} — the machinery the server's
 * job API and scheduler use — so the store holds a load per job with its history, counts, source files with
 * checksums, quarantine and data-quality report, and every fact row names its load.
 *
 * <p>Population runs first: the health load takes each report year's population from ref.population, which the
 * ЕМИСС figures replace.
 */
public final class DemoPipeline {
    /** The jobs in the order they run. */
    public static final List<String> JOBS = List.of(JobSettings.POPULATION, JobSettings.BUDGET, JobSettings.PROCUREMENT,
            JobSettings.HEALTH, JobSettings.LABOUR);
    private static final String REFERENCE_STAGE = "справочники / reference data";

    private final long seed;
    private final DemoSize size;
    private final Path sources;
    private final Optional<BudgetSource> budgetSystem;

    /**
     * @param sources      the folder the extracts are written to, a sub-folder per job
     * @param budgetSystem a PostgreSQL database to fill with the budget system and pull over JDBC; empty: the
     *                     Treasury CSV export in the budget drop folder
     */
    public DemoPipeline(long seed, DemoSize size, Path sources, Optional<BudgetSource> budgetSystem) {
        this.seed = seed;
        this.size = requireNonNull(size, "size");
        this.sources = requireNonNull(sources, "sources");
        this.budgetSystem = requireNonNull(budgetSystem, "budgetSystem");
    }

    /**
     * Loads the demo region into {@code store}.
     *
     * @param progress told how the extracts are being written
     * @param loads    told how each job's load is going
     * @param finished told each job's result as it ends
     * @return the loads, in {@link #JOBS} order
     * @throws IllegalStateException naming the job when a load fails (the loads before it stay published)
     */
    public List<LoadResult> run(Store store, ProgressListener progress, LoadListener loads, Consumer<LoadResult> finished)
            throws IOException, SQLException {
        requireNonNull(store, "store");
        requireNonNull(progress, "progress");
        requireNonNull(loads, "loads");
        requireNonNull(finished, "finished");
        progress.progress(REFERENCE_STAGE, 0, 1);
        new ReferenceData().publish(store);
        progress.progress(REFERENCE_STAGE, 1, 1);
        List<LoadResult> results = new ArrayList<>();
        try (DemoSources extracts = DemoSources.write(seed, size, sources, budgetSystem, progress)) {
            Map<String, Object> section = extracts.jobsSection();
            // The environment does not redirect the demo: its sources are the ones just written.
            JobSettings settings = JobSettings.from(section, Map.of(), Map.of());
            try (JobService jobs = new JobService(store, settings)) {
                for (String job : JOBS) {
                    LoadResult result = jobs.run(job, RunOptions.INCREMENTAL, loads);
                    finished.accept(result);
                    if (!result.published()) {
                        throw new IllegalStateException("Загрузка демо-данных «" + job + "» не опубликована / the demo's "
                                + job + " load was not published (" + result.status() + "): " + result.error());
                    }
                    results.add(result);
                }
            }
        }
        return results;
    }
}
