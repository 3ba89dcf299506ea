package ru.vitrina.api.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ru.vitrina.api.server.VitrinaServer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static java.util.Objects.requireNonNull;

/**
 * Wall screens asking rollup shapes while analysts ask a question of the base table at once, each analyst again and
 * again: what the issue means by "a heavy analyst query cannot starve the wall screens". The screens are {@code wrk}
 * connections of a viewer (their answers never wait in the analytical lane); each analyst is a login of its own, a
 * thread of the bench's JVM that mostly waits for its answer. Every request carries a condition of its own that holds
 * for every row (its first measure at least minus the request's number), so each is answered by DuckDB: no cached
 * answer, and no answer shared with an identical question asked at the same time.
 */
final class ContentionRunner {
    private final WrkClients wrk;
    private final LoadClient screen;
    private final List<LoadClient> analysts;
    private final int screens;
    private final int seconds;

    /**
     * @param screen   the wall screens' viewer
     * @param analysts one client per analyst, each a login of its own
     * @param screens  how many wall-screen connections ask at once
     */
    ContentionRunner(WrkClients wrk, LoadClient screen, List<LoadClient> analysts, int screens, int seconds) {
        this.wrk = requireNonNull(wrk, "wrk");
        this.screen = requireNonNull(screen, "screen");
        this.analysts = List.copyOf(analysts);
        this.screens = screens;
        this.seconds = seconds;
    }

    /**
     * The screens for {@code seconds}, with {@code busyAnalysts} of the analysts asking {@code heavy} meanwhile.
     *
     * @param laneWidth the server's analytical lane, as the report names it
     */
    BenchReport.Phase run(VitrinaServer server, List<JsonNode> screenQueries, JsonNode heavy, int busyAnalysts, int laneWidth) {
        AtomicBoolean stop = new AtomicBoolean();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, busyAnalysts));
        AtomicLong numbers = new AtomicLong();
        List<Future<Integer>> answered = new ArrayList<>();
        for (LoadClient analyst : analysts.subList(0, busyAnalysts)) {
            answered.add(pool.submit(() -> askUntilStopped(analyst, server, heavy, numbers, stop, deadline)));
        }
        try {
            List<String> screenPaths = screenQueries.stream().map(query -> screen.path(numbered(query, WrkClients.NUMBER))).toList();
            BenchReport.Concurrency screenAnswers = wrk.run(server.port(), screenPaths, screen.authorization(), screens, seconds);
            stop.set(true);
            int analystAnswers = 0;
            for (Future<Integer> count : answered) {
                analystAnswers += count.get();
            }
            return new BenchReport.Phase(busyAnalysts, laneWidth, screenAnswers, analystAnswers);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("an analyst's query failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }
    }

    /** @return the answers that arrived before the deadline */
    private static int askUntilStopped(LoadClient analyst, VitrinaServer server, JsonNode query, AtomicLong numbers,
                                       AtomicBoolean stop, long deadline) {
        int answers = 0;
        while (!stop.get()) {
            var response = analyst.load(server, numbered(query, Long.toString(numbers.incrementAndGet())));
            if (response.statusCode() != 200) {
                throw new IllegalStateException("status " + response.statusCode() + ": " + response.body());
            }
            if (System.nanoTime() <= deadline) {
                answers++;
            }
        }
        return answers;
    }

    /** The query with one more condition, true of every row: its first measure is at least minus {@code number}. */
    static JsonNode numbered(JsonNode query, String number) {
        ObjectNode copy = query.deepCopy();
        ObjectNode condition = copy.withArrayProperty("filters").addObject();
        condition.put("member", query.get("measures").get(0).asText());
        condition.put("operator", "gte");
        condition.putArray("values").add("-" + number);
        return copy;
    }
}
