package ru.vitrina.ingest.job;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How to run a job this time: {@code full} re-reads the whole source and makes the store equal to it (deleting
 * rows that vanished from it) instead of pulling changes; {@code file} loads an export file instead of the system.
 */
public record RunOptions(boolean full, Optional<Path> file) {
    public static final RunOptions INCREMENTAL = new RunOptions(false, Optional.empty());
    public static final RunOptions FULL = new RunOptions(true, Optional.empty());

    public RunOptions {
        file = file == null ? Optional.empty() : file;
    }

    public static RunOptions file(Path file, boolean full) {
        return new RunOptions(full, Optional.of(file));
    }
}
