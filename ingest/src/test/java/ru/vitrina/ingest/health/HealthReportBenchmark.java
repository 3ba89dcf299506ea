package ru.vitrina.ingest.health;

import com.sun.management.OperatingSystemMXBean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import ru.vitrina.engine.store.Store;
import ru.vitrina.ingest.job.LoadRunner;
import ru.vitrina.ingest.load.HeapPeak;
import ru.vitrina.ingest.load.LoadListener;
import ru.vitrina.ingest.load.LoadResult;
import ru.vitrina.ingest.reference.ReferenceData;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * XLSX speed, run on demand only: {@code mvn -B test -pl ingest -am -Dtest=HealthReportBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false -Dvitrina.bench.health.months=240}. Writes that many months of reports
 * (420 rows each) — as monthly workbooks, or with {@code -Dvitrina.bench.health.files=one} as one workbook with two
 * sheets a month — and loads them through the load runner three times ({@code -Dvitrina.bench.health.runs}), each
 * into a fresh DuckDB file, printing rows
 * per second, the process's CPU seconds (Java and DuckDB's threads; steadier than wall time on a shared machine) split
 * by thread, and the load average. The first load pays for a cold JVM (class loading, JIT), the second still
 * compiles, the third shows what a load costs once compiled, as the long-running server's daily run does. Then it
 * reads the same files twice more without loading (the XLSX reader alone, one thread): the monthly files against the
 * one workbook give the cost of opening a file.
 */
@EnabledIfSystemProperty(named = "vitrina.bench.health.months", matches = "\\d+")
class HealthReportBenchmark {
    private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    @TempDir
    Path folder;

    /**
     * CPU seconds of the process's live threads by kind, from /proc (Linux; empty elsewhere): the JIT compiler and
     * GC threads are not Java threads, so only the kernel's per-thread figures tell their share.
     */
    private static Map<String, Double> threadCpu() throws IOException {
        Map<String, Double> seconds = new TreeMap<>();
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return seconds;
        }
        try (Stream<Path> listed = Files.list(tasks)) {
            for (Path task : listed.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    // utime and stime are fields 14 and 15 of stat, in clock ticks of 1/100 s.
                    double cpu = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
                    seconds.merge(kind(name), cpu, Double::sum);
                } catch (NoSuchFileException ended) {
                    // the thread ended while the folder was listed
                }
            }
        }
        return seconds;
    }

    private static String kind(String thread) {
        if (thread.startsWith("C1 ") || thread.startsWith("C2 ")) {
            return "JIT compiler";
        }
        if (thread.startsWith("GC ") || thread.startsWith("G1 ")) {
            return "GC";
        }
        // The main thread keeps the launcher's name, and DuckDB's native threads inherit it from the thread that
        // opened the database.
        return thread.equals("java") ? "main and DuckDB's" : "other JVM threads";
    }

    /** What each kind used since {@code before}; what is left of the process's figure went to threads that ended. */
    private static String since(Map<String, Double> before, double processSeconds) throws IOException {
        if (before.isEmpty()) {
            return "n/a";
        }
        StringBuilder text = new StringBuilder();
        double counted = 0;
        for (Map.Entry<String, Double> kind : threadCpu().entrySet()) {
            double used = kind.getValue() - before.getOrDefault(kind.getKey(), 0.0);
            counted += used;
            text.append(String.format("%s %.2f s, ", kind.getKey(), used));
        }
        return text.append(String.format("ended threads (the readers) %.2f s", processSeconds - counted)).toString();
    }

    @Test
    void loadsTheWorkbooks() throws Exception {
        int months = Integer.parseInt(System.getProperty("vitrina.bench.health.months"));
        boolean one = "one".equals(System.getProperty("vitrina.bench.health.files", "monthly"));
        Path drop = folder.resolve("drop");
        String what = one ? "one workbook of " + months + " months" : months + " monthly workbooks";
        int runs = Integer.parseInt(System.getProperty("vitrina.bench.health.runs", "3"));
        for (int load = 1; load <= runs; load++) {
            String run = "load " + load + (load == 1 ? " (cold JVM)" : "");
            try (Store store = Store.open(folder.resolve("load-" + load + ".duckdb"))) {
                new ReferenceData().publish(store);
                if (!Files.isDirectory(drop)) {
                    try (Connection connection = store.connect()) {
                        YearMonth first = YearMonth.of(2000, 1);
                        HealthReportSimulator simulator = HealthReportSimulator.fromReference(connection, 1);
                        if (one) {
                            simulator.writeCollection(Files.createDirectories(drop).resolve("minzdrav_collection.xlsx"),
                                    first, first.plusMonths(months - 1));
                        } else {
                            simulator.writeWorkbooks(drop, first, first.plusMonths(months - 1));
                        }
                    }
                }
                HeapPeak heap = HeapPeak.start();
                long cpu = OS.getProcessCpuTime();
                Map<String, Double> threads = threadCpu();
                long classes = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
                long started = System.nanoTime();
                LoadResult result = new LoadRunner(store).run(new HealthReportLoad(drop), LoadListener.none());
                double seconds = (System.nanoTime() - started) / 1e9;
                double cpuSeconds = (OS.getProcessCpuTime() - cpu) / 1e9;
                heap.close();
                assertThat(result.published()).as(result.error()).isTrue();
                assertThat(result.quarantined()).isZero();
                System.out.printf("%nHealth XLSX, %s, %s: %,d rows in %.2f s = %,.0f rows/s; CPU %.2f s"
                                + " (%,.0f rows per CPU second); Java heap peak %d MB; %d processors, load average %.1f%n", what, run,
                        result.loaded(), seconds, result.loaded() / seconds, cpuSeconds, result.loaded() / cpuSeconds,
                        heap.megabytes(), OS.getAvailableProcessors(), OS.getSystemLoadAverage());
                System.out.printf("  CPU by thread: %s; classes loaded %,d%n", since(threads, cpuSeconds),
                        ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount() - classes);
            }
        }
        List<Path> files;
        try (Stream<Path> listed = Files.list(drop)) {
            files = listed.sorted().toList();
        }
        for (int pass = 1; pass <= 2; pass++) {
            long cpu = OS.getProcessCpuTime();
            long started = System.nanoTime();
            long rows = 0;
            long cells = 0;
            for (Path file : files) {
                for (Grid grid : HealthReportLoad.grids(file)) {
                    rows += grid.rows().size();
                    cells += grid.rows().stream().mapToLong(line -> line.cells().size()).sum();
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            double cpuSeconds = (OS.getProcessCpuTime() - cpu) / 1e9;
            System.out.printf("%nXLSX reader alone, %s, pass %d: %,d sheet rows, %,d cells in %.3f s = %,.0f cells/s;"
                            + " CPU %.3f s, %.2f ms a file; load average %.1f%n", what, pass, rows, cells, seconds,
                    cells / seconds, cpuSeconds, seconds * 1000 / files.size(), OS.getSystemLoadAverage());
        }
    }
}
