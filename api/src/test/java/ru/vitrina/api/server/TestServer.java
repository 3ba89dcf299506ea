package ru.vitrina.api.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ru.vitrina.api.config.VitrinaConfig;
import ru.vitrina.engine.store.Store;
import ru.vitrina.ingest.demo.DemoRegion;
import ru.vitrina.ingest.demo.DemoSize;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One real server for the API tests of a JVM: a store file filled by the demo generator (small, fixed seed)
 * and Vitrina listening on a free loopback port. Built on first use, stopped when the JVM ends.
 */
public final class TestServer {
    public static final long SEED = 20261125L;
    private static TestServer shared;
    private static TestServer withoutRollups;

    private final Application application;
    private final VitrinaServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private TestServer(Application application, VitrinaServer server) {
        this.application = application;
        this.server = server;
    }

    public static synchronized TestServer shared() {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    /** A second server over the same store that never reads rollups, to compare answers with and without them. */
    public static synchronized TestServer withoutRollups() {
        if (withoutRollups == null) {
            TestServer main = shared();
            Application application = Application.open(main.application.config().withRollups(false), main.store());
            VitrinaServer server = new VitrinaServer(application).start("127.0.0.1", 0);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
            withoutRollups = new TestServer(application, server);
        }
        return withoutRollups;
    }

    private static TestServer start() {
        try {
            Path folder = Files.createTempDirectory("vitrina-test");
            Store store = Store.open(folder.resolve("vitrina.duckdb"));
            new DemoRegion(SEED, DemoSize.TEST).generate(store, (stage, done, total) -> { });
            VitrinaConfig config = VitrinaConfig.DEMO.withStore(folder.resolve("vitrina.duckdb")).withPort(0);
            Application application = Application.open(config, store);
            VitrinaServer server = new VitrinaServer(application).start("127.0.0.1", 0);
            TestServer testServer = new TestServer(application, server);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                application.close();
            }));
            return testServer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Application application() {
        return application;
    }

    public Store store() {
        return application.store();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    public HttpResponse<String> post(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    public HttpResponse<byte[]> getBytes(String path, String accept) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
            if (accept != null) {
                request.header("Accept", accept);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** POSTs a cube query to /api/v1/load and returns the parsed answer, failing on anything but 200. */
    public JsonNode load(JsonNode query) {
        HttpResponse<String> response = post("/api/v1/load", query.toString());
        if (response.statusCode() != 200) {
            throw new AssertionError("status " + response.statusCode() + ": " + response.body());
        }
        return parse(response.body());
    }

    public JsonNode parse(String body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
