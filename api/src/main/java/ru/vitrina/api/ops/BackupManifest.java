package ru.vitrina.api.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * What a backup folder holds, written beside DuckDB's export as {@value #FILE_NAME}: the data version, and rows and
 * checksum of every table as they were in the backup's transaction, so that a restore can prove it is complete.
 *
 * @param dataVersion the published version the backup holds, or null for a store with nothing published
 */
public record BackupManifest(String format, Instant createdAt, String source, Long dataVersion, String duckdbVersion,
                             List<TableChecksum> tables) {
    public static final String FILE_NAME = "vitrina-backup.json";
    public static final String FORMAT = "vitrina-backup/1";
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    public BackupManifest {
        requireNonNull(format, "format");
        requireNonNull(createdAt, "createdAt");
        requireNonNull(source, "source");
        requireNonNull(duckdbVersion, "duckdbVersion");
        tables = List.copyOf(tables);
    }

    public long totalRows() {
        return tables.stream().mapToLong(TableChecksum::rows).sum();
    }

    void write(Path folder) {
        try {
            JSON.writeValue(folder.resolve(FILE_NAME).toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + folder.resolve(FILE_NAME), e);
        }
    }

    /** Reads the manifest of a backup folder; a folder without one is not a Vitrina backup. */
    public static BackupManifest read(Path folder) {
        Path file = folder.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new OpsException("В папке " + folder + " нет " + FILE_NAME + ": это не копия Витрины или она не завершена / "
                    + folder + " has no " + FILE_NAME + ": not a Vitrina backup, or an unfinished one");
        }
        try {
            BackupManifest manifest = JSON.readValue(file.toFile(), BackupManifest.class);
            if (!FORMAT.equals(manifest.format())) {
                throw new OpsException(file + ": unknown backup format '" + manifest.format() + "', expected " + FORMAT);
            }
            return manifest;
        } catch (IOException e) {
            throw new OpsException("Не удаётся прочитать " + file + " / cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** JSON for an HTTP answer. */
    String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
