package ru.vitrina.api.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import ru.vitrina.api.config.VitrinaConfig;
import ru.vitrina.engine.store.DataVersion;
import ru.vitrina.engine.store.Store;
import ru.vitrina.ingest.demo.DemoRegion;
import ru.vitrina.ingest.demo.DemoSize;
import ru.vitrina.ingest.demo.ProgressListener;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code vitrina demo}: fills a store with the demo region (Tomsk Oblast) once, then serves it.
 * A second run reuses the data unless {@code --regenerate} is given.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Создаёт демонстрационные данные Томской области и запускает сервер.",
                "Generates the demo region's data (Tomsk Oblast) and starts the server."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--store", description = "DuckDB file (default: ${DEFAULT-VALUE})")
    Path store = Path.of("data", "vitrina.duckdb");

    @Option(names = "--port", description = "HTTP port (default: ${DEFAULT-VALUE})")
    int port = 8080;

    @Option(names = "--size", description = "test, demo, bench or a number of budget operations like 2m (default: ${DEFAULT-VALUE})")
    String size = "demo";

    @Option(names = "--seed", description = "seed of the generator; the same seed gives the same data (default: ${DEFAULT-VALUE})")
    long seed = 42;

    @Option(names = "--regenerate", description = "generate again even if the store has data")
    boolean regenerate;

    @Option(names = "--no-serve", description = "generate only, do not start the server")
    boolean noServe;

    @Override
    public Integer call() {
        VitrinaConfig config = VitrinaConfig.DEMO.withStore(store).withPort(port);
        try (Store opened = Store.open(config.store())) {
            Optional<DataVersion> existing = opened.currentVersion();
            if (existing.isEmpty() || regenerate) {
                generate(opened);
            } else {
                System.out.println("Хранилище " + store + " уже содержит данные (версия " + existing.get().version()
                        + "); --regenerate создаст их заново / the store already has data; --regenerate makes it anew");
            }
        }
        return noServe ? 0 : ServerRunner.runUntilStopped(config);
    }

    private void generate(Store opened) {
        DemoSize demoSize = DemoSize.parse(size);
        System.out.println("Генерация демонстрационных данных / generating demo data: " + demoSize.budgetOperations()
                + " операций бюджета, " + demoSize.contracts() + " контрактов, seed " + seed);
        try (Bars bars = new Bars()) {
            DataVersion version = new DemoRegion(seed, demoSize).generate(opened, bars);
            bars.close();
            System.out.println("Опубликована версия данных / published data version " + version.version());
        }
    }

    /** One progress bar per stage of the generator. */
    private static final class Bars implements ProgressListener, AutoCloseable {
        private ProgressBar bar;
        private String stage;

        @Override
        public void progress(String newStage, long done, long total) {
            if (!newStage.equals(stage)) {
                close();
                stage = newStage;
                bar = new ProgressBarBuilder().setTaskName(newStage).setInitialMax(total)
                        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate().build();
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
