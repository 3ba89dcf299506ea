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
 * Many concurrent clients as a separate process: {@code wrk} (C, one event loop per thread). The JDK client in the
 * server's JVM cost more CPU per request than the server's answer from its cache, on the same two cores, so the
 * in-process figure measured the client; {@code wrk} is what the figure is taken with when it is installed.
 */
final class WrkClients {
    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");
    private static final Pattern ERRORS = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern SOCKET_ERRORS = Pattern.compile("Socket errors: (.*)");

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

    /**
     * GETs the paths in turn from {@code clients} connections for {@code seconds}.
     *
     * @throws IllegalStateException when any answer was not a 200 or a connection failed
     */
    BenchReport.Concurrency run(int port, List<String> paths, String authorization, int clients, int seconds) {
        try {
            Path script = Files.createTempFile("vitrina-bench", ".lua");
            try {
                Files.writeString(script, script(paths, authorization), StandardCharsets.UTF_8);
                Process process = new ProcessBuilder(executable, "-t2", "-c" + clients, "-d" + seconds + "s", "--latency",
                        "-s", script.toString(), "http://127.0.0.1:" + port).redirectErrorStream(true).start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(seconds + 60L, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    throw new IllegalStateException("wrk failed: " + output);
                }
                return parse(output, clients, seconds);
            } finally {
                Files.deleteIfExists(script);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String script(List<String> paths, String authorization) {
        return "local paths = {" + paths.stream().map(WrkClients::lua).collect(Collectors.joining(", ")) + "}\n"
                + "local headers = {[\"Authorization\"] = " + lua(authorization) + "}\n"
                + "local i = 0\n"
                + "request = function()\n"
                + "  i = i + 1\n"
                + "  return wrk.format(\"GET\", paths[(i % #paths) + 1], headers)\n"
                + "end\n";
    }

    private static String lua(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static BenchReport.Concurrency parse(String output, int clients, int seconds) {
        Matcher errors = ERRORS.matcher(output);
        Matcher socket = SOCKET_ERRORS.matcher(output);
        if (errors.find() || socket.find()) {
            throw new IllegalStateException("concurrent clients saw errors: " + output);
        }
        Matcher requests = REQUESTS.matcher(output);
        if (!requests.find()) {
            throw new IllegalStateException("no request count in wrk's output: " + output);
        }
        long count = Long.parseLong(requests.group(1));
        return new BenchReport.Concurrency(clients, seconds, count, count / (double) seconds,
                percentile(output, "50"), percentile(output, "99"), "wrk, a separate process");
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
