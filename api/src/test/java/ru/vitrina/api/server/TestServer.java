package ru.vitrina.api.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ru.vitrina.api.config.VitrinaConfig;
import ru.vitrina.api.security.Security;
import ru.vitrina.engine.access.Role;
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
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

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
    private final Map<Role, String> tokens;

    private TestServer(Application application, VitrinaServer server) {
        this.application = application;
        this.server = server;
        this.tokens = tokens(application);
    }

    /** One API token per role, for the demo user that holds it (created when the users file is empty). */
    public static Map<Role, String> tokens(Application application) {
        application.security().bootstrap();
        Map<Role, String> tokens = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            if (role != Role.PUBLIC) {
                tokens.put(role, application.security().users().issueToken(Security.demoLogin(role), "tests",
                        Instant.now().plus(Duration.ofDays(1))).secret());
            }
        }
        return tokens;
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
            VitrinaConfig config = main.application.config().withRollups(false);
            config = config.withSecurity(config.security().withUsersFile(Path.of(main.store().location() + ".no-rollups.auth.duckdb")));
            Application application = Application.open(config, main.store());
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

    public int port() {
        return server.port();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    /** Calls as the demo user holding this role, with its API token; {@link Role#PUBLIC} calls without one. */
    public Caller as(Role role) {
        return new Caller(role == Role.PUBLIC ? null : "Bearer " + tokens.get(role));
    }

    /** Calls with this Authorization header value (null for none). */
    public Caller withAuthorization(String authorization) {
        return new Caller(authorization);
    }

    /** A browser session of the demo user holding this role: the value of its session cookie. */
    public static String session(Application application, Role role) {
        application.security().bootstrap();
        return application.security().users().openSession(Security.demoLogin(role), Instant.now().plus(Duration.ofHours(1))).id();
    }

    /** A browser session of the demo user holding this role: the value of its session cookie. */
    public String session(Role role) {
        return session(application, role);
    }

    /** The API token of the demo user holding this role. */
    public String token(Role role) {
        return tokens.get(role);
    }

    /** Anonymous calls. */
    public HttpResponse<String> post(String path, String body) {
        return as(Role.PUBLIC).post(path, body);
    }

    /** An anonymous call. */
    public HttpResponse<String> get(String path) {
        return as(Role.PUBLIC).get(path);
    }

    public JsonNode parse(String body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** HTTP calls on behalf of one user. */
    public final class Caller {
        private final String authorization;

        private Caller(String authorization) {
            this.authorization = authorization;
        }

        /** A request builder for this path that already carries the user's credentials. */
        public HttpRequest.Builder request(String path) {
            HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path));
            if (authorization != null) {
                builder.header("Authorization", authorization);
            }
            return builder;
        }

        public HttpResponse<String> post(String path, String body) {
            return send(request(path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
        }

        public HttpResponse<String> get(String path) {
            return send(request(path).GET().build());
        }

        public HttpResponse<String> send(HttpRequest request) {
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        public HttpResponse<byte[]> getBytes(String path, String accept) {
            try {
                HttpRequest.Builder request = request(path).GET();
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
    }
}
