package ru.vitrina.api.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import ru.vitrina.api.config.VitrinaConfig;
import ru.vitrina.engine.store.DataVersion;
import ru.vitrina.engine.store.Store;
import ru.vitrina.ingest.budget.BudgetSource;
import ru.vitrina.ingest.demo.DemoSize;
import ru.vitrina.ingest.load.LoadResult;
import ru.vitrina.ingest.load.TableCounts;
import ru.vitrina.ingest.sources.DemoPipeline;
import ru.vitrina.ingest.sources.DemoSources;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code vitrina demo}: fills a store with the demo region (Tomsk Oblast) once, then serves it. The data arrives
 * as in a real deployment: the simulators of the five source systems write or serve their extracts and the five
 * jobs load them ({@link DemoPipeline}). A second run reuses the data unless {@code --regenerate} is given.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Создаёт демонстрационные данные Томской области через системы-источники и задания загрузки"
                + " и запускает сервер.",
                "Loads the demo region (Tomsk Oblast) through its simulated source systems and the ingest jobs,"
                        + " and starts the server."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--store", description = "DuckDB file (default: ${DEFAULT-VALUE})")
    Path store = Path.of("data", "vitrina.duckdb");

    @Option(names = "--sources", description = "folder of the source systems' extracts, a sub-folder per job whose"
            + " files are replaced (default: the folder 'sources' beside the store)")
    Path sources;

    @Option(names = "--port", description = "HTTP port (default: ${DEFAULT-VALUE})")
    int port = 8080;

    @Option(names = "--size", description = "test, demo, bench or a number of budget operations like 2m (default: ${DEFAULT-VALUE})")
    String size = "demo";

    @Option(names = "--seed", description = "seed of the generator; the same seed gives the same data (default: ${DEFAULT-VALUE})")
    long seed = 42;

    @Option(names = "--regenerate", description = "start over: delete the store and its open-data files, load again")
    boolean regenerate;

    @Option(names = "--no-serve", description = "generate only, do not start the server")
    boolean noServe;

    @Option(names = "--budget-pg", description = "fill the simulated budget system in PostgreSQL (--pg-url, else"
            + " VITRINA_BUDGET_PG_URL, else " + BudgetSource.DEFAULT_URL + "; its schema --pg-schema is dropped and"
            + " recreated) and pull it over JDBC; default: the Treasury CSV export in the budget drop folder")
    boolean budgetPg;

    @Mixin
    IngestCommand.PgOptions pg = new IngestCommand.PgOptions();

    @Override
    public Integer call() throws IOException, SQLException {
        Path sourcesFolder = sources != null ? sources : store.toAbsolutePath().resolveSibling("sources");
        VitrinaConfig config = VitrinaConfig.DEMO.withStore(store).withPort(port);
        if (regenerate) {
            deleteStore(store);
        }
        try (Store opened = Store.open(config.store())) {
            Optional<DataVersion> existing = opened.currentVersion();
            if (existing.isEmpty()) {
                load(opened, sourcesFolder);
            } else {
                System.out.println("Хранилище " + store + " уже содержит данные (версия " + existing.get().version()
                        + "); --regenerate создаст их заново / the store already has data; --regenerate makes it anew");
            }
        }
        // Only now are the extracts there: the server's jobs are pointed at the ones the load left (the budget's export).
        return noServe ? 0 : ServerRunner.runUntilStopped(config.withJobs(DemoSources.filesSection(sourcesFolder)));
    }

    private void load(Store opened, Path sourcesFolder) throws IOException, SQLException {
        DemoSize demoSize = DemoSize.parse(size);
        Optional<BudgetSource> budgetSystem = budgetPg
                ? Optional.of(pg.over(IngestCommand.settings(null).budget())) : Optional.empty();
        System.out.println("Демо-регион через системы-источники / the demo region through its source systems: "
                + demoSize.budgetOperations() + " операций бюджета, " + demoSize.contracts() + " контрактов, seed " + seed
                + "; выгрузки / extracts: " + sourcesFolder.toAbsolutePath()
                + budgetSystem.map(b -> "; бюджет из / budget from " + b.describe()).orElse(""));
        long started = System.nanoTime();
        try (ProgressBars bars = new ProgressBars()) {
            new DemoPipeline(seed, demoSize, sourcesFolder, budgetSystem).run(opened, bars, bars, result -> {
                bars.close();
                report(result);
            });
        } catch (IllegalStateException e) {
            // The loads before the failed one stay published: without --regenerate a second run would serve them.
            throw new IllegalStateException(e.getMessage() + "; --regenerate начнёт заново / --regenerate starts over", e);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long version = opened.currentVersion().orElseThrow().version();
        System.out.printf("Демо-регион загружен за %.1f с, версия данных %d / the demo region loaded in %.1f s,"
                + " data version %d%n", seconds, version, seconds, version);
    }

    private static void report(LoadResult result) {
        System.out.println("Загрузка " + result.loadId() + " «" + result.job() + "»: версия данных "
                + result.dataVersion().orElse(-1) + " / load " + result.loadId() + " of " + result.job() + ": data version "
                + result.dataVersion().orElse(-1));
        for (TableCounts table : result.tables()) {
            System.out.printf("  %s: прочитано %d, загружено %d, в карантине %d / read %d, loaded %d, quarantined %d%n",
                    table.table(), table.read(), table.loaded(), table.quarantined(), table.read(), table.loaded(),
                    table.quarantined());
        }
    }

    /** The store file, its write-ahead log and its open-data versions: a regenerated demo starts from nothing. */
    private static void deleteStore(Path store) throws IOException {
        Store.deleteFiles(store);
        Path opendata = store.resolveSibling(store.getFileName() + ".opendata");
        if (Files.isDirectory(opendata)) {
            try (Stream<Path> files = Files.walk(opendata)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
    }
}
