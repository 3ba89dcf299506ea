package ru.vitrina.api.security;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import ru.vitrina.api.config.VitrinaConfig;
import ru.vitrina.api.server.Application;
import ru.vitrina.api.server.TestServer;
import ru.vitrina.api.server.VitrinaServer;
import ru.vitrina.engine.access.Role;
import ru.vitrina.engine.store.Store;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** POST /api/v1/admin/users against the real server: partial updates, typed fields, role names, the last administrator. */
class UserAdminTest {
    private static final String PASSWORD = "a long enough password";
    private final TestServer server = TestServer.shared();

    private static String newLogin() {
        return "ua" + Long.toString(System.nanoTime(), 36);
    }

    private HttpResponse<String> save(String body) {
        return server.as(Role.ADMINISTRATOR).post("/api/v1/admin/users", body);
    }

    private AuthStore.UserAccount stored(String login) {
        return server.application().security().users().user(login).orElseThrow();
    }

    @Test
    void anUpdateChangesOnlyTheFieldsItSends() {
        String login = newLogin();
        HttpResponse<String> created = save("{\"login\": \"" + login + "\", \"password\": \"" + PASSWORD + "\", \"roles\": [\"VIEWER\"],"
                + " \"indicators\": [\"RF-NAT-1\"]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        HttpResponse<String> disabled = save("{\"login\": \"" + login + "\", \"disabled\": true}");
        assertThat(disabled.statusCode()).as(disabled.body()).isEqualTo(200);
        assertThat(stored(login)).isEqualTo(new AuthStore.UserAccount(login, java.util.Set.of(Role.VIEWER), java.util.Set.of(),
                java.util.Set.of("RF-NAT-1"), true));
        assertThat(server.parse(disabled.body()).get("roles").toString()).isEqualTo("[\"VIEWER\"]");

        HttpResponse<String> roles = save("{\"login\": \"" + login + "\", \"roles\": [\"ANALYST\"]}");
        assertThat(roles.statusCode()).as(roles.body()).isEqualTo(200);
        AuthStore.UserAccount after = stored(login);
        assertThat(after.roles()).containsExactly(Role.ANALYST);
        assertThat(after.disabled()).as("a change of roles does not re-enable the user").isTrue();
        assertThat(after.indicators()).containsExactly("RF-NAT-1");

        assertThat(save("{\"login\": \"" + login + "\"}").statusCode()).isEqualTo(200);
        assertThat(stored(login)).isEqualTo(after);
        assertThat(server.application().security().users().checkPassword(login, PASSWORD)).as("disabled").isEmpty();
        assertThat(save("{\"login\": \"" + login + "\", \"disabled\": false}").statusCode()).isEqualTo(200);
        assertThat(server.application().security().users().checkPassword(login, PASSWORD)).as("the password was kept").isPresent();
    }

    @Test
    void wrongJsonTypesAreRefusedNamingTheFieldAndChangeNothing() {
        String login = newLogin();
        String[][] cases = {
                {"\"roles\": \"VIEWER\"", "roles"},
                {"\"roles\": [1]", "roles"},
                {"\"disabled\": \"yes\"", "disabled"},
                {"\"territories\": \"69608000\"", "territories"},
                {"\"indicators\": {\"a\": 1}", "indicators"},
                {"\"password\": 123456789012345", "password"},
                {"\"role\": [\"VIEWER\"]", "role"},
        };
        for (String[] bad : cases) {
            String password = bad[1].equals("password") ? "" : "\"password\": \"" + PASSWORD + "\", ";
            HttpResponse<String> refused = save("{\"login\": \"" + login + "\", " + password + bad[0] + "}");
            assertThat(refused.statusCode()).as(bad[0] + ": " + refused.body()).isEqualTo(400);
            assertThat(server.parse(refused.body()).get("error").asText()).as(bad[0]).contains(bad[1]).contains(" / ");
        }
        HttpResponse<String> notAString = save("{\"login\": 5, \"password\": \"" + PASSWORD + "\"}");
        assertThat(notAString.statusCode()).isEqualTo(400);
        assertThat(notAString.body()).contains("login");
        assertThat(server.application().security().users().user(login)).as("nothing was created").isEmpty();
    }

    @Test
    void roleNamesAreCaseInsensitiveAndAnUnknownOneIsNamed() {
        String login = newLogin();
        HttpResponse<String> created = save("{\"login\": \"" + login + "\", \"password\": \"" + PASSWORD + "\", \"roles\": [\"viewer\", \"Analyst\"]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(stored(login).roles()).containsExactlyInAnyOrder(Role.VIEWER, Role.ANALYST);

        HttpResponse<String> unknown = save("{\"login\": \"" + login + "\", \"roles\": [\"viewer1\"]}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        String error = server.parse(unknown.body()).get("error").asText();
        assertThat(error).contains("Неизвестная роль viewer1").contains("unknown role viewer1").contains("VIEWER")
                .contains("ADMINISTRATOR").doesNotContain("PUBLIC").doesNotContain("ru.vitrina").doesNotContain("enum");
        HttpResponse<String> publicRole = save("{\"login\": \"" + login + "\", \"roles\": [\"public\"]}");
        assertThat(publicRole.statusCode()).isEqualTo(400);
        assertThat(publicRole.body()).contains(" / ");
    }

    @Test
    void theAnonymousLoginABlankPasswordAndUnknownTerritoriesAreRefused() {
        for (String reserved : new String[]{"anonymous", "Anonymous", "system"}) {
            HttpResponse<String> refused = save("{\"login\": \"" + reserved + "\", \"password\": \"" + PASSWORD + "\", \"roles\": [\"VIEWER\"]}");
            assertThat(refused.statusCode()).as(reserved).isEqualTo(400);
            assertThat(refused.body()).contains(reserved).contains(" / ");
        }
        String login = newLogin();
        HttpResponse<String> blank = save("{\"login\": \"" + login + "\", \"password\": \"            \", \"roles\": [\"VIEWER\"]}");
        assertThat(blank.statusCode()).isEqualTo(400);
        assertThat(blank.body()).contains("password");

        HttpResponse<String> unknown = save("{\"login\": \"" + login + "\", \"password\": \"" + PASSWORD + "\","
                + " \"roles\": [\"MUNICIPAL_OFFICER\"], \"territories\": [\"69608000\", \"69999999\"]}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("69999999").doesNotContain("69608000").contains(" / ");
        assertThat(server.application().security().users().user(login)).isEmpty();
        HttpResponse<String> known = save("{\"login\": \"" + login + "\", \"password\": \"" + PASSWORD + "\","
                + " \"roles\": [\"MUNICIPAL_OFFICER\"], \"territories\": [\"69608000\"]}");
        assertThat(known.statusCode()).as(known.body()).isEqualTo(201);
    }

    @Test
    void theLastEnabledAdministratorCannotBeDisabledOrLoseTheRole() throws Exception {
        Store store = Store.inMemory();
        try (Application application = Application.open(VitrinaConfig.DEMO.withPort(0), store);
             VitrinaServer running = new VitrinaServer(application).start("127.0.0.1", 0)) {
            application.security().bootstrap();
            String token = application.security().users().issueToken("admin", "tests", Instant.now().plusSeconds(3600)).secret();
            HttpClient http = HttpClient.newHttpClient();
            java.util.function.Function<String, HttpResponse<String>> save = body -> {
                try {
                    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + running.port() + "/api/v1/admin/users"))
                            .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                            HttpResponse.BodyHandlers.ofString());
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            };
            for (String body : new String[]{"{\"login\": \"admin\", \"disabled\": true}", "{\"login\": \"admin\", \"roles\": []}",
                    "{\"login\": \"admin\", \"roles\": [\"VIEWER\"]}"}) {
                HttpResponse<String> refused = save.apply(body);
                assertThat(refused.statusCode()).as(body + ": " + refused.body()).isEqualTo(409);
                assertThat(refused.body()).contains("администратор").contains("administrator");
            }
            AuthStore.UserAccount admin = application.security().users().user("admin").orElseThrow();
            assertThat(admin.roles()).containsExactly(Role.ADMINISTRATOR);
            assertThat(admin.disabled()).isFalse();

            assertThat(save.apply("{\"login\": \"admin\", \"roles\": [\"ADMINISTRATOR\", \"ANALYST\"]}").statusCode()).isEqualTo(200);
            assertThat(save.apply("{\"login\": \"second\", \"password\": \"" + PASSWORD + "\", \"roles\": [\"administrator\"], \"disabled\": true}")
                    .statusCode()).isEqualTo(201);
            assertThat(save.apply("{\"login\": \"admin\", \"disabled\": true}").statusCode()).as("a disabled administrator does not count")
                    .isEqualTo(409);
            assertThat(save.apply("{\"login\": \"second\", \"disabled\": false}").statusCode()).isEqualTo(200);
            HttpResponse<String> handedOver = save.apply("{\"login\": \"admin\", \"roles\": [\"VIEWER\"]}");
            assertThat(handedOver.statusCode()).as(handedOver.body()).isEqualTo(200);
            JsonNode answer = new com.fasterxml.jackson.databind.ObjectMapper().readTree(handedOver.body());
            assertThat(answer.get("roles").toString()).isEqualTo("[\"VIEWER\"]");
        } finally {
            store.close();
        }
    }
}
