package ru.vitrina.ingest.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * A temporary folder for a load's work files (a fetched extract, typed rows for DuckDB's reader) that a crash does
 * not leak: its name carries the process id, and creating one removes the folders of processes that are no longer
 * running. A load killed with kill -9 cannot clean up after itself, and each such crash would otherwise leave up to
 * the size of its extract — hundreds of megabytes — on the temporary disk. (Processes that share one temporary
 * folder must see each other's ids: not two containers over one mounted {@code /tmp}.)
 */
public final class WorkFolder implements AutoCloseable {
    private static final Path ROOT = Path.of(System.getProperty("java.io.tmpdir"), "vitrina-work");

    private final Path path;

    private WorkFolder(Path path) {
        this.path = path;
    }

    /** A new folder under the system's temporary folder, {@code purpose} naming it for a person looking there. */
    public static WorkFolder create(String purpose) throws IOException {
        return create(ROOT, purpose);
    }

    static WorkFolder create(Path root, String purpose) throws IOException {
        requireNonNull(purpose, "purpose");
        Files.createDirectories(root);
        removeAbandoned(root);
        return new WorkFolder(Files.createTempDirectory(root, purpose + "-" + ProcessHandle.current().pid() + "-"));
    }

    public Path path() {
        return path;
    }

    /** Removes the folder and everything in it. */
    @Override
    public void close() throws IOException {
        delete(path);
    }

    private static void removeAbandoned(Path root) throws IOException {
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path folder : folders) {
                boolean running = owner(folder).flatMap(ProcessHandle::of).map(ProcessHandle::isAlive).orElse(false);
                if (!running) {
                    delete(folder);
                }
            }
        }
    }

    /** The process named in a folder's name {@code purpose-pid-random}, if the name has one. */
    private static Optional<Long> owner(Path folder) {
        String[] parts = folder.getFileName().toString().split("-");
        if (parts.length < 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(parts[parts.length - 2]));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void delete(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (NoSuchFileException e) {
            // removed meanwhile by another process clearing abandoned folders
        } catch (UncheckedIOException e) {
            if (!(e.getCause() instanceof NoSuchFileException)) {
                throw e.getCause();
            }
        }
    }
}
