package ru.vitrina.api.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ru.vitrina.api.security.AuthStore;
import ru.vitrina.api.server.Application;
import ru.vitrina.api.server.VitrinaServer;
import ru.vitrina.engine.access.Role;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The bench's and the soak's client of {@code /api/v1/load}: it signs in like any script, with an account of its own
 * and a token that expires after a day.
 */
final class LoadClient {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String authorization;
    private final Duration timeout;

    private LoadClient(String token, Duration timeout) {
        this.authorization = "Bearer " + requireNonNull(token, "token");
        this.timeout = requireNonNull(timeout, "timeout");
    }

    /**
     * Creates the account in the application's users file when it is missing and takes a token for it. Clients that
     * stand for different people need different logins: the per-user cap on running queries counts by login.
     */
    static LoadClient signIn(Application application, String login, Role role, Duration timeout) {
        AuthStore users = application.security().users();
        if (users.user(login).isEmpty()) {
            byte[] password = new byte[24];
            new SecureRandom().nextBytes(password);
            users.saveUser(new AuthStore.UserAccount(login, Set.of(role), Set.of(), Set.of(), false),
                    HexFormat.of().formatHex(password));
        }
        String token = users.issueToken(login, "bench", Instant.now().plus(Duration.ofDays(1))).secret();
        return new LoadClient(token, timeout);
    }

    /**
     * GET with {@code ?query=}: a request in one TCP write. The JDK client writes a POST's body after its headers;
     * measured that way every request took 5–30 ms longer, a cost of the client's writes rather than of the server.
     */
    HttpResponse<String> load(VitrinaServer server, JsonNode query) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path(query)))
                    .header("Authorization", authorization).timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The path and query string of a GET of {@code /api/v1/load} for this query. */
    String path(JsonNode query) {
        try {
            return "/api/v1/load?query=" + URLEncoder.encode(json.writeValueAsString(query), StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The value of the Authorization header this client sends. */
    String authorization() {
        return authorization;
    }
}
