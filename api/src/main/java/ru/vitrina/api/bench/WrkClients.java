package ru.vitrina.api.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Clients as a separate process: {@code wrk} (C, one event loop per thread). The JDK client in the server's JVM cost
 * more CPU per request than the server's answer from its cache, on the same two cores, so the in-process figure
 * measured the client; {@code wrk} is what the figures of short answers are taken with when it is installed: many
 * concurrent clients, and one client asking a rollup answer again and again.
 */
final class WrkClients {
    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");
    private static final Pattern ERRORS = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern SOCKET_ERRORS = Pattern.compile("Socket errors: (.*)");
    private static final Pattern SEQUENTIAL = Pattern.compile(
            "vitrina-sequential requests=(\\d+) p50_us=(\\d+) p95_us=(\\d+) engine_p50_ms=([0-9.]+) engine_p95_ms=([0-9.]+)");

    private final String executable;

    private WrkClients(String executable) {
        this.executable = requireNonNull(executable, "executable");
    }

    /** {@code wrk} when it is on the PATH. */
    static Optional<WrkClients> find() {
        for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(folder, "wrk");
            if (Files.isExecutable(candidate)) {
                return Optional.of(new WrkClients(candidate.toString()));
            }
        }
        return Optional.empty();
    }

    /** In a path, replaced by each request's own number: every request a question of its own, never a cache hit. */
    static final String NUMBER = "REQUESTNUMBER";

    /**
     * GETs the paths in turn from {@code clients} connections for {@code seconds}, accepting gzip as the wall screens'
     * browsers do. {@link #NUMBER} in a path becomes the request's number.
     *
     * @throws IllegalStateException when any answer was not a 200 or a connection failed
     */
    BenchReport.Concurrency run(int port, List<String> paths, String authorization, int clients, int seconds) {
        String script = "local paths = {" + paths.stream().map(WrkClients::lua).collect(Collectors.joining(", ")) + "}\n"
                + headers(authorization)
                + "headers[\"Accept-Encoding\"] = \"gzip\"\n"
                + "local threads = 0\n"
                + "setup = function(thread) thread:set(\"id\", threads); threads = threads + 1 end\n"
                + "local i = 0\n"
                + "request = function()\n"
                + "  i = i + 1\n"
                + "  local path = paths[(i % #paths) + 1]:gsub(\"" + NUMBER + "\", tostring(i * 16 + (id or 0)))\n"
                + "  return wrk.format(\"GET\", path, headers)\n"
                + "end\n";
        return parse(wrk(port, script, 2, clients, seconds), clients, seconds);
    }

    /**
     * GETs one path again and again over one connection for {@code seconds}: an answer's latency as a client in
     * another process sees it, with the server's own time of each answer (its {@code Server-Timing}).
     *
     * @throws IllegalStateException when any answer was not a 200 or the connection failed
     */
    Sequential sequential(int port, String path, String authorization, int seconds) {
        String script = headers(authorization)
                + "local path = " + lua(path) + "\n"
                + "local threads = {}\n"
                + "timings = {}\n"
                + "setup = function(thread) table.insert(threads, thread) end\n"
                + "request = function() return wrk.format(\"GET\", path, headers) end\n"
                + "response = function(status, headers, body)\n"
                + "  local timing = headers[\"Server-Timing\"]\n"
                + "  if timing then timings[#timings + 1] = tonumber(timing:match(\"dur=([%d%.]+)\")) end\n"
                + "end\n"
                + "done = function(summary, latency, requests)\n"
                + "  local all = {}\n"
                + "  for _, thread in ipairs(threads) do\n"
                + "    for _, value in ipairs(thread:get(\"timings\")) do all[#all + 1] = value end\n"
                + "  end\n"
                + "  table.sort(all)\n"
                + "  io.write(string.format(\"vitrina-sequential requests=%d p50_us=%d p95_us=%d engine_p50_ms=%s engine_p95_ms=%s\\n\",\n"
                + "    summary.requests, latency:percentile(50), latency:percentile(95),\n"
                + "    all[math.max(1, math.ceil(#all * 0.5))] or 0, all[math.max(1, math.ceil(#all * 0.95))] or 0))\n"
                + "end\n";
        return parseSequential(wrk(port, script, 1, 1, seconds));
    }

    /** @param requests how many answers were timed; {@code wall} as the client saw them, {@code engine} as the server */
    record Sequential(long requests, Percentiles wall, Percentiles engine) {
    }

    private String wrk(int port, String script, int threads, int connections, int seconds) {
        try {
            Path file = Files.createTempFile("vitrina-bench", ".lua");
            try {
                Files.writeString(file, script, StandardCharsets.UTF_8);
                Process process = new ProcessBuilder(executable, "-t" + threads, "-c" + connections, "-d" + seconds + "s",
                        "--latency", "-s", file.toString(), "http://127.0.0.1:" + port).redirectErrorStream(true).start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(seconds + 60L, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    throw new IllegalStateException("wrk failed: " + output);
                }
                return output;
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String headers(String authorization) {
        return "local headers = {[\"Authorization\"] = " + lua(authorization) + "}\n";
    }

    private static String lua(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static BenchReport.Concurrency parse(String output, int clients, int seconds) {
        requireNoErrors(output);
        Matcher requests = REQUESTS.matcher(output);
        if (!requests.find()) {
            throw new IllegalStateException("no request count in wrk's output: " + output);
        }
        long count = Long.parseLong(requests.group(1));
        return new BenchReport.Concurrency(clients, seconds, count, count / (double) seconds,
                percentile(output, "50"), percentile(output, "99"), "wrk, a separate process, accepting gzip as browsers do");
    }

    static Sequential parseSequential(String output) {
        requireNoErrors(output);
        Matcher line = SEQUENTIAL.matcher(output);
        if (!line.find()) {
            throw new IllegalStateException("no sequential figures in wrk's output: " + output);
        }
        return new Sequential(Long.parseLong(line.group(1)),
                new Percentiles(Long.parseLong(line.group(2)) / 1000.0, Long.parseLong(line.group(3)) / 1000.0),
                new Percentiles(Double.parseDouble(line.group(4)), Double.parseDouble(line.group(5))));
    }

    private static void requireNoErrors(String output) {
        if (ERRORS.matcher(output).find() || SOCKET_ERRORS.matcher(output).find()) {
            throw new IllegalStateException("wrk's requests saw errors: " + output);
        }
    }

    /** A line of wrk's latency distribution, like {@code "     99%   82.72ms"}, in milliseconds. */
    private static double percentile(String output, String percent) {
        Matcher line = Pattern.compile("^\\s+" + percent + "%\\s+([0-9.]+)(us|ms|s)\\s*$", Pattern.MULTILINE).matcher(output);
        if (!line.find()) {
            throw new IllegalStateException("no " + percent + "th percentile in wrk's output: " + output);
        }
        double value = Double.parseDouble(line.group(1));
        return switch (line.group(2).toLowerCase(Locale.ROOT)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
    }
}
