package ru.vitrina.api.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ru.vitrina.api.config.VitrinaConfig;
import ru.vitrina.api.server.Application;
import ru.vitrina.api.server.TestServer;
import ru.vitrina.api.server.VitrinaServer;
import ru.vitrina.engine.access.Role;
import ru.vitrina.engine.store.Store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An export that fails: before its first byte it is the API's JSON error with its status; once the 200 and part of the
 * file are on the wire, the transfer is broken off, so the client sees a failed download rather than a file that looks
 * whole with an error appended to it. A real server on loopback over the shared test store, read by a real HTTP client.
 */
class ExportFailureTest {
    private static Application application;
    private static VitrinaServer server;
    private static String analyst;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        Store store = TestServer.shared().store();
        VitrinaConfig config = TestServer.shared().application().config().withCacheCells(0);
        config = config.withSecurity(config.security().withUsersFile(Path.of(store.location() + ".exports.auth.duckdb")));
        application = Application.open(config, store);
        server = new VitrinaServer(application).start("127.0.0.1", 0);
        analyst = TestServer.tokens(application).get(Role.ANALYST);
    }

    @AfterAll
    static void stop() {
        server.close();
        application.close();
    }

    @Test
    void aFailureBeforeTheFirstByteIsTheUsualJsonErrorInEveryFormat() throws Exception {
        for (String format : List.of("csv", "csv-ru", "xlsx", "parquet", "arrow")) {
            HttpResponse<String> response = http.send(sql(format,
                            "{\"sql\": \"SELECT CAST(municipality_name AS INTEGER) AS n FROM budget\"}"),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(format + ": " + response.body()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).as(format).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/json"));
            assertThat(response.headers().firstValue("Content-Disposition")).as(format + ": no file is offered").isEmpty();
            JsonNode error = new ObjectMapper().readTree(response.body());
            assertThat(error.path("status").asInt()).as(format).isEqualTo(400);
            assertThat(error.path("error").asText()).as(format).contains("Conversion Error");
        }
    }

    @Test
    void aFailureAfterTheFileHasStartedBreaksTheTransferInsteadOfAppendingAnError() throws Exception {
        String late = failingLate();
        brokenOff("csv", late);
        brokenOff("arrow", late);
        HttpResponse<String> after = http.send(sql("csv", "{\"sql\": \"SELECT COUNT(*) AS n FROM budget\"}"),
                HttpResponse.BodyHandlers.ofString());
        assertThat(after.statusCode()).as("the server answers the next export: " + after.body()).isEqualTo(200);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (application.lane().free() < application.config().limits().analyticalQueries() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(application.lane().free()).as("the broken exports gave their places back")
                .isEqualTo(application.config().limits().analyticalQueries());
    }

    /**
     * A statement whose conversion error comes some 600 000 rows into its answer. DuckDB streams a cross join as each
     * chunk of 2048 left rows against the right side's rows in their stored order, so a document first stored at
     * position 250–400 on the right fails at row 500 000–800 000 — after the file has started, since DuckDB runs ahead
     * of the reader by only some 150 000 rows, and before the export's cap of 1 000 000.
     */
    private String failingLate() throws Exception {
        HttpResponse<String> stored = http.send(sql("json", "{\"sql\": \"SELECT document_id FROM budget\"}"),
                HttpResponse.BodyHandlers.ofString());
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
        List<String> documents = new ArrayList<>();
        new ObjectMapper().readTree(stored.body()).path("data").forEach(row -> documents.add(row.path("document_id").asText()));
        String late = documents.stream().filter(document -> {
            int first = documents.indexOf(document);
            return first >= 250 && first <= 400;
        }).findFirst().orElseThrow();
        return "{\"sql\": \"SELECT a.document_id, b.document_id AS other, CAST(CASE WHEN b.document_id = '" + late
                + "' THEN a.municipality_name ELSE '1' END AS INTEGER) AS n FROM budget a CROSS JOIN budget b\"}";
    }

    private void brokenOff(String format, String body) throws Exception {
        HttpResponse<InputStream> response = http.send(sql(format, body), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).as(format).isEqualTo(200);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try (InputStream file = response.body()) {
            assertThatThrownBy(() -> file.transferTo(received)).as(format + ": the download must fail, not end")
                    .isInstanceOf(IOException.class);
        }
        assertThat(received.size()).as(format + ": the file had started").isGreaterThan(ExportResponder.HELD_BACK_BYTES);
        byte[] bytes = received.toByteArray();
        String tail = new String(bytes, Math.max(0, bytes.length - 4096), Math.min(bytes.length, 4096), StandardCharsets.UTF_8);
        assertThat(tail).as(format + ": no error appended to the file").doesNotContain("\"error\"");
    }

    private HttpRequest sql(String format, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/sql?format=" + format))
                .header("Authorization", "Bearer " + analyst).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
