package ru.vitrina.api.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import ru.vitrina.engine.store.Store;
import ru.vitrina.ingest.budget.BudgetJob;
import ru.vitrina.ingest.budget.BudgetSource;
import ru.vitrina.ingest.budget.BudgetSourceSimulator;
import ru.vitrina.ingest.demo.DemoSize;
import ru.vitrina.ingest.job.JobService;
import ru.vitrina.ingest.job.RunOptions;
import ru.vitrina.ingest.load.LoadListener;
import ru.vitrina.ingest.load.LoadResult;
import ru.vitrina.ingest.load.TableCounts;
import ru.vitrina.ingest.reference.MetaLoad;
import ru.vitrina.ingest.reference.ReferenceData;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
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

    /** Where the budget system is; shared by both subcommands. */
    static final class PgOptions {
        @Option(names = "--pg-url", description = "JDBC URL of the budget system (default: ${DEFAULT-VALUE})")
        String url = BudgetSource.DEFAULT_URL;

        @Option(names = "--pg-user", description = "default: ${DEFAULT-VALUE}")
        String user = BudgetSource.DEFAULT_USER;

        @Option(names = "--pg-password", description = "empty for trust authentication", defaultValue = "")
        String password;

        @Option(names = "--pg-schema", description = "schema of the operation table (default: ${DEFAULT-VALUE})")
        String schema = BudgetSource.DEFAULT_SCHEMA;

        BudgetSource source() {
            return new BudgetSource(url, user, password, schema);
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Выполняет задание загрузки сейчас.", "Runs an ingest job now."})
    static final class Run implements Callable<Integer> {
        @Parameters(index = "0", description = "job: budget")
        String job;

        @Option(names = "--full", description = "full reconciliation: re-read everything, delete rows gone from the source")
        boolean full;

        @Option(names = "--csv", description = "load this Treasury CSV export instead of pulling over JDBC")
        Path csv;

        @Option(names = "--store", description = "DuckDB file (default: ${DEFAULT-VALUE})")
        Path store = Path.of("data", "vitrina.duckdb");

        @picocli.CommandLine.Mixin
        PgOptions pg = new PgOptions();

        @Override
        public Integer call() throws SQLException {
            try (Store opened = Store.open(store);
                 JobService service = new JobService(opened, List.of(BudgetJob.definition(pg.source(), null)))) {
                ensureReference(opened);
                RunOptions options = csv == null ? new RunOptions(full, java.util.Optional.empty()) : RunOptions.file(csv, full);
                LoadResult result;
                try (Bar bar = new Bar(job)) {
                    result = service.run(job, options, bar);
                }
                report(result);
                return result.published() ? 0 : 1;
            }
        }

        private static void report(LoadResult result) {
            if (!result.published()) {
                System.err.println("Загрузка " + result.loadId() + " не удалась / load " + result.loadId() + " failed: "
                        + result.error());
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
        private static void ensureReference(Store store) throws SQLException {
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
        @Parameters(index = "0", description = "source: budget")
        String source;

        @Option(names = "--size", description = "test, demo, bench or a number of operations like 2m (default: ${DEFAULT-VALUE})")
        String size = "demo";

        @Option(names = "--seed", description = "default: ${DEFAULT-VALUE}")
        long seed = 42;

        @Option(names = "--update", description = "instead of filling: correct this many operations")
        Integer update;

        @Option(names = "--add", description = "with --update: add this many operations", defaultValue = "0")
        int add;

        @Option(names = "--delete", description = "with --update: delete this many operations", defaultValue = "0")
        int delete;

        @picocli.CommandLine.Mixin
        PgOptions pg = new PgOptions();

        @Override
        public Integer call() throws SQLException {
            if (!source.equals(BudgetJob.NAME)) {
                System.err.println("Имитатор есть только для budget / only the budget source is simulated here");
                return 2;
            }
            BudgetSourceSimulator simulator = new BudgetSourceSimulator(pg.source());
            if (update != null) {
                BudgetSourceSimulator.Changes changes = simulator.applyChanges(seed, update, add, delete);
                System.out.printf("Изменено %d, добавлено %d, удалено %d операций (last_modified %s) / updated %d, added %d, deleted %d%n",
                        changes.updated().size(), changes.added().size(), changes.deleted().size(), changes.modifiedAt(),
                        changes.updated().size(), changes.added().size(), changes.deleted().size());
                return 0;
            }
            long rows;
            try (Bar bar = new Bar("источник")) {
                rows = simulator.fill(seed, DemoSize.parse(size),
                        (stage, done, total) -> bar.progress(stage, 0, done, total));
            }
            System.out.println("В " + pg.source().table() + " записано " + rows + " операций / operations written: " + rows);
            return 0;
        }
    }

    /** A console progress bar (restarted when the total changes, as a new stage does). */
    private static final class Bar implements LoadListener, AutoCloseable {
        private final String name;
        private ProgressBar bar;
        private long max = -1;

        Bar(String name) {
            this.name = name;
        }

        @Override
        public void progress(String job, long loadId, long done, long total) {
            if (bar == null || total != max) {
                if (bar == null || total < done || max <= 0) {
                    close();
                    bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(Math.max(total, 1))
                            .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate().build();
                } else {
                    bar.maxHint(total);
                }
                max = total;
            }
            bar.stepTo(done);
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }
}
