package ru.vitrina.ingest.demo;

import ru.vitrina.engine.store.DataVersion;
import ru.vitrina.engine.store.Store;
import ru.vitrina.ingest.reference.MetaLoad;
import ru.vitrina.ingest.reference.ReferenceData;
import ru.vitrina.ingest.reference.ReferenceFiles;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static java.util.Objects.requireNonNull;

/**
 * A demo region: Tomsk Oblast with real territories and classifiers and simulated budget, procurement, health
 * and labour data for January 2023 – October 2026.
 *
 * <p>The same seed and size give the same table contents, row for row: every value comes from a
 * {@link SplittableRandom} split per domain from the seed, nothing depends on hash iteration order or on the
 * clock (only meta.load and meta.data_version carry the time of the run).
 */
public final class DemoRegion {
    /** The job name in meta.load and meta.data_version. */
    public static final String JOB = "demo";
    public static final YearMonth FIRST_MONTH = YearMonth.of(2023, 1);
    public static final YearMonth LAST_MONTH = YearMonth.of(2026, 10);

    /** The fact tables the demo fills, in generation order. */
    public static final List<String> FACT_TABLES = List.of(
            "budget.execution", "procurement.contract", "health.morbidity", "health.resources", "labour.market");

    private static final String REFERENCE_STAGE = "справочники";

    private final long seed;
    private final DemoSize size;
    private final ReferenceFiles files;

    public DemoRegion(long seed, DemoSize size) {
        this(seed, size, new ReferenceFiles());
    }

    public DemoRegion(long seed, DemoSize size, ReferenceFiles files) {
        this.seed = seed;
        this.size = requireNonNull(size, "size");
        this.files = requireNonNull(files, "files");
    }

    /**
     * Replaces the reference data and all fact tables of {@code store} with the demo region, in one publication:
     * readers see the old data or the new, never a mix, and a failure leaves the store as it was.
     */
    public DataVersion generate(Store store, ProgressListener listener) {
        requireNonNull(store, "store");
        ProgressListener progress = requireNonNull(listener, "listener");
        LocalDateTime startedAt = LocalDateTime.now().withNano(0);
        String note = String.format("Демо-регион «Томская область», %s–%s: seed %d, размер %s (%d операций бюджета)",
                FIRST_MONTH, LAST_MONTH, seed, size.name(), size.budgetOperations());
        return store.publish(JOB, note, transaction -> write(transaction, startedAt, progress));
    }

    private void write(Connection transaction, LocalDateTime startedAt, ProgressListener progress) throws SQLException {
        try (Statement statement = transaction.createStatement()) {
            // Also starts the transaction: DuckDB appenders only join a transaction a statement has opened.
            for (String table : FACT_TABLES) {
                statement.execute("DELETE FROM " + table);
            }
        }
        long loadId = MetaLoad.nextLoadId(transaction);
        long version = MetaLoad.nextDataVersion(transaction);

        progress.progress(REFERENCE_STAGE, 0, 1);
        ReferenceData reference = new ReferenceData(files);
        Map<String, Long> counts = new LinkedHashMap<>(reference.load(transaction, loadId));
        progress.progress(REFERENCE_STAGE, 1, 1);

        RegionModel region = RegionModel.read(transaction);
        WorkingCalendar calendar = new WorkingCalendar(FIRST_MONTH, LAST_MONTH);
        BudgetStructure structure = BudgetStructure.read(files);
        SplittableRandom root = new SplittableRandom(seed);
        // One generator per domain, split in a fixed order: a domain's data does not change when another
        // domain draws more or fewer numbers (e.g. at another size).
        SplittableRandom budgetRandom = root.split();
        SplittableRandom procurementRandom = root.split();
        SplittableRandom healthRandom = root.split();
        SplittableRandom labourRandom = root.split();

        counts.put("budget.execution", new BudgetSimulator(region, structure, calendar)
                .write(transaction, budgetRandom, size.budgetOperations(), loadId, progress));
        counts.put("procurement.contract", new ProcurementSimulator(region, calendar)
                .write(transaction, procurementRandom, size.contracts(), loadId, progress));
        long[] health = new HealthSimulator(region, calendar).write(transaction, healthRandom, loadId, progress);
        counts.put("health.morbidity", health[0]);
        counts.put("health.resources", health[1]);
        counts.put("labour.market", new LabourSimulator(region, calendar).write(transaction, labourRandom, loadId, progress));

        Map<String, String> sources = new LinkedHashMap<>();
        sources.put(sourceExtract(), null);
        sources.putAll(reference.sources());
        MetaLoad.recordPublished(transaction, loadId, JOB, startedAt, version, sourceExtract(), counts, sources);
    }

    /** What the load was made from: the generator and its parameters. */
    private String sourceExtract() {
        return String.format("demo: seed=%d, size=%s, budget_operations=%d, contracts=%d",
                seed, size.name(), size.budgetOperations(), size.contracts());
    }

    public long seed() {
        return seed;
    }

    public DemoSize size() {
        return size;
    }

    /** Stage names reported to the {@link ProgressListener}, in order. */
    public static List<String> stages() {
        return List.of(REFERENCE_STAGE, BudgetSimulator.STAGE, ProcurementSimulator.STAGE, HealthSimulator.STAGE,
                LabourSimulator.STAGE);
    }

}
