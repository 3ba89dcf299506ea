package ru.vitrina.api.format;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ru.vitrina.engine.query.QueryCursor;
import ru.vitrina.engine.query.ResultColumn;
import ru.vitrina.engine.store.DataVersion;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParquetWriterTest {
    @TempDir
    Path temporary;
    @TempDir
    Path downloads;

    @AutoClose
    private final Connection connection = DuckDbCursor.openDatabase();

    @Test
    void readsBackWithTheSameRowsInTheSameOrderAndTheSameTypes() throws Exception {
        Path file = download(Fixtures.SQL);
        String readBack = "SELECT * FROM read_parquet('" + file + "')";

        assertThat(SourceRows.describe(connection, readBack)).isEqualTo(SourceRows.describe(connection, Fixtures.SQL));
        assertThat(SourceRows.read(connection, readBack)).isEqualTo(SourceRows.read(connection, Fixtures.SQL));
    }

    @Test
    void theTemporaryFileIsGoneAfterwards() throws Exception {
        download(Fixtures.SQL);
        assertThat(listing(temporary)).isEmpty();
    }

    @Test
    void theTemporaryFileIsGoneWhenSendingFails() {
        OutputStream brokenClient = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("connection reset");
            }
        };
        assertThatThrownBy(() -> {
            try (DuckDbCursor cursor = new DuckDbCursor(connection, Fixtures.SQL, Fixtures.COLUMNS, Fixtures.VERSION)) {
                new ParquetWriter(temporary).write(cursor, brokenClient);
            }
        }).isInstanceOf(IOException.class).hasMessage("connection reset");
        assertThat(listing(temporary)).isEmpty();
    }

    @Test
    void theTemporaryFileIsGoneWhenDuckDbFails() throws Exception {
        try (DuckDbCursor real = new DuckDbCursor(connection, Fixtures.SQL, Fixtures.COLUMNS, Fixtures.VERSION)) {
            QueryCursor failing = new FailingCopy(real);
            assertThatThrownBy(() -> new ParquetWriter(temporary).write(failing, OutputStream.nullOutputStream()))
                    .hasMessageContaining("disk full");
        }
        assertThat(listing(temporary)).isEmpty();
    }

    @Test
    void doesNotReadTheResultSetItself() throws Exception {
        try (DuckDbCursor cursor = new DuckDbCursor(connection, Fixtures.SQL, Fixtures.COLUMNS, Fixtures.VERSION)) {
            new ParquetWriter(temporary).write(cursor, OutputStream.nullOutputStream());
            // The rows are still all there: Parquet came from DuckDB's COPY, not from the cursor.
            ResultSet rows = cursor.resultSet();
            int count = 0;
            while (rows.next()) {
                count++;
            }
            assertThat(count).isEqualTo(5);
        }
    }

    private Path download(String sql) throws IOException {
        Path file = downloads.resolve("answer.parquet");
        try (DuckDbCursor cursor = new DuckDbCursor(connection, sql, Fixtures.COLUMNS, Fixtures.VERSION);
             OutputStream out = Files.newOutputStream(file)) {
            new ParquetWriter(temporary).write(cursor, out);
        }
        return file;
    }

    private static List<Path> listing(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A cursor whose COPY starts a file and then fails, as a full disk would make it. */
    private record FailingCopy(QueryCursor real) implements QueryCursor {
        @Override
        public List<ResultColumn> columns() {
            return real.columns();
        }

        @Override
        public ResultSet resultSet() {
            return real.resultSet();
        }

        @Override
        public DataVersion dataVersion() {
            return real.dataVersion();
        }

        @Override
        public long copyToParquet(Path file) {
            try {
                Files.writeString(file, "PAR1 half a file");
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            throw new IllegalStateException("disk full");
        }

        @Override
        public void close() {
            real.close();
        }
    }
}
