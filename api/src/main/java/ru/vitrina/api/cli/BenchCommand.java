package ru.vitrina.api.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import ru.vitrina.api.bench.BenchReport;
import ru.vitrina.api.bench.BenchRunner;
import ru.vitrina.api.config.VitrinaConfig;
import ru.vitrina.engine.store.Store;
import ru.vitrina.ingest.demo.DemoRegion;
import ru.vitrina.ingest.demo.DemoSize;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code vitrina bench}: generates the demo region at benchmark size (once), measures the query shapes of issue 8
 * against raw DuckDB and writes the tables into docs/BENCHMARKS.md between its markers.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Измеряет скорость запросов относительно DuckDB и пишет docs/BENCHMARKS.md.",
                "Measures query latency against raw DuckDB and writes docs/BENCHMARKS.md."})
final class BenchCommand implements Callable<Integer> {
    private static final String DEFAULT_SIZE = "bench";

    @Option(names = "--size", description = "budget operations: bench (20 M), 100m, ... (default: ${DEFAULT-VALUE})")
    String size = DEFAULT_SIZE;

    @Option(names = "--store", description = "DuckDB file of the benchmark data, generated when empty"
            + " (default: data/bench.duckdb, for another size data/bench-<size>.duckdb)")
    Path store;

    @Option(names = "--iterations", description = "measured runs per shape and mode (default: ${DEFAULT-VALUE})")
    int iterations = 20;

    @Option(names = "--clients", description = "concurrent clients (default: ${DEFAULT-VALUE})")
    int clients = 64;

    @Option(names = "--seconds", description = "duration of the concurrent run (default: ${DEFAULT-VALUE})")
    int seconds = 10;

    @Option(names = "--output", description = "Markdown file whose bench section is replaced (default: ${DEFAULT-VALUE})")
    Path output = Path.of("docs", "BENCHMARKS.md");

    @Override
    public Integer call() throws IOException {
        Path file = storeFile();
        try (Store opened = Store.open(file)) {
            generateIfEmpty(opened, size);
            long asked = DemoSize.parse(size).budgetOperations();
            long held = BenchRunner.budgetOperations(opened);
            if (held != asked) {
                System.err.printf("Ошибка / error: в %s %,d бюджетных операций, а --size %s — это %,d; укажите другой --store"
                        + " или удалите файл / %s holds %,d budget operations but --size %s means %,d: give another --store"
                        + " or delete the file%n", file, held, size, asked, file, held, size, asked);
                return 2;
            }
            System.out.println("Замер / measuring:");
            BenchReport report = new BenchRunner(opened, VitrinaConfig.DEMO.withStore(file), iterations, System.out)
                    .run(clients, seconds);
            String section = header(report, file) + report.markdown();
            System.out.println(section);
            replaceSection(output, marker(size, "begin"), marker(size, "end"), section);
        }
        return 0;
    }

    /** Fills an empty store with the demo region of {@code size} (seed 42, so every run measures the same data). */
    static void generateIfEmpty(Store store, String size) {
        if (store.currentVersion().isPresent()) {
            return;
        }
        System.out.println("Генерация данных для замера / generating benchmark data: " + size);
        long started = System.nanoTime();
        try (ProgressBars bars = new ProgressBars()) {
            new DemoRegion(42, DemoSize.parse(size)).generate(store, bars);
        }
        System.out.printf("  %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    /** The store named, or the size's own: a store generated for one size is never measured as another. */
    Path storeFile() {
        return store != null ? store : Path.of("data", name(size) + ".duckdb");
    }

    private String header(BenchReport report, Path file) {
        return String.format("Measured on %s: %d cores (%s), %d GB RAM, Java %s, heap max %d MB; %,d budget rows; %d runs per shape and mode after 3 warm-ups, the servers warmed up first (%d requests per shape).%n"
                        + "Command: `%s`%n%n",
                LocalDate.now(), Runtime.getRuntime().availableProcessors(), cpuModel(),
                ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize() / (1L << 30),
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() / (1024 * 1024), report.budgetRows(),
                iterations, BenchRunner.WARM_UP, JavaCommand.line(String.format(
                        "bench --size %s --store %s --iterations %d --clients %d --seconds %d", size, file, iterations, clients, seconds)));
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    /**
     * The marker of the section a run of {@code size} writes: the 20 M-row table of the targets keeps its own, another
     * size (100 M rows, say) gets one beside it instead of overwriting it.
     */
    static String marker(String size, String edge) {
        return "<!-- " + name(size) + ":" + edge + " -->";
    }

    private static String name(String size) {
        return DEFAULT_SIZE.equals(size) ? "bench" : "bench-" + size.toLowerCase(Locale.ROOT);
    }

    /** Replaces the text between {@code begin} and {@code end} in a Markdown file (appending the markers if absent). */
    static void replaceSection(Path output, String begin, String end, String section) throws IOException {
        String text = Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : begin + "\n" + end + "\n";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            text = text + "\n" + begin + "\n" + end + "\n";
            from = text.indexOf(begin);
            to = text.indexOf(end);
        }
        String updated = text.substring(0, from + begin.length()) + "\n" + section + text.substring(to);
        Files.writeString(output, updated, StandardCharsets.UTF_8);
        System.out.println("Записано / written: " + output);
    }
}
