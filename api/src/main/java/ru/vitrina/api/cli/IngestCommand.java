package ru.vitrina.api.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import ru.vitrina.engine.store.Store;
import ru.vitrina.ingest.budget.BudgetSource;
import ru.vitrina.ingest.budget.BudgetSourceSimulator;
import ru.vitrina.api.config.ConfigFile;
import ru.vitrina.ingest.demo.DemoSize;
import ru.vitrina.ingest.health.HealthReportSimulator;
import ru.vitrina.ingest.job.JobSettings;
import ru.vitrina.ingest.job.UnknownJobException;
import ru.vitrina.ingest.population.EmissPopulationSimulator;
import ru.vitrina.ingest.procurement.EisContractSimulator;
import ru.vitrina.ingest.job.JobService;
import ru.vitrina.ingest.job.RunOptions;
import ru.vitrina.ingest.load.LoadResult;
import ru.vitrina.ingest.load.TableCounts;
import ru.vitrina.ingest.reference.MetaLoad;
import ru.vitrina.ingest.reference.ReferenceData;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code vitrina ingest run budget}: runs a job by hand with a progress bar; {@code vitrina ingest simulate budget}
 * fills (or changes) the simulated budget-execution system in PostgreSQL.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Загрузка данных из систем-источников.", "Loads data from the source systems."},
        subcommands = {IngestCommand.Run.class, IngestCommand.Simulate.class})
final class IngestCommand {

    /** Where the budget system is, when not as configured (jobs.budget, VITRINA_BUDGET_PG_*); shared by both subcommands. */
    static final class PgOptions {
        @Option(names = "--pg-url", description = "JDBC URL of the budget system (default: as configured, else "
                + BudgetSource.DEFAULT_URL + ")")
        String url;

        @Option(names = "--pg-user", description = "default: as configured, else " + BudgetSource.DEFAULT_USER)
        String user;

        @Option(names = "--pg-password", description = "empty for trust authentication")
        String password;

        @Option(names = "--pg-schema", description = "schema of the operation table (default: as configured, else "
                + BudgetSource.DEFAULT_SCHEMA + ")")
        String schema;

        /** The configured budget source with what was given on the command line put over it. */
        BudgetSource over(BudgetSource configured) {
            return new BudgetSource(url != null ? url : configured.url(), user != null ? user : configured.user(),
                    password != null ? password : configured.password(), schema != null ? schema : configured.schema());
        }
    }

    /** The jobs section of {@code config} (if given) under the environment and system properties. */
    static JobSettings settings(Path config) {
        return JobSettings.fromSystem(config == null ? Map.of() : ConfigFile.read(config, System.getenv()).jobs());
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Выполняет задание загрузки сейчас.", "Runs an ingest job now."})
    static final class Run implements Callable<Integer> {
        @Parameters(index = "0", description = "job: budget, procurement, health, labour, population")
        String job;

        @Option(names = "--full", description = "full reconciliation: re-read everything, delete rows gone from the source")
        boolean full;

        @Option(names = {"--file", "--csv"}, description = "load this file (or folder) instead of the configured source:"
                + " a Treasury CSV for budget, a ZIP for procurement, a workbook or CSV for health, an SDMX-ML file for population")
        Path file;

        @Option(names = "--config", description = "vitrina.yaml whose jobs section names the sources and schedules")
        Path config;

        @Option(names = "--store", description = "DuckDB file (default: ${DEFAULT-VALUE})")
        Path store = Path.of("data", "vitrina.duckdb");

        @picocli.CommandLine.Mixin
        PgOptions pg = new PgOptions();

        @Override
        public Integer call() throws SQLException {
            JobSettings settings = settings(config);
            settings = settings.withBudget(pg.over(settings.budget()));
            try (Store opened = Store.open(store);
                 JobService service = new JobService(opened, settings)) {
                try {
                    service.job(job);
                } catch (UnknownJobException e) {
                    System.err.println(e.getMessage());
                    return 2;
                }
                ensureReference(opened);
                RunOptions options = file == null ? new RunOptions(full, java.util.Optional.empty()) : RunOptions.file(file, full);
                LoadResult result;
                try (ProgressBars bars = new ProgressBars()) {
                    result = service.run(job, options, bars);
                }
                report(result);
                return result.succeeded() ? 0 : 1;
            }
        }

        private static void report(LoadResult result) {
            if (!result.succeeded()) {
                System.err.println("Загрузка " + result.loadId() + " не удалась / load " + result.loadId() + " failed: "
                        + result.error());
                return;
            }
            if (result.status() == LoadResult.Status.UNCHANGED) {
                System.out.println("Загрузка " + result.loadId() + ": в источнике нет нового, версия данных не изменилась"
                        + " / load " + result.loadId() + ": nothing new in the source, the data version is unchanged");
                return;
            }
            System.out.println("Загрузка " + result.loadId() + " опубликована как версия " + result.dataVersion().getAsLong()
                    + " / load " + result.loadId() + " published as data version " + result.dataVersion().getAsLong());
            for (TableCounts table : result.tables()) {
                System.out.printf("  %s: прочитано %d, загружено %d, в карантине %d / read %d, loaded %d, quarantined %d%n",
                        table.table(), table.read(), table.loaded(), table.quarantined(), table.read(), table.loaded(),
                        table.quarantined());
            }
        }

        /** A new store has no reference data, and budget rows cannot be checked without it: load it first. */
        static void ensureReference(Store store) throws SQLException {
            try (Connection connection = store.connect()) {
                if (MetaLoad.count(connection, "ref.territory") > 0) {
                    return;
                }
            }
            System.out.println("Загрузка справочников / loading reference data");
            LocalDateTime startedAt = LocalDateTime.now().withNano(0);
            store.publish("reference", "Справочники / reference data", tx -> {
                try (Statement statement = tx.createStatement()) {
                    statement.execute("SELECT 1");
                }
                long loadId = MetaLoad.nextLoadId(tx);
                long version = MetaLoad.nextDataVersion(tx);
                Map<String, Long> rows = new ReferenceData().load(tx, loadId);
                MetaLoad.recordPublished(tx, loadId, "reference", startedAt, version, "reference files", rows, Map.of());
            });
        }
    }

    @Command(name = "simulate", mixinStandardHelpOptions = true,
            description = {"Заполняет или изменяет имитатор системы-источника.", "Fills or changes a simulated source system."})
    static final class Simulate implements Callable<Integer> {
        @Parameters(index = "0", description = "source: budget (PostgreSQL), procurement, health, population (files into --out)")
        String source;

        @Option(names = "--size", description = "budget: test, demo, bench or a number of operations like 2m;"
                + " procurement: a number of contracts (default: ${DEFAULT-VALUE})")
        String size = "demo";

        @Option(names = "--seed", description = "default: ${DEFAULT-VALUE}")
        long seed = 42;

        @Option(names = "--update", description = "budget: instead of filling, correct this many operations")
        Integer update;

        @Option(names = "--add", description = "with --update: add this many operations", defaultValue = "0")
        int add;

        @Option(names = "--delete", description = "with --update: delete this many operations", defaultValue = "0")
        int delete;

        @Option(names = "--out", description = "procurement, health, population: the drop folder to write into"
                + " (default: data/drop/<source>)")
        Path out;

        @Option(names = "--from", description = "health: first report month (default: ${DEFAULT-VALUE})")
        YearMonth from = YearMonth.of(2024, 1);

        @Option(names = "--to", description = "health: last report month (default: ${DEFAULT-VALUE})")
        YearMonth to = YearMonth.of(2024, 12);

        @Option(names = "--store", description = "population, health: DuckDB file with the reference data (default: ${DEFAULT-VALUE})")
        Path store = Path.of("data", "vitrina.duckdb");

        @picocli.CommandLine.Mixin
        PgOptions pg = new PgOptions();

        @Override
        public Integer call() throws Exception {
            Path folder = out != null ? out : Path.of("data", "drop", source);
            switch (source) {
                case JobSettings.BUDGET -> {
                    return budget();
                }
                case JobSettings.PROCUREMENT -> {
                    long count = DemoSize.parse(size).contracts();
                    List<Path> archives = EisContractSimulator.demo(seed, count).writeArchives(folder, 500, 10);
                    System.out.println("Архивов ЕИС записано / ЕИС archives written: " + archives.size() + " → " + folder);
                }
                case JobSettings.HEALTH -> {
                    List<Path> books = referenceConnection(connection -> HealthReportSimulator.fromReference(connection, seed))
                            .writeWorkbooks(folder, from, to);
                    System.out.println("Книг отчётов записано / report workbooks written: " + books.size() + " → " + folder);
                }
                case JobSettings.POPULATION -> {
                    java.nio.file.Files.createDirectories(folder);
                    Path file = folder.resolve("emiss_population.xml");
                    referenceConnection(connection -> EmissPopulationSimulator.fromReference(connection, seed)).write(file);
                    System.out.println("Выгрузка ЕМИСС записана / ЕМИСС export written: " + file);
                }
                default -> {
                    System.err.println("Нет имитатора «" + source + "»: budget, procurement, health, population"
                            + " (labour: LabourPortalSimulator, a server) / no simulator for " + source);
                    return 2;
                }
            }
            return 0;
        }

        private int budget() throws SQLException {
            BudgetSource budgetSource = pg.over(settings(null).budget());
            BudgetSourceSimulator simulator = new BudgetSourceSimulator(budgetSource);
            if (update != null) {
                BudgetSourceSimulator.Changes changes = simulator.applyChanges(seed, update, add, delete);
                System.out.printf("Изменено %d, добавлено %d, удалено %d операций (last_modified %s) / updated %d, added %d, deleted %d%n",
                        changes.updated().size(), changes.added().size(), changes.deleted().size(), changes.modifiedAt(),
                        changes.updated().size(), changes.added().size(), changes.deleted().size());
                return 0;
            }
            long rows;
            try (ProgressBars bars = new ProgressBars()) {
                rows = simulator.fill(seed, DemoSize.parse(size), bars);
            }
            System.out.println("В " + budgetSource.table() + " записано " + rows + " операций / operations written: " + rows);
            return 0;
        }

        /** Simulators of files shaped by the reference data read it from the store (loaded first when missing). */
        private <T> T referenceConnection(SqlFunction<T> read) throws SQLException {
            try (Store opened = Store.open(store)) {
                Run.ensureReference(opened);
                try (Connection connection = opened.connect()) {
                    return read.apply(connection);
                }
            }
        }

        @FunctionalInterface
        private interface SqlFunction<T> {
            T apply(Connection connection) throws SQLException;
        }
    }
}
