package ru.vitrina.api.bench;

import java.util.List;
import java.util.Locale;

import static ru.vitrina.api.bench.Latencies.millis;

/**
 * The measurements of one benchmark run, written as the tables of docs/BENCHMARKS.md.
 *
 * @param rollupClient how the answers of the API with rollups were timed: by which client, how many
 */
public record BenchReport(List<Row> rows, String rollupClient, Concurrency concurrency, long heapAfterGcBytes,
                          long maxHeapBytes, long budgetRows) {
    public BenchReport {
        rows = List.copyOf(rows);
    }

    /**
     * One shape: raw DuckDB, the API ad hoc, the API with rollups (through HTTP, and the same answers timed by the
     * engine), and cache hits timed in the server.
     */
    record Row(String shape, Percentiles raw, Percentiles api, Percentiles rollup, Percentiles rollupEngine,
               String rollupName, Percentiles cacheHitServer) {
    }

    /** @param client what made the requests: a separate process, or the bench's own JVM */
    record Concurrency(int clients, int seconds, long requests, double perSecond, double p50Millis, double p99Millis,
                       String client) {
    }

    public String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("| shape | raw DuckDB p50 / p95, ms | API ad hoc p50 / p95, ms | ad hoc ÷ raw (p50) | within 1.2 × raw + 5 ms | API with rollup p50 / p95, ms | raw ÷ rollup (p50) | rollup in the engine p50, ms | raw ÷ rollup in the engine | rollup used | cache hit in server p50, ms |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            double raw = row.raw().p50();
            double api = row.api().p50();
            out.append("| ").append(row.shape())
                    .append(" | ").append(millis(raw)).append(" / ").append(millis(row.raw().p95()))
                    .append(" | ").append(millis(api)).append(" / ").append(millis(row.api().p95()))
                    .append(" | ").append(String.format(Locale.ROOT, "%.2f", api / raw))
                    .append(" | ").append(api <= 1.2 * raw + 5 ? "yes" : "**no**")
                    .append(" | ").append(millis(row.rollup().p50())).append(" / ").append(millis(row.rollup().p95()))
                    .append(" | ").append(ratio(row, raw, row.rollup()))
                    .append(" | ").append(millis(row.rollupEngine().p50()))
                    .append(" | ").append(ratio(row, raw, row.rollupEngine()))
                    .append(" | ").append(row.rollupName() == null ? "no (base table)" : row.rollupName())
                    .append(" | ").append(millis(row.cacheHitServer().p50()))
                    .append(" |\n");
        }
        out.append('\n');
        out.append("API with rollup: ").append(rollupClient).append(".\n\n");
        out.append(String.format(Locale.ROOT,
                "Concurrency: %d clients (%s) reading dashboard queries (cache on) for %d s: %d requests, **%.0f requests/s**, p50 %s ms, **p99 %s ms**.%n%n",
                concurrency.clients(), concurrency.client(), concurrency.seconds(), concurrency.requests(), concurrency.perSecond(),
                millis(concurrency.p50Millis()), millis(concurrency.p99Millis())));
        out.append(String.format(Locale.ROOT, "Heap after the run and a GC: %d MB of a %d MB maximum.%n",
                heapAfterGcBytes / (1024 * 1024), maxHeapBytes / (1024 * 1024)));
        return out.toString();
    }

    private static String ratio(Row row, double raw, Percentiles rollup) {
        return row.rollupName() == null ? "—" : String.format(Locale.ROOT, "%.1f", raw / rollup.p50());
    }
}
