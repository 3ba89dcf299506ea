package ru.vitrina.api.format;

import ru.vitrina.engine.query.QueryCursor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static java.util.Objects.requireNonNull;

/**
 * Parquet as DuckDB writes it (its types, compression and statistics), through a temporary file:
 * Parquet's footer comes last, so the file cannot be streamed while it is being made. The file is
 * deleted whether or not sending it succeeds.
 */
public final class ParquetWriter implements ResultWriter {
    private static final int COPY_BUFFER = 64 * 1024;
    /** Flush after this many bytes so a slow client starts receiving before the whole file is sent. */
    private static final long FLUSH_EVERY_BYTES = 1024 * 1024;

    private final Path temporaryDirectory;

    /** @param temporaryDirectory where the temporary files go; null for the system's temporary directory */
    public ParquetWriter(Path temporaryDirectory) {
        this.temporaryDirectory = temporaryDirectory;
    }

    @Override
    public long write(QueryCursor cursor, OutputStream out) throws IOException {
        requireNonNull(cursor, "cursor");
        requireNonNull(out, "out");
        // A fresh directory, not a fresh file: DuckDB's COPY is then the only one creating the file.
        Path directory = temporaryDirectory == null
                ? Files.createTempDirectory("vitrina-parquet-")
                : Files.createTempDirectory(temporaryDirectory, "vitrina-parquet-");
        Path file = directory.resolve("result.parquet");
        try {
            long written = cursor.copyToParquet(file);
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buffer = new byte[COPY_BUFFER];
                long sinceFlush = 0;
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, read);
                    sinceFlush += read;
                    if (sinceFlush >= FLUSH_EVERY_BYTES) {
                        out.flush();
                        sinceFlush = 0;
                    }
                }
            }
            out.flush();
            return written;
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(directory);
        }
    }
}
