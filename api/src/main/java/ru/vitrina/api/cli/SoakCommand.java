package ru.vitrina.api.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import ru.vitrina.api.bench.SoakRunner;
import ru.vitrina.api.config.VitrinaConfig;
import ru.vitrina.engine.store.Store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;

/**
 * {@code vitrina soak}: wall screens and analysts against one server for many minutes with a load every minute
 * (issue 9); writes the figures into docs/BENCHMARKS.md between its markers and fails on any error.
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = {"Длительная нагрузка: стены, аналитики и загрузка каждую минуту; пишет docs/BENCHMARKS.md.",
                "Soak test: wall screens, analysts and a load every minute; writes docs/BENCHMARKS.md."})
final class SoakCommand implements Callable<Integer> {
    static final String BEGIN = "<!-- soak:begin -->";
    static final String END = "<!-- soak:end -->";

    @Option(names = "--minutes", description = "duration (default: ${DEFAULT-VALUE})")
    int minutes = 10;

    @Option(names = "--size", description = "budget operations of the generated store (default: ${DEFAULT-VALUE})")
    String size = "demo";

    @Option(names = "--store", description = "DuckDB file, generated when empty (default: ${DEFAULT-VALUE})")
    Path store = Path.of("data", "soak.duckdb");

    @Option(names = "--walls", description = "wall-screen clients (default: ${DEFAULT-VALUE})")
    int walls = 16;

    @Option(names = "--analysts", description = "analyst clients with uncached queries (default: ${DEFAULT-VALUE})")
    int analysts = 2;

    @Option(names = "--load-rows", description = "budget operations added by each minute's load (default: ${DEFAULT-VALUE})")
    int loadRows = 20_000;

    @Option(names = "--output", description = "Markdown file whose soak section is replaced (default: ${DEFAULT-VALUE})")
    Path output = Path.of("docs", "BENCHMARKS.md");

    @Override
    public Integer call() throws Exception {
        try (Store opened = Store.open(store)) {
            BenchCommand.generateIfEmpty(opened, size);
            System.out.printf("Нагрузка %d мин / soak for %d min: %d wall screens, %d analysts, a load of %,d operations every minute%n",
                    minutes, minutes, walls, analysts, loadRows);
            Path work = Files.createDirectories(store.toAbsolutePath().getParent().resolve("soak-work"));
            SoakRunner.Report report = new SoakRunner(opened, VitrinaConfig.DEMO.withStore(store), work, System.out)
                    .run(minutes, walls, analysts, loadRows);
            String section = String.format("Measured on %s: %d cores, Java %s, heap max %d MB, machine shared with other builds.%n"
                            + "Command: `%s`%n%n",
                    LocalDate.now(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                    Runtime.getRuntime().maxMemory() >> 20, JavaCommand.line(String.format(
                            "soak --minutes %d --size %s --walls %d --analysts %d --load-rows %d", minutes, size, walls, analysts, loadRows)))
                    + report.markdown() + (report.passed() ? "\nResult: **passed** (no errors, every load published).\n"
                    : "\nResult: **failed**.\n");
            System.out.println(section);
            BenchCommand.replaceSection(output, BEGIN, END, section);
            return report.passed() ? 0 : 1;
        }
    }
}
