package ru.vitrina.ingest.sources;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ru.vitrina.ingest.demo.DemoSize;
import ru.vitrina.ingest.demo.ProgressListener;
import ru.vitrina.ingest.job.JobSettings;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's source extracts are a function of the seed and size: two runs write the same files (the workbooks' sheets;
 * their document properties carry the time of writing) and serve the same pages.
 */
class DemoSourcesTest {
    private static final long SEED = 7L;

    @Test
    void theSameSeedWritesTheSameFilesAndServesTheSamePortal(@TempDir Path folder) throws Exception {
        try (DemoSources first = DemoSources.write(SEED, DemoSize.TEST, folder.resolve("a"), Optional.empty(), ProgressListener.none());
             DemoSources second = DemoSources.write(SEED, DemoSize.TEST, folder.resolve("b"), Optional.empty(), ProgressListener.none())) {
            Map<String, String> files = checksums(folder.resolve("a"));
            assertThat(files).isEqualTo(checksums(folder.resolve("b")));
            assertThat(files.keySet()).contains("budget/" + DemoSources.BUDGET_FILE, "population/" + DemoSources.POPULATION_FILE,
                    "health/minzdrav_2023-01.xlsx", "health/minzdrav_2026-10.xlsx", "procurement/contract_Tomskaja_obl_001.xml.zip");
            assertThat(files.keySet()).noneMatch(name -> name.endsWith(".duckdb") || name.endsWith(".wal"));
            // The budget job reads the Treasury export as its configured source, in the demo and in the server after it.
            Map<String, Object> budget = Map.of("source", folder.resolve("a").resolve("budget").resolve(DemoSources.BUDGET_FILE).toString());
            assertThat(first.jobsSection().get(JobSettings.BUDGET)).isEqualTo(budget);
            assertThat(DemoSources.filesSection(folder.resolve("a")).get(JobSettings.BUDGET)).isEqualTo(budget);
            assertThat(JobSettings.from(first.jobsSection(), Map.of(), Map.of()).budgetExport())
                    .contains(folder.resolve("a").resolve("budget").resolve(DemoSources.BUDGET_FILE));

            String page = "/api/v1/vacancies/region/70?offset=0&limit=100";
            assertThat(body(first, page)).isEqualTo(body(second, page)).contains("demo-fault-oktmo");
            String labour = (String) ((Map<?, ?>) first.jobsSection().get(JobSettings.LABOUR)).get("source");
            assertThat(labour).matches("http://[^/]+:\\d+");
        }
    }

    private static String body(DemoSources sources, String path) throws Exception {
        String base = (String) ((Map<?, ?>) sources.jobsSection().get(JobSettings.LABOUR)).get("source");
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /**
     * A workbook's parts but its document properties: fastexcel stamps the time of writing into docProps/core.xml
     * and into the ZIP entries and lists merged ranges in no fixed order, so the bytes of two runs differ while
     * every cell and merge is the same.
     */
    private static void sheets(Path workbook, MessageDigest digest) throws Exception {
        try (ZipFile zip = new ZipFile(workbook.toFile())) {
            for (ZipEntry entry : zip.stream().sorted(Comparator.comparing(ZipEntry::getName)).toList()) {
                if (!entry.getName().startsWith("docProps/")) {
                    digest.update(entry.getName().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    try (InputStream in = zip.getInputStream(entry)) {
                        // Its XML elements as a sorted list: fastexcel writes the merged ranges from a hash set.
                        String xml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                        digest.update(String.join(">", Stream.of(xml.split(">")).sorted().toList())
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    }
                }
            }
        }
    }

    private static Map<String, String> checksums(Path folder) throws Exception {
        Map<String, String> sums = new TreeMap<>();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                if (file.toString().endsWith(".xlsx")) {
                    sheets(file, digest);
                } else {
                    digest.update(Files.readAllBytes(file));
                }
                sums.put(folder.relativize(file).toString().replace('\\', '/'), HexFormat.of().formatHex(digest.digest()));
            }
        }
        return sums;
    }
}
