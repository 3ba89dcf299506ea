package ru.vitrina.api.security;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import ru.vitrina.api.config.VitrinaConfig;
import ru.vitrina.api.server.Application;
import ru.vitrina.api.server.TestServer;
import ru.vitrina.engine.access.Role;
import ru.vitrina.engine.store.Store;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Logins, sessions, CSRF, tokens and the route table, against the real server on loopback. */
class AuthenticationTest {
    private static final String PASSWORD = "correct horse battery";
    private final TestServer server = TestServer.shared();

    private static String loginBody(String login, String password) {
        return "{\"login\": \"" + login + "\", \"password\": \"" + password + "\"}";
    }

    private String newUser(Set<Role> roles, Set<String> territories) {
        String login = "u" + Long.toString(System.nanoTime(), 36);
        server.application().security().users().saveUser(new AuthStore.UserAccount(login, roles, territories, Set.of(), false), PASSWORD);
        return login;
    }

    @Test
    void aBrowserSessionIsAnHttpOnlySecureStrictCookieAndStateChangesNeedTheCsrfToken() {
        String login = newUser(EnumSet.of(Role.ANALYST), Set.of());
        HttpResponse<String> response = server.post("/api/v1/auth/login", loginBody(login, PASSWORD));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String setCookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith(SecurityFilter.SESSION_COOKIE + "=").contains("HttpOnly").contains("Secure")
                .containsIgnoringCase("SameSite=Strict");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        String csrf = server.parse(response.body()).get("csrfToken").asText();
        assertThat(csrf).hasSizeGreaterThan(30);

        TestServer.Caller anonymous = server.as(Role.PUBLIC);
        HttpResponse<String> me = anonymous.send(anonymous.request("/api/v1/auth/me").header("Cookie", cookie).GET().build());
        assertThat(server.parse(me.body()).get("login").asText()).isEqualTo(login);
        HttpResponse<String> meta = anonymous.send(anonymous.request("/api/v1/meta").header("Cookie", cookie).GET().build());
        assertThat(meta.statusCode()).isEqualTo(200);

        String tokenBody = "{\"name\": \"script\", \"days\": 7}";
        HttpResponse<String> withoutCsrf = anonymous.send(anonymous.request("/api/v1/auth/tokens").header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.ofString(tokenBody)).build());
        assertThat(withoutCsrf.statusCode()).isEqualTo(403);
        assertThat(withoutCsrf.body()).contains("X-CSRF-Token");
        HttpResponse<String> withCsrf = anonymous.send(anonymous.request("/api/v1/auth/tokens").header("Cookie", cookie)
                .header(SecurityFilter.CSRF_HEADER, csrf).POST(HttpRequest.BodyPublishers.ofString(tokenBody)).build());
        assertThat(withCsrf.statusCode()).as(withCsrf.body()).isEqualTo(201);

        HttpResponse<String> logout = anonymous.send(anonymous.request("/api/v1/auth/logout").header("Cookie", cookie)
                .header(SecurityFilter.CSRF_HEADER, csrf).POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(logout.statusCode()).isEqualTo(204);
        HttpResponse<String> after = anonymous.send(anonymous.request("/api/v1/meta").header("Cookie", cookie).GET().build());
        assertThat(after.statusCode()).as("the session ended on the server, not only in the browser").isEqualTo(401);
    }

    @Test
    void aWrongPasswordAnUnknownLoginAndADisabledUserAreRefusedAlike() {
        String login = newUser(EnumSet.of(Role.VIEWER), Set.of());
        HttpResponse<String> wrong = server.post("/api/v1/auth/login", loginBody(login, "not the password"));
        HttpResponse<String> unknown = server.post("/api/v1/auth/login", loginBody("nobody-" + login, PASSWORD));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).isEqualTo(unknown.body());
        server.application().security().users().saveUser(new AuthStore.UserAccount(login, EnumSet.of(Role.VIEWER), Set.of(), Set.of(), true), null);
        assertThat(server.post("/api/v1/auth/login", loginBody(login, PASSWORD)).statusCode()).isEqualTo(401);
        assertThat(server.post("/api/v1/auth/login", "{\"login\": \"x\"}").statusCode()).isEqualTo(400);
        assertThat(server.post("/api/v1/auth/login", "not json").statusCode()).isEqualTo(400);
    }

    @Test
    void apiTokensAreShownOnceStoredHashedExpireAndCanBeRevoked() throws Exception {
        TestServer.Caller analyst = server.as(Role.ANALYST);
        HttpResponse<String> issued = analyst.post("/api/v1/auth/tokens", "{\"name\": \"nightly export\", \"days\": 1}");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        JsonNode token = server.parse(issued.body());
        String secret = token.get("token").asText();
        assertThat(secret).startsWith(AuthStore.TOKEN_PREFIX);

        TestServer.Caller script = server.withAuthorization("Bearer " + secret);
        assertThat(script.get("/api/v1/meta").statusCode()).isEqualTo(200);
        HttpResponse<String> listed = analyst.get("/api/v1/auth/tokens");
        assertThat(listed.body()).contains(token.get("id").asText()).doesNotContain(secret);
        try (var statement = server.application().security().users().connection().createStatement();
             var rows = statement.executeQuery("SELECT count(*) FROM auth.tokens WHERE secret_hash = '" + Secrets.sha256(secret) + "'")) {
            rows.next();
            assertThat(rows.getInt(1)).as("only the hash is stored").isEqualTo(1);
        }

        assertThat(server.as(Role.VIEWER).send(server.as(Role.VIEWER).request("/api/v1/auth/tokens/" + token.get("id").asText())
                .DELETE().build()).statusCode()).as("another user cannot revoke it").isEqualTo(404);
        assertThat(analyst.send(analyst.request("/api/v1/auth/tokens/" + token.get("id").asText()).DELETE().build()).statusCode()).isEqualTo(204);
        HttpResponse<String> revoked = script.get("/api/v1/meta");
        assertThat(revoked.statusCode()).isEqualTo(401);
        assertThat(revoked.body()).contains("revoked or expired");

        AuthStore.IssuedToken expired = server.application().security().users().issueToken("analyst", "old", Instant.now().minusSeconds(1));
        assertThat(server.withAuthorization("Bearer " + expired.secret()).get("/api/v1/meta").statusCode()).isEqualTo(401);
        assertThat(server.withAuthorization("Bearer vt_forged").get("/api/v1/meta").statusCode()).isEqualTo(401);
        assertThat(analyst.post("/api/v1/auth/tokens", "{\"name\": \"forever\", \"days\": 100000}").statusCode()).isEqualTo(400);
    }

    @Test
    void aTokensLifetimeMustBeAWholeNumberOfDaysUpToTheMaximum() {
        TestServer.Caller analyst = server.as(Role.ANALYST);
        long maxDays = server.application().security().settings().tokenTtl().toDays();
        HttpResponse<String> huge = analyst.post("/api/v1/auth/tokens", "{\"name\": \"huge\", \"days\": 99999999999999999999}");
        assertThat(huge.statusCode()).isEqualTo(400);
        assertThat(server.parse(huge.body()).get("error").asText())
                .isEqualTo("Срок токена от 1 до " + maxDays + " дней, получено 99999999999999999999 / a token lives 1–" + maxDays
                        + " days, got 99999999999999999999");
        for (String days : List.of("\"30\"", "1.5", "true", "[30]")) {
            HttpResponse<String> refused = analyst.post("/api/v1/auth/tokens", "{\"name\": \"typed\", \"days\": " + days + "}");
            assertThat(refused.statusCode()).as(days + ": " + refused.body()).isEqualTo(400);
            assertThat(server.parse(refused.body()).get("error").asText()).as(days)
                    .startsWith("Поле days — целое число дней").contains("the days field takes a whole number of days, got " + days);
        }
        assertThat(analyst.post("/api/v1/auth/tokens", "{\"name\": \"default\", \"days\": null}").statusCode()).isEqualTo(201);
    }

    @Test
    void anAuthorizationHeaderWithoutCredentialsSaysTheyAreMissing() {
        for (String header : List.of("Bearer ", "Bearer", "bearer  ")) {
            HttpResponse<String> response = server.withAuthorization(header).get("/api/v1/meta");
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(server.parse(response.body()).get("error").asText()).as("'" + header + "'")
                    .isEqualTo("В заголовке Authorization нет токена после Bearer / the token is missing after Bearer in the Authorization header");
        }
        HttpResponse<String> basic = server.withAuthorization("Basic ").get("/api/v1/meta");
        assertThat(server.parse(basic.body()).get("error").asText()).contains("the credentials are missing after Basic");
    }

    @Test
    void aLoginWithoutCredentialsIs400NamingTheMissingFields() {
        HttpResponse<String> empty = server.post("/api/v1/auth/login", "");
        assertThat(empty.statusCode()).as(empty.body()).isEqualTo(400);
        assertThat(server.parse(empty.body()).get("error").asText()).isEqualTo("Не заданы login, password / missing login, password");
        HttpResponse<String> noPassword = server.post("/api/v1/auth/login", "{\"login\": \"analyst\"}");
        assertThat(server.parse(noPassword.body()).get("error").asText()).isEqualTo("Не заданы password / missing password");

        TestServer.Caller browser = server.as(Role.PUBLIC);
        for (String form : List.of("", "login=analyst", "next=%2Fd%2Fopen-budget")) {
            HttpResponse<String> page = browser.send(browser.request("/login").header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build());
            assertThat(page.statusCode()).as(form).isEqualTo(400);
            assertThat(page.body()).as(form).contains(form.startsWith("login=") ? "missing password" : "missing login, password")
                    .doesNotContain("wrong login or password");
        }
    }

    @Test
    void disablingAUserRevokesHisTokensAndSessionsForGood() {
        String login = newUser(EnumSet.of(Role.ANALYST), Set.of());
        String token = server.application().security().users().issueToken(login, "script", Instant.now().plusSeconds(3600)).secret();
        HttpResponse<String> signedIn = server.post("/api/v1/auth/login", loginBody(login, PASSWORD));
        String setCookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        TestServer.Caller script = server.withAuthorization("Bearer " + token);
        TestServer.Caller browser = server.as(Role.PUBLIC);
        assertThat(script.get("/api/v1/meta").statusCode()).isEqualTo(200);

        TestServer.Caller administrator = server.as(Role.ADMINISTRATOR);
        assertThat(administrator.post("/api/v1/admin/users", "{\"login\": \"" + login + "\", \"disabled\": true}").statusCode()).isEqualTo(200);
        assertThat(administrator.post("/api/v1/admin/users", "{\"login\": \"" + login + "\", \"disabled\": false}").statusCode()).isEqualTo(200);

        assertThat(script.get("/api/v1/meta").statusCode()).as("the token stays revoked").isEqualTo(401);
        assertThat(server.application().security().users().tokens(login)).allSatisfy(t -> assertThat(t.revokedAt()).isNotNull());
        assertThat(browser.send(browser.request("/api/v1/meta").header("Cookie", cookie).GET().build()).statusCode())
                .as("the session stays ended").isEqualTo(401);
        assertThat(server.post("/api/v1/auth/login", loginBody(login, PASSWORD)).statusCode()).as("the user may sign in again").isEqualTo(200);
    }

    @Test
    void httpBasicServesJdbcClientsWithAPasswordOrAToken() {
        String basic = Base64.getEncoder().encodeToString(("analyst:" + server.token(Role.ANALYST)).getBytes(StandardCharsets.UTF_8));
        assertThat(server.withAuthorization("Basic " + basic).get("/api/v1/meta").statusCode()).isEqualTo(200);
        String login = newUser(EnumSet.of(Role.ANALYST), Set.of());
        String password = Base64.getEncoder().encodeToString((login + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertThat(server.withAuthorization("Basic " + password).get("/api/v1/meta").statusCode()).isEqualTo(200);
        String wrong = Base64.getEncoder().encodeToString((login + ":nope").getBytes(StandardCharsets.UTF_8));
        assertThat(server.withAuthorization("Basic " + wrong).get("/api/v1/meta").statusCode()).isEqualTo(401);
        assertThat(server.withAuthorization("Digest x").get("/api/v1/meta").statusCode()).isEqualTo(401);
    }

    /** Every rule of routes.yaml: without a login 401 (or public), with each role outside the rule 403. */
    @TestFactory
    Stream<DynamicTest> everyRouteRefusesTheAnonymousAndTheWrongRoles() {
        List<DynamicTest> tests = new ArrayList<>();
        for (RouteRules.Rule rule : server.application().security().rules().rules()) {
            String path = rule.path().replace("/**", "/x").replaceAll("\\{[^}]+}", "x");
            for (String method : rule.methods()) {
                tests.add(DynamicTest.dynamicTest(method + " " + rule.path(), () -> {
                    HttpResponse<String> anonymous = call(server.as(Role.PUBLIC), method, path);
                    if (rule.isPublic()) {
                        // The filter lets it through; the handler may still refuse the probe's body (POST /login: 401).
                        assertThat(anonymous.body()).doesNotContain("sign in first").doesNotContain("forbidden for");
                        return;
                    }
                    assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(401);
                    assertThat(anonymous.headers().firstValue("WWW-Authenticate")).isPresent();
                    for (Role role : Role.values()) {
                        HttpResponse<String> response = call(server.as(role), method, path);
                        if (role == Role.PUBLIC) {
                            continue;
                        }
                        if (rule.roles().contains(role)) {
                            assertThat(response.statusCode()).as(role + ": " + response.body()).isNotIn(401, 403);
                        } else {
                            assertThat(response.statusCode()).as(role + ": " + response.body()).isEqualTo(403);
                        }
                    }
                }));
            }
        }
        return tests.stream();
    }

    private static HttpResponse<String> call(TestServer.Caller caller, String method, String path) {
        // A body that no handler accepts: the test is about who gets in, and no call may change anything.
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.ofString("{\"probe\": true}");
        return caller.send(caller.request(path).method(method, method.equals("GET") || method.equals("DELETE")
                ? HttpRequest.BodyPublishers.noBody() : body).build());
    }

    @Test
    void unknownRoutesAre404AndKnownPathsWithAnotherMethod405BeforeAnyLogin() {
        assertThat(server.get("/api/v1/nothing-here").statusCode()).isEqualTo(404);
        assertThat(server.get("/etc/passwd").statusCode()).isEqualTo(404);
        assertThat(server.as(Role.ADMINISTRATOR).send(server.as(Role.ADMINISTRATOR).request("/api/v1/sql").DELETE().build())
                .statusCode()).isEqualTo(405);
    }

    @Test
    void pagesSendAnonymousBrowsersToTheLoginFormAndItComesBackOnlyToThisSite() {
        TestServer.Caller anonymous = server.as(Role.PUBLIC);
        HttpResponse<String> page = anonymous.send(anonymous.request("/d/governor").header("Accept", "text/html").GET().build());
        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.headers().firstValue("Location")).hasValue("/login?next=%2Fd%2Fgovernor");
        assertThat(server.get("/login").body()).contains("<form method=\"post\" action=\"/login\">").doesNotContain("<script");
        assertThat(AuthRoutes.safeNext("https://evil.example/")).isEqualTo("/");
        assertThat(AuthRoutes.safeNext("//evil.example/")).isEqualTo("/");
        assertThat(AuthRoutes.safeNext("/\\evil.example/")).isEqualTo("/");
        assertThat(AuthRoutes.safeNext("/d/governor?wall=1")).isEqualTo("/d/governor?wall=1");

        HttpResponse<String> form = anonymous.send(anonymous.request("/login").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("login=viewer&password=wrong&next=%2Fd%2Fgovernor")).build());
        assertThat(form.statusCode()).isEqualTo(401);
        assertThat(form.body()).contains("Неверный логин или пароль");
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders() {
        for (HttpResponse<String> response : List.of(server.get("/health"), server.get("/api/v1/meta"), server.get("/nothing"),
                server.as(Role.VIEWER).get("/d/governor"))) {
            assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(response.headers().firstValue("Content-Security-Policy").orElseThrow())
                    .contains("script-src 'self';").contains("frame-ancestors 'none'").doesNotContain("unsafe-eval");
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).as("CORS is off").isEmpty();
        }
    }

    @Test
    void loginsAreThrottledPerLoginAndAddressWith429() {
        Store store = Store.inMemory();
        VitrinaConfig config = VitrinaConfig.DEMO.withPort(0).withSecurity(SecuritySettings.DEMO.withLimits(1_000_000, 3));
        try (Application application = Application.open(config, store);
             ru.vitrina.api.server.VitrinaServer running = new ru.vitrina.api.server.VitrinaServer(application).start("127.0.0.1", 0)) {
            application.security().bootstrap();
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                statuses.add(http.send(HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + running.port() + "/api/v1/auth/login"))
                        .POST(HttpRequest.BodyPublishers.ofString(loginBody("analyst", "guess" + i))).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode());
            }
            assertThat(statuses).containsExactly(401, 401, 401, 429, 429);
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            store.close();
        }
    }

    @Test
    void productionRefusesMissingOrDefaultSecretsAndDemoUsers() {
        for (String password : new String[]{null, "admin", "short"}) {
            Store store = Store.inMemory();
            VitrinaConfig config = VitrinaConfig.DEMO.withSecurity(SecuritySettings.DEMO.withProduction(true).withAdminPassword(password));
            try (Application application = Application.open(config, store)) {
                assertThatThrownBy(() -> application.security().bootstrap()).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("VITRINA_ADMIN_PASSWORD");
            } finally {
                store.close();
            }
        }
        Store store = Store.inMemory();
        VitrinaConfig config = VitrinaConfig.DEMO.withSecurity(SecuritySettings.DEMO.withProduction(true)
                .withAdminPassword("a long and proper secret"));
        try (Application application = Application.open(config, store)) {
            assertThat(application.security().bootstrap()).containsOnlyKeys("admin");
            assertThat(application.security().users().checkPassword("admin", "a long and proper secret")).isPresent();
            application.security().users().saveUser(Security.demoAccounts().get(0), "some password 123");
            assertThatThrownBy(() -> application.security().bootstrap()).hasMessageContaining("demo user 'viewer' is enabled");
        } finally {
            store.close();
        }
    }

    @Test
    void theDemoMakesOneUserPerRoleWithRandomPasswordsOnce() {
        Store store = Store.inMemory();
        try (Application application = Application.open(VitrinaConfig.DEMO, store)) {
            var created = application.security().bootstrap();
            assertThat(created).containsOnlyKeys("viewer", "analyst", "municipal", "dataofficer", "admin");
            created.forEach((login, password) -> assertThat(application.security().users().checkPassword(login, password)).isPresent());
            assertThat(Set.copyOf(created.values())).hasSize(5);
            assertThat(application.security().bootstrap()).as("shown once").isEmpty();
            assertThat(application.security().users().user("municipal").orElseThrow().territories()).containsExactly("69608000");
        } finally {
            store.close();
        }
    }

    @Test
    void passwordHashesAreArgon2idAndVerifyOnlyTheirPassword() {
        PasswordHasher hasher = new PasswordHasher(new java.security.SecureRandom());
        String hash = hasher.hash("пароль");
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(hasher.verify("пароль", hash)).isTrue();
        assertThat(hasher.verify("парол", hash)).isFalse();
        assertThat(hasher.hash("пароль")).as("salted").isNotEqualTo(hash);
        assertThat(hasher.verify("x", "$2a$10$notargon")).isFalse();
    }
}
