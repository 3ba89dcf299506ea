package ru.vitrina.api.bench;

import java.util.List;
import java.util.Locale;

import static ru.vitrina.api.bench.Latencies.millis;

/**
 * The measurements of one benchmark run, written as the tables of docs/BENCHMARKS.md.
 *
 * @param rollupClient how the answers of the API with rollups were timed: by which client, how many
 * @param contention   the wall screens while analysts scan, or null when it could not be measured (no wrk, or no
 *                     shape that reads the base table)
 */
public record BenchReport(List<Row> rows, String rollupClient, Concurrency concurrency, Contention contention,
                          long heapAfterGcBytes, long maxHeapBytes, long budgetRows) {
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

    /**
     * Wall screens asking rollup shapes with the cache off, alone and while analysts ask a base-table question at once
     * ({@link ContentionRunner}).
     *
     * @param heavyShape the analysts' question
     */
    record Contention(String heavyShape, int screens, int seconds, List<Phase> phases) {
        Contention {
            phases = List.copyOf(phases);
        }
    }

    /** @param laneWidth places of the server's analytical lane */
    record Phase(int analysts, int laneWidth, Concurrency screens, int analystAnswers) {
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
        if (contention != null) {
            out.append(contentionMarkdown());
        }
        out.append(String.format(Locale.ROOT, "Heap after the run and a GC: %d MB of a %d MB maximum.%n",
                heapAfterGcBytes / (1024 * 1024), maxHeapBytes / (1024 * 1024)));
        return out.toString();
    }

    private String contentionMarkdown() {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "Wall screens while analysts scan: %d wall-screen connections (wrk, a viewer's token, cache off) ask the rollup"
                        + " shapes in turn for %d s, alone and while analysts, each a login of its own, ask «%s» (a scan of"
                        + " the base table) again and again:%n%n",
                contention.screens(), contention.seconds(), contention.heavyShape()));
        out.append("| analysts asking | analytical lane, places | screens' requests/s | screens' p50, ms | screens' p99, ms | analysts' answers |\n");
        out.append("|---|---|---|---|---|---|\n");
        for (Phase phase : contention.phases()) {
            out.append(String.format(Locale.ROOT, "| %d | %d | %.0f | %s | %s | %d |%n", phase.analysts(), phase.laneWidth(),
                    phase.screens().perSecond(), millis(phase.screens().p50Millis()), millis(phase.screens().p99Millis()),
                    phase.analystAnswers()));
        }
        return out.append('\n').toString();
    }

    private static String ratio(Row row, double raw, Percentiles rollup) {
        return row.rollupName() == null ? "—" : String.format(Locale.ROOT, "%.1f", raw / rollup.p50());
    }
}
