package ru.vitrina.api.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import ru.vitrina.api.server.TestServer;
import ru.vitrina.engine.access.Role;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The attacks of {@code attacks.yaml} through the SQL route, JDBC, every field of the JSON route and every file route. */
class SecurityAttackTest {
    /** Text that would only appear if a file, a setting or another schema leaked into an answer. */
    private static final List<String> LEAKS = List.of("root:", "/bin/", "argon2", "password_hash", "home_directory",
            "enable_external_access", "vitrina-parent", "Manifest-Version", "roles:", "widgets:");
    private final TestServer server = TestServer.shared();
    private final JsonNode attacks = read();

    private static JsonNode read() {
        try (InputStream in = SecurityAttackTest.class.getResourceAsStream("attacks.yaml")) {
            return new ObjectMapper(new YAMLFactory()).readTree(in);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterAll
    static void nothingWasWrittenOrDropped() throws SQLException {
        try (Connection connection = TestServer.shared().store().connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM budget.execution")) {
            rows.next();
            assertThat(rows.getLong(1)).isPositive();
        }
        assertThat(Files.exists(Path.of("/tmp/x.csv"))).isFalse();
        assertThat(Files.exists(Path.of("/tmp/x.db"))).isFalse();
    }

    /** The answer shows nothing from outside; words of the attack itself may be echoed in the error message. */
    private static void noLeak(String attack, String body) {
        for (String leak : LEAKS) {
            if (!attack.contains(leak)) {
                assertThat(body).as(attack).doesNotContain(leak);
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> sqlAttacksAreRefusedByTheSqlRoute() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode sql : attacks.get("sql")) {
            tests.add(DynamicTest.dynamicTest("/api/v1/sql: " + sql.asText(), () -> {
                ObjectNode body = new ObjectMapper().createObjectNode().put("sql", sql.asText());
                HttpResponse<String> response = server.as(Role.ANALYST).post("/api/v1/sql", body.toString());
                assertThat(response.statusCode()).as(response.body()).isIn(400, 403);
                noLeak(sql.asText(), response.body());
            }));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> sqlAttacksAreRefusedOverJdbc() {
        String url = "jdbc:avatica:remote:url=" + server.uri("/avatica") + ";serialization=json;authentication=BASIC"
                + ";avatica_user=analyst;avatica_password=" + server.token(Role.ANALYST);
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode sql : attacks.get("sql")) {
            tests.add(DynamicTest.dynamicTest("JDBC: " + sql.asText(), () -> {
                try (Connection jdbc = DriverManager.getConnection(url); Statement statement = jdbc.createStatement()) {
                    Throwable thrown = catchThrowable(() -> statement.executeQuery(sql.asText()).close());
                    assertThat(thrown).as(sql.asText()).isInstanceOf(SQLException.class);
                    noLeak(sql.asText(), String.valueOf(thrown.getMessage()));
                    Throwable prepared = catchThrowable(() -> jdbc.prepareStatement(sql.asText()).close());
                    assertThat(prepared).as("prepare " + sql.asText()).isInstanceOf(SQLException.class);
                }
            }));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> injectionThroughEveryFieldOfTheJsonRouteIsInert() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode query : attacks.get("json")) {
            tests.add(DynamicTest.dynamicTest("/api/v1/load: " + query, () -> {
                String body = new ObjectMapper().createObjectNode().set("query", query).toString();
                for (String path : List.of("/api/v1/load", "/cubejs-api/v1/load", "/api/v1/explain")) {
                    HttpResponse<String> response = server.as(Role.ANALYST).post(path, body);
                    assertThat(response.statusCode()).as(path + ": " + response.body()).isIn(200, 400);
                    noLeak(path + " " + query, response.body());
                    if (response.statusCode() == 200 && path.endsWith("load")) {
                        // Only a value can get through, and then as a bound parameter that matches nothing.
                        assertThat(response.body()).as(path).contains("\"data\"");
                    }
                }
            }));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> pathTraversalOnEveryFileRouteFindsNothing() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode path : attacks.get("paths")) {
            tests.add(DynamicTest.dynamicTest(path.asText(), () -> {
                for (Role role : List.of(Role.PUBLIC, Role.VIEWER)) {
                    TestServer.Caller caller = server.as(role);
                    HttpResponse<String> response = caller.send(caller.request(path.asText()).GET().build());
                    assertThat(response.statusCode()).as(role + " " + path.asText() + ": " + response.body()).isIn(400, 401, 404);
                    noLeak(path.asText(), response.body());
                }
            }));
        }
        return tests.stream();
    }

    @Test
    void oversizedBodiesAre413AndDeeplyNestedJson400() throws IOException {
        String huge = "{\"sql\": \"SELECT fact FROM budget WHERE municipality_name IN ('" + "x".repeat(2_000_000) + "')\"}";
        assertThat(statusOfLargeUpload("/api/v1/sql", huge)).isEqualTo(413);
        assertThat(statusOfLargeUpload("/api/v1/load", huge)).isEqualTo(413);

        String deep = "[".repeat(5000) + "]".repeat(5000);
        HttpResponse<String> array = server.as(Role.ANALYST).post("/api/v1/load", deep);
        assertThat(array.statusCode()).as(array.body()).isEqualTo(400);
        StringBuilder filter = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            filter.append("{\"and\": [");
        }
        filter.append("{\"member\": \"budget.section\", \"operator\": \"set\"}");
        filter.append("]}".repeat(3000));
        HttpResponse<String> nested = server.as(Role.ANALYST).post("/api/v1/load",
                "{\"query\": {\"measures\": [\"budget.fact\"], \"filters\": [" + filter + "]}}");
        assertThat(nested.statusCode()).as(nested.body()).isEqualTo(400);
        HttpResponse<String> login = server.post("/api/v1/auth/login", "{\"login\": " + "[".repeat(5000) + "]".repeat(5000) + "}");
        assertThat(login.statusCode()).isEqualTo(400);
    }

    /**
     * The status the server answers to a body of this declared length, read after the first 64 KiB of it are sent. A
     * client writing the whole body before it reads can lose the 413 the server sends, and closes on, while the body is
     * still going out (a race seen once in CI); a real uploader reads the early answer the same way.
     */
    private int statusOfLargeUpload(String path, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String authorization = server.as(Role.ANALYST).request(path).GET().build().headers()
                .firstValue("Authorization").orElseThrow();
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + authorization
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(bytes, 0, 64 * 1024);
            out.flush();
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }

    @Test
    void aBodyWithoutContentLengthIsCappedToo() {
        TestServer.Caller analyst = server.as(Role.ANALYST);
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) ' ');
        HttpRequest request = analyst.request("/api/v1/sql").POST(HttpRequest.BodyPublishers.ofInputStream(() ->
                new java.io.SequenceInputStream(java.util.Collections.enumeration(java.util.Collections.nCopies(40,
                        (InputStream) null).stream().map(x -> (InputStream) new java.io.ByteArrayInputStream(chunk)).toList())))).build();
        HttpResponse<String> response = analyst.send(request);
        assertThat(response.statusCode()).as(response.body()).isIn(400, 413);
    }
}
