package ru.vitrina.api.opendata;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ru.vitrina.api.config.VitrinaConfig;
import ru.vitrina.api.server.Application;
import ru.vitrina.api.server.VitrinaServer;
import ru.vitrina.engine.store.Store;
import ru.vitrina.opendata.dataset.Field;
import ru.vitrina.opendata.dataset.FieldType;
import ru.vitrina.opendata.publish.PublishedVersion;
import ru.vitrina.opendata.publish.Publications;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A generated version of 10 million rows downloads as CSV (the stored file) and as JSON (streamed from its Parquet
 * file) while the heap stays flat: every 64 MB received, the heap is looked at after a full GC, and its growth over
 * the start must stay far below what holding the answer would take (the CSV alone is ~300 MB). Nothing measures time.
 */
class StreamingDownloadMemoryTest {
    private static final long ROWS = 10_000_000L;
    private static final long ALLOWED_GROWTH = 96L << 20;
    private static final String SET = "7000000885-LabourMarket";

    @TempDir
    static Path folder;
    static Store store;
    static Application application;
    static VitrinaServer server;
    static PublishedVersion version;

    @BeforeAll
    static void publishAGeneratedSet() throws Exception {
        store = Store.open(folder.resolve("big.duckdb"));
        application = Application.open(VitrinaConfig.DEMO.withStore(folder.resolve("big.duckdb")).withPort(0), store);
        Publications publications = application.openData();
        List<Field> fields = List.of(new Field("id", "Номер", "Number", FieldType.INTEGER, 0),
                new Field("municipality", "Муниципальное образование", "Municipal formation", FieldType.STRING, 0),
                new Field("report_month", "Месяц", "Month", FieldType.DATE, 0),
                new Field("amount", "Сумма", "Amount", FieldType.NUMBER, 2));
        PublishedVersion draft = new PublishedVersion(SET, LocalDate.of(2026, 11, 26), LocalDate.of(2026, 11, 26), "0".repeat(64), ROWS, 0, 0, 1,
                Instant.parse("2026-11-26T03:00:00Z"), "Сгенерированный набор для проверки памяти", fields);
        Path csv = publications.file(draft, "csv");
        Files.createDirectories(csv.getParent());
        String rows = "SELECT i AS id, '69' || lpad(CAST(i % 1000 AS VARCHAR), 6, '0') AS municipality, "
                + "DATE '2020-01-01' + CAST(i % 3650 AS INTEGER) AS report_month, CAST(i * 1.25 AS DECIMAL(38,2)) AS amount FROM range(" + ROWS + ") t(i)";
        try (Connection connection = store.connect(); Statement statement = connection.createStatement()) {
            statement.execute("COPY (" + rows + ") TO " + Publications.literal(csv) + " (FORMAT csv, HEADER true)");
            statement.execute("COPY (" + rows + ") TO " + Publications.literal(publications.file(draft, "parquet")) + " (FORMAT parquet)");
        }
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(Files.newInputStream(csv), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        version = new PublishedVersion(SET, draft.dataDate(), draft.structureDate(), HexFormat.of().formatHex(digest.digest()), ROWS,
                Files.size(csv), 0, 1, draft.publishedAt(), draft.provenance(), fields);
        publications.register(version);
        server = new VitrinaServer(application).start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        server.close();
        application.close();
        store.close();
    }

    @Test
    void csvOfTenMillionRowsStreamsWithAFlatHeap() throws Exception {
        Measured measured = download(version.baseName() + ".csv");
        assertThat(measured.bytes()).isEqualTo(version.bytes()).isGreaterThan(200L << 20);
        assertThat(measured.count()).as("lines = header + rows").isEqualTo(ROWS + 1);
        System.out.printf("10 M rows CSV: %d MB sent, heap growth after GC at most %d MB%n", measured.bytes() >> 20, measured.growth() >> 20);
        assertThat(measured.growth()).isLessThan(ALLOWED_GROWTH);
    }

    @Test
    void jsonOfTenMillionRowsStreamsWithAFlatHeap() throws Exception {
        Measured measured = download(version.baseName() + ".json");
        assertThat(measured.count()).as("one object per row").isEqualTo(ROWS);
        System.out.printf("10 M rows JSON: %d MB sent, heap growth after GC at most %d MB%n", measured.bytes() >> 20, measured.growth() >> 20);
        assertThat(measured.growth()).isLessThan(ALLOWED_GROWTH);
    }

    @Test
    void excelIsRefusedForMoreRowsThanASheetHolds() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/opendata/" + SET + "/" + version.baseName() + ".xlsx")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("CSV", "Parquet");
    }

    /** @param count line ends for CSV, opening braces for JSON */
    private record Measured(long bytes, long count, long growth) {
    }

    private static Measured download(String file) throws IOException, InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long baseline = memory.getHeapMemoryUsage().getUsed();
        long worst = 0;
        long bytes = 0;
        long count = 0;
        byte marker = (byte) (file.endsWith(".csv") ? '\n' : '{');
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/opendata/" + SET + "/" + file)).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        byte[] buffer = new byte[1 << 16];
        long nextLook = 64L << 20;
        try (InputStream in = response.body()) {
            int read;
            while ((read = in.read(buffer)) > 0) {
                for (int i = 0; i < read; i++) {
                    if (buffer[i] == marker) {
                        count++;
                    }
                }
                bytes += read;
                if (bytes >= nextLook) {
                    System.gc();
                    worst = Math.max(worst, memory.getHeapMemoryUsage().getUsed() - baseline);
                    nextLook += 64L << 20;
                }
            }
        }
        return new Measured(bytes, count, worst);
    }
}
