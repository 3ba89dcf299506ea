package ru.vitrina.ingest.sources;

import ru.vitrina.engine.store.Store;
import ru.vitrina.ingest.budget.BudgetSource;
import ru.vitrina.ingest.budget.BudgetSourceSimulator;
import ru.vitrina.ingest.budget.TreasuryCsv;
import ru.vitrina.ingest.budget.TreasuryCsvExport;
import ru.vitrina.ingest.demo.DemoRegion;
import ru.vitrina.ingest.demo.DemoSize;
import ru.vitrina.ingest.demo.ProgressListener;
import ru.vitrina.ingest.health.HealthReportSimulator;
import ru.vitrina.ingest.job.JobSettings;
import ru.vitrina.ingest.labour.LabourPortalSimulator;
import ru.vitrina.ingest.population.EmissPopulationSimulator;
import ru.vitrina.ingest.procurement.EisContractSimulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The five source systems of the demo region, as the jobs meet them: the Treasury's CSV export in a drop folder
 * (or, when a PostgreSQL database is named, the budget-execution system filled there), ZIPs of ЕИС XML, the
 * ministry's XLSX workbooks, the ЕМИСС SDMX-ML file, and the employment portal as a real HTTP server on a free
 * loopback port for as long as this object is open.
 *
 * <p>All of it is sampled from one run of the demo generator ({@link DemoRegion}, into a scratch file deleted
 * afterwards), so the same seed and size give the same files, byte for byte, and the loaded store holds what the
 * generator would have written — except health, whose workbooks come from their own simulator. A few faults are
 * put in on purpose, as real extracts have them, so that quarantine shows something: see {@link #INJECTED_FAULTS}.
 */
public final class DemoSources implements AutoCloseable {
    /** The Treasury export's file name in the budget drop folder. */
    public static final String BUDGET_FILE = "treasury_export.csv";
    public static final String POPULATION_FILE = "emiss_population.xml";
    /** Rows the demo's extracts carry broken on purpose: budget lines and portal vacancies, each quarantined. */
    public static final Map<String, Integer> INJECTED_FAULTS = Map.of(JobSettings.BUDGET, 3, JobSettings.LABOUR, 2);

    private static final int CONTRACTS_PER_FILE = 1_000;
    private static final int FILES_PER_ARCHIVE = 10;
    /** The portal simulator is ours and on loopback: the polite rate of the real portal would only make the demo wait. */
    private static final String LABOUR_REQUESTS_PER_SECOND = "10000";
    /** The portal answers this page request with a 500 once; the load retries it, as it would the real portal. */
    private static final int FAILING_PAGE_REQUEST = 3;
    private static final String MODEL_STAGE_PREFIX = "модель региона: ";
    private static final String PROCUREMENT_STAGE = "выгрузка ЕИС / procurement archives";
    private static final String HEALTH_STAGE = "отчёты минздрава, ЕМИСС / workbooks, SDMX";
    private static final String LABOUR_STAGE = "портал «Работа России» / employment portal";

    private final Path folder;
    private final Optional<BudgetSource> budgetSystem;
    private final LabourPortalSimulator labour;

    private DemoSources(Path folder, Optional<BudgetSource> budgetSystem, LabourPortalSimulator labour) {
        this.folder = folder;
        this.budgetSystem = budgetSystem;
        this.labour = labour;
    }

    /**
     * Writes every extract for {@code seed} and {@code size} under {@code folder} (one sub-folder per job, emptied
     * first), fills {@code budgetSystem} when given, and starts the labour portal.
     */
    public static DemoSources write(long seed, DemoSize size, Path folder, Optional<BudgetSource> budgetSystem,
                                    ProgressListener progress) throws IOException, SQLException {
        requireNonNull(size, "size");
        requireNonNull(folder, "folder");
        requireNonNull(budgetSystem, "budgetSystem");
        requireNonNull(progress, "progress");
        for (String job : JobSettings.JOBS) {
            clear(folder.resolve(job));
        }
        Path scratchFile = folder.resolve("region-model.duckdb");
        deleteStore(scratchFile);
        try (Store scratch = Store.open(scratchFile)) {
            new DemoRegion(seed, size).generate(scratch,
                    (stage, done, total) -> progress.progress(MODEL_STAGE_PREFIX + stage, done, total));
            try (Connection model = scratch.connect()) {
                if (budgetSystem.isPresent()) {
                    new BudgetSourceSimulator(budgetSystem.get()).fill(model, progress);
                } else {
                    Path csv = folder.resolve(JobSettings.BUDGET).resolve(BUDGET_FILE);
                    TreasuryCsvExport.writeExecution(model, csv, progress);
                    appendBrokenBudgetLines(model, csv);
                }
                progress.progress(PROCUREMENT_STAGE, 0, 1);
                new EisContractSimulator(seed, EisContractSimulator.read(model))
                        .writeArchives(folder.resolve(JobSettings.PROCUREMENT), CONTRACTS_PER_FILE, FILES_PER_ARCHIVE);
                progress.progress(PROCUREMENT_STAGE, 1, 1);
                progress.progress(HEALTH_STAGE, 0, 1);
                HealthReportSimulator.fromReference(model, seed).writeWorkbooks(folder.resolve(JobSettings.HEALTH),
                        DemoRegion.FIRST_MONTH, DemoRegion.LAST_MONTH);
                EmissPopulationSimulator.fromReference(model, seed)
                        .write(folder.resolve(JobSettings.POPULATION).resolve(POPULATION_FILE));
                progress.progress(HEALTH_STAGE, 1, 1);
                progress.progress(LABOUR_STAGE, 0, 1);
                LabourPortalSimulator.Demo market = LabourPortalSimulator.demo(model, seed, DemoRegion.FIRST_MONTH,
                        DemoRegion.LAST_MONTH);
                progress.progress(LABOUR_STAGE, 1, 1);
                LabourPortalSimulator.Faults faults = new LabourPortalSimulator.Faults(Set.of(FAILING_PAGE_REQUEST),
                        Set.of(), 0, Set.of(), Set.of(), Integer.MAX_VALUE);
                return new DemoSources(folder, budgetSystem, withBrokenVacancies(market).serve(faults));
            }
        } finally {
            deleteStore(scratchFile);
        }
    }

    /** The {@code jobs} section (as vitrina.yaml would hold it) that points every job at these sources. */
    public Map<String, Object> jobsSection() {
        Map<String, Object> section = new LinkedHashMap<>(filesSection(folder));
        budgetSystem.ifPresent(source -> section.put(JobSettings.BUDGET, Map.of("source", source.url(),
                "user", source.user(), "password", source.password(), "schema", source.schema())));
        section.put(JobSettings.LABOUR, Map.of("source", labour.baseUri().toString(),
                "requests_per_second", LABOUR_REQUESTS_PER_SECOND));
        return section;
    }

    /**
     * The jobs section for the server that serves the demo afterwards: the file-based jobs keep reading the demo's
     * folders and the budget its Treasury export when one was written (a run by hand then finds them loaded and
     * publishes nothing), nothing is scheduled.
     */
    public static Map<String, Object> filesSection(Path folder) {
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("schedule", false);
        for (String job : List.of(JobSettings.PROCUREMENT, JobSettings.HEALTH, JobSettings.POPULATION)) {
            section.put(job, Map.of("source", folder.resolve(job).toString()));
        }
        Path export = folder.resolve(JobSettings.BUDGET).resolve(BUDGET_FILE);
        if (Files.isRegularFile(export)) {
            section.put(JobSettings.BUDGET, Map.of("source", export.toString()));
        }
        return section;
    }

    /** Stops the labour portal. */
    @Override
    public void close() {
        labour.close();
    }

    /**
     * Three lines as clerks spoil them: a settlement's budget under an OKTMO the reference does not know, the 31st of
     * February, a letter О typed for a zero in an amount. Their ids follow the last operation, so every good
     * line still loads as the generator made it.
     */
    private static void appendBrokenBudgetLines(Connection model, Path csv) throws SQLException, IOException {
        long nextId;
        String[] codes = new String[5];
        LocalDate date;
        try (Statement statement = model.createStatement();
             ResultSet row = statement.executeQuery("SELECT max(operation_id) OVER (), oktmo, administrator_code,"
                     + " subsection_code, target_article, expense_type, operation_date FROM budget.execution"
                     + " ORDER BY operation_id LIMIT 1")) {
            row.next();
            nextId = row.getLong(1) + 1;
            for (int i = 0; i < codes.length; i++) {
                codes[i] = row.getString(2 + i);
            }
            date = row.getObject(7, LocalDate.class);
        }
        LocalDateTime modified = date.atTime(17, 30);
        List<String> lines = new ArrayList<>();
        lines.add(brokenLine(nextId, date, "69999000", codes, modified, -1, null));
        lines.add(brokenLine(nextId + 1, date, codes[0], codes, modified, 2, "31.02." + date.getYear()));
        lines.add(brokenLine(nextId + 2, date, codes[0], codes, modified, 10, "12 5О0,00"));
        try (Writer out = Files.newBufferedWriter(csv, TreasuryCsv.CP1251, StandardOpenOption.APPEND)) {
            for (String line : lines) {
                out.write(line);
                out.write("\r\n");
            }
        }
    }

    /** A good line of operation {@code id} with field {@code field} (0-based, -1: none) replaced by {@code text}. */
    private static String brokenLine(long id, LocalDate date, String oktmo, String[] codes, LocalDateTime modified,
                                     int field, String text) {
        String[] fields = TreasuryCsvExport.line(id, "ПП-" + id, date, oktmo, codes[1], codes[2], codes[3], codes[4],
                0, 0, 1_250_000, modified).split(";", -1);
        if (field >= 0) {
            fields[field] = text;
        }
        return String.join(";", fields);
    }

    /** Two vacancies the portal publishes as employers fill them in: an unknown OKTMO, and no OKVED code at all. */
    private static LabourPortalSimulator.Demo withBrokenVacancies(LabourPortalSimulator.Demo market) {
        List<LabourPortalSimulator.Vacancy> vacancies = new ArrayList<>(market.vacancies());
        LabourPortalSimulator.Vacancy first = vacancies.get(0);
        // Put among the first page's records, so that they are met early and at a fixed place.
        vacancies.add(1, new LabourPortalSimulator.Vacancy("demo-fault-oktmo", first.created(), "69999000",
                first.okved(), first.salaryMin(), first.salaryMax(), first.jobName()));
        vacancies.add(2, new LabourPortalSimulator.Vacancy("demo-fault-okved", first.created(), first.oktmo(),
                "не указан", first.salaryMin(), first.salaryMax(), first.jobName()));
        return new LabourPortalSimulator.Demo(vacancies, market.unemployment(), market.market());
    }

    private static void clear(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            try (var files = Files.list(folder)) {
                for (Path file : files.toList()) {
                    if (Files.isRegularFile(file)) {
                        Files.delete(file);
                    }
                }
            }
        }
        Files.createDirectories(folder);
    }

    private static void deleteStore(Path file) {
        try {
            Store.deleteFiles(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
