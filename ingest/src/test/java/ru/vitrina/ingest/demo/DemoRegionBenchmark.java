package ru.vitrina.ingest.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import ru.vitrina.engine.store.Store;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generation speed, run on demand only:
 * {@code mvn -B test -pl ingest -Dtest=DemoRegionBenchmark -Dvitrina.bench.size=1m [-Dvitrina.bench.file=/tmp/demo.duckdb]}.
 * Prints wall and process CPU seconds per stage and budget rows per second.
 */
@EnabledIfSystemProperty(named = "vitrina.bench.size", matches = ".+")
class DemoRegionBenchmark {
    @Test
    void generate() throws Exception {
        DemoSize size = DemoSize.parse(System.getProperty("vitrina.bench.size"));
        String file = System.getProperty("vitrina.bench.file", "");
        if (!file.isEmpty()) {
            Files.deleteIfExists(Path.of(file));
            Files.deleteIfExists(Path.of(file + ".wal"));
        }
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (Store store = file.isEmpty() ? Store.inMemory() : Store.open(Path.of(file))) {
            Map<String, double[]> stages = new LinkedHashMap<>();
            long wall0 = System.nanoTime();
            long cpu0 = os.getProcessCpuTime();
            new DemoRegion(42, size).generate(store, (stage, done, total) -> {
                if (done == 0) {
                    stages.put(stage, new double[]{System.nanoTime(), os.getProcessCpuTime(), total});
                } else if (done == total && stages.get(stage)[2] >= 0) {
                    double[] start = stages.get(stage);
                    start[0] = (System.nanoTime() - start[0]) / 1e9;
                    start[1] = (os.getProcessCpuTime() - start[1]) / 1e9;
                    start[2] = -total; // finished: later calls for this stage are ignored
                }
            });
            double wall = (System.nanoTime() - wall0) / 1e9;
            double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
            System.out.printf("%nDemo region %s (%s store), %d processors%n", size, file.isEmpty() ? "in-memory" : file,
                    Runtime.getRuntime().availableProcessors());
            stages.forEach((stage, t) -> System.out.printf("  %-16s %,12.0f rows %7.2f s wall %7.2f s cpu %,12.0f rows/s%n",
                    stage, -t[2], t[0], t[1], -t[2] > 1 ? -t[2] / t[0] : 0));
            System.out.printf("  %-16s %,12d budget rows %7.2f s wall %7.2f s cpu %,12.0f budget rows/s (commit included)%n",
                    "total", size.budgetOperations(), wall, cpu, size.budgetOperations() / wall);
            assertThat(new Queries(store).count("budget.execution")).isEqualTo(size.budgetOperations());
        }
    }
}
