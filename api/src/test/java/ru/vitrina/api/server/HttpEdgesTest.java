package ru.vitrina.api.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import ru.vitrina.engine.access.Role;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collections;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the HTTP layer itself answers, on the real test server: errors Jetty and Javalin produce (a long URI, a bad
 * path, a large chunked body, a wrong method on a wildcard route) in the API's JSON shape and words; folders under
 * /assets, binary types without a charset, and the event stream asked for without its Accept.
 */
class HttpEdgesTest {
    private final TestServer server = TestServer.shared();
    private final TestServer.Caller analyst = server.as(Role.ANALYST);
    private final TestServer.Caller administrator = server.as(Role.ADMINISTRATOR);

    @Test
    void jettysOwnErrorsAreJsonInUtf8() throws IOException {
        String query = "{\"measures\":[\"budget.plan\"],\"x\":\"" + "a".repeat(10_000) + "\"}";
        HttpResponse<String> longQuery = analyst.get("/api/v1/load?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
        assertThat(longQuery.statusCode()).as("a 10 KB GET ?query= fits the 64 KB request line: " + longQuery.body()).isIn(200, 400);
        assertThat(longQuery.body()).doesNotContain("<html");
        Raw tooLong = raw("GET /api/v1/load?query=" + "a".repeat(70_000) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertError(tooLong, 414, "Адрес запроса слишком длинный");
        assertError(raw("GET /api/v1/indicators/TO-BUD-1%00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), 400, "Неверный запрос");
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) ' ');
        HttpRequest chunked = analyst.request("/api/v1/sql").POST(HttpRequest.BodyPublishers.ofInputStream(() ->
                new SequenceInputStream(Collections.enumeration(Collections.nCopies(40, chunk).stream()
                        .map(bytes -> (InputStream) new ByteArrayInputStream(bytes)).toList())))).build();
        HttpResponse<String> large = analyst.send(chunked);
        assertThat(large.statusCode()).isEqualTo(413);
        assertThat(large.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(server.parse(large.body()).path("error").asText()).contains("Тело запроса слишком большое / ");
    }

    @Test
    void aWrongMethodIs405WithAllowOnEveryRoute() {
        for (String[] call : new String[][] {{"PUT", "/api/v1/admin/users", "GET, POST, HEAD"},
                {"DELETE", "/api/v1/admin/users", "GET, POST, HEAD"}, {"GET", "/api/v1/admin/backup", "POST"},
                {"DELETE", "/api/v1/indicators/RF-NAT-1/entries/69608000/2025", "GET, PUT, HEAD"},
                {"DELETE", "/api/v1/load", "GET, POST, HEAD"}}) {
            HttpResponse<String> response = administrator.send(administrator.request(call[1])
                    .method(call[0], HttpRequest.BodyPublishers.noBody()).build());
            assertThat(response.statusCode()).as(call[0] + " " + call[1] + ": " + response.body()).isEqualTo(405);
            assertThat(response.headers().firstValue("Allow")).as(call[1]).hasValue(call[2]);
            JsonNode body = server.parse(response.body());
            assertThat(body.path("status").asInt()).isEqualTo(405);
            assertThat(body.path("error").asText()).contains("не принимается", " / method not allowed");
        }
    }

    @Test
    void foldersAreNotAssetsAndBinaryTypesHaveNoCharset() {
        for (String folder : new String[] {"/assets/js", "/assets/css"}) {
            assertThat(server.get(folder).statusCode()).as(folder).isEqualTo(404);
        }
        String query = URLEncoder.encode("{\"measures\":[\"budget.plan\"],\"limit\":5}", StandardCharsets.UTF_8);
        for (String format : new String[] {"parquet", "xlsx", "arrow"}) {
            HttpResponse<byte[]> file = analyst.getBytes("/api/v1/load?format=" + format + "&query=" + query, null);
            assertThat(file.statusCode()).as(format).isEqualTo(200);
            assertThat(file.headers().firstValue("Content-Type").orElseThrow()).as(format).doesNotContain("charset");
        }
    }

    @Test
    void theEventStreamWithoutItsAcceptIs406() {
        HttpResponse<String> plain = server.get("/api/v1/events");
        assertThat(plain.statusCode()).isEqualTo(406);
        assertThat(server.parse(plain.body()).path("error").asText()).contains("поток событий", "event stream", "text/event-stream");
    }

    private void assertError(Raw response, int status, String words) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        assertThat(response.text()).containsIgnoringCase("Content-Type: application/json; charset=utf-8");
        JsonNode body = server.parse(response.text().substring(response.text().indexOf("\r\n\r\n") + 4));
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("error").asText()).contains(words).contains(" / ");
    }

    /** Sends bytes as they are: the paths and lengths here are ones an HTTP client refuses to send. */
    private Raw raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Raw(Integer.parseInt(text.split(" ")[1]), text);
        }
    }

    private record Raw(int status, String text) {
    }
}
