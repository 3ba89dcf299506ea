package ru.vitrina.api.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static java.util.Objects.requireNonNull;

/**
 * The {@code vitrina} command line in a JVM of its own, started from the test classpath, so that a test can kill it
 * with SIGKILL ({@link #kill()}) the way a power cut or the OOM killer would, and start it again.
 */
final class ChildVitrina implements AutoCloseable {
    private final Process process;
    private final Path output;

    private ChildVitrina(Process process, Path output) {
        this.process = requireNonNull(process, "process");
        this.output = requireNonNull(output, "output");
    }

    /** Runs {@code vitrina ARGS...}; stdout and stderr go to {@code output}. */
    static ChildVitrina start(Path output, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:TieredStopAtLevel=1", "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "ru.vitrina.api.cli.Main"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            return new ChildVitrina(process, output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a child JVM", e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no checkpoint, no flush. */
    void kill() {
        process.destroyForcibly();
        waitForExit();
    }

    int waitForExit() {
        try {
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("the child did not finish:\n" + output());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Polls until {@code condition} holds; fails naming {@code what} (with the child's output) after two minutes. */
    void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!condition.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new AssertionError("the child exited (" + process.exitValue() + ") before " + what + ":\n" + output());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within two minutes:\n" + output());
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** A graceful stop (SIGTERM), as systemd does. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            waitForExit();
        }
    }
}
