package ru.vitrina.api.security.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.Route;
import okhttp3.Headers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ru.vitrina.api.config.VitrinaConfig;
import ru.vitrina.api.security.AuditTrail;
import ru.vitrina.api.security.AuthStore;
import ru.vitrina.api.security.SecurityFilter;
import ru.vitrina.api.security.SecuritySettings;
import ru.vitrina.api.server.Application;
import ru.vitrina.api.server.VitrinaServer;
import ru.vitrina.engine.access.Role;
import ru.vitrina.engine.store.Store;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signing in through a real OpenID Connect provider (navikt's mock-oauth2-server: discovery, authorization, token
 * and JWKS endpoints over HTTP on a loopback port, RS256-signed tokens) against a real Vitrina server. The test plays
 * the browser: it follows the redirects itself and carries the cookies.
 */
class OidcLoginTest {
    private static final String ISSUER_ID = "region";
    private static final String CLIENT_ID = "vitrina";
    private static final URI REDIRECT = URI.create("https://vitrina.example/login/oidc/callback");
    private static final Map<String, Role> ROLES = Map.of("vitrina-analysts", Role.ANALYST, "mo-officers", Role.MUNICIPAL_OFFICER);

    private static MockOAuth2Server provider;
    /**
     * Answers the provider's next token request instead of its own handler, to hand Vitrina an ID token the real
     * provider would never issue (another issuer, another audience, another key); discovery and JWKS stay real.
     */
    private static final Queue<OAuth2HttpResponse> NEXT_TOKEN_ANSWER = new ConcurrentLinkedQueue<>();
    private static Running vitrina;
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() {
        provider = new MockOAuth2Server(new TokenOverride());
        provider.start(InetAddress.getLoopbackAddress(), 0);
        vitrina = Running.with(settings(URI.create(provider.issuerUrl(ISSUER_ID).toString())));
    }

    @AfterAll
    static void stop() {
        vitrina.close();
        provider.shutdown();
    }

    private static OidcSettings settings(URI issuer) {
        return new OidcSettings(issuer, CLIENT_ID, "a client secret for tests", REDIRECT, List.of("openid", "profile"),
                "preferred_username", "groups", ROLES, "oktmo", "ЕСИА", Duration.ofSeconds(5));
    }

    @Test
    void aMappedUserSignsInWithPkceStateAndNonceAndGetsTheSessionCookieOfALocalLogin() throws Exception {
        Flow flow = vitrina.begin("/d/budget");
        assertThat(flow.authorization.getPath()).isEqualTo("/" + ISSUER_ID + "/authorize");
        Map<String, String> asked = query(flow.authorization);
        assertThat(asked).containsEntry("response_type", "code").containsEntry("client_id", CLIENT_ID)
                .containsEntry("code_challenge_method", "S256").containsEntry("redirect_uri", REDIRECT.toString())
                .containsKeys("state", "nonce", "code_challenge");
        assertThat(asked.get("scope")).contains("openid");
        assertThat(flow.stateCookie).startsWith(OidcRoutes.STATE_COOKIE + "=" + asked.get("state"));

        provider.enqueueCallback(user("petrova", List.of("mo-officers", "unrelated-group"), List.of("69608000"), 3600));
        HttpResponse<String> done = vitrina.callback(flow, flow.authorize());
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        assertThat(done.body()).contains("url=/d/budget");
        String setCookie = done.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(SecurityFilter.SESSION_COOKIE + "=")).findFirst().orElseThrow();
        assertThat(setCookie).contains("HttpOnly").contains("Secure").containsIgnoringCase("SameSite=Strict");

        JsonNode me = vitrina.me(setCookie.substring(0, setCookie.indexOf(';')));
        assertThat(me.get("login").asText()).isEqualTo("petrova");
        assertThat(me.get("roles").toString()).isEqualTo("[\"MUNICIPAL_OFFICER\"]");
        assertThat(me.get("territories").toString()).isEqualTo("[\"69608000\"]");
        assertThat(vitrina.users().checkPassword("petrova", "")).as("no password exists for a provider's user").isEmpty();

        JsonNode logins = vitrina.audit("petrova", "login");
        assertThat(logins).hasSize(1);
        assertThat(logins.get(0).get("detail").asText()).contains("oidc").contains(provider.issuerUrl(ISSUER_ID).toString());

        // The provider decides at every login: new groups give new roles.
        provider.enqueueCallback(user("petrova", List.of("vitrina-analysts"), List.of(), 3600));
        Flow again = vitrina.begin("/");
        HttpResponse<String> second = vitrina.callback(again, again.authorize());
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(vitrina.users().user("petrova").orElseThrow().roles()).containsExactly(Role.ANALYST);
    }

    @Test
    void aCallbackWithAnotherStateOrWithoutTheBrowsersCookieOrReplayedIsRefused() throws Exception {
        Flow flow = vitrina.begin("/");
        provider.enqueueCallback(user("ivanov", List.of("vitrina-analysts"), List.of(), 3600));
        URI returned = flow.authorize();
        Map<String, String> back = query(returned);

        HttpResponse<String> forged = vitrina.send("/login/oidc/callback?code=" + back.get("code") + "&state=forged", flow.stateCookie);
        assertRefused(forged, 401, "state");
        HttpResponse<String> otherBrowser = vitrina.send("/login/oidc/callback?code=" + back.get("code") + "&state=" + back.get("state"), null);
        assertRefused(otherBrowser, 401, "state");
        // The refused attempt used the pending sign-in up: it cannot be completed afterwards either.
        assertRefused(vitrina.callback(flow, returned), 401, "state");
        assertThat(vitrina.audit("-", "login_failed").toString()).contains("oidc: ").contains("state");
    }

    @Test
    void anIdTokenWithAnotherNonceIsRefused() throws Exception {
        Flow flow = vitrina.begin("/");
        provider.enqueueCallback(user("sidorov", List.of("vitrina-analysts"), List.of(), 3600));
        // The provider puts into the ID token the nonce it was sent: a nonce not of this sign-in.
        URI tampered = URI.create(flow.authorization.toString().replace("nonce=" + query(flow.authorization).get("nonce"), "nonce=replayed"));
        HttpResponse<String> answer = vitrina.callback(flow, new Flow(tampered, flow.stateCookie).authorize());
        assertRefused(answer, 401, "nonce");
        assertThat(vitrina.users().user("sidorov")).isEmpty();
    }

    @Test
    void anExpiredIdTokenIsRefused() throws Exception {
        Flow flow = vitrina.begin("/");
        provider.enqueueCallback(user("expired", List.of("vitrina-analysts"), List.of(), -3600));
        assertRefused(vitrina.callback(flow, flow.authorize()), 401, "expired");
        // An ID token that does not verify names nobody: its claims are not believed.
        assertThat(vitrina.audit("-", "login_failed").toString()).contains("expired");
        assertThat(vitrina.users().user("expired")).isEmpty();
    }

    @Test
    void anIdTokenOfAnotherIssuerOrForAnotherClientIsRefused() throws Exception {
        Flow issuer = vitrina.begin("/");
        URI issuerReturned = issuer.authorize();
        answerNextTokenRequest(forgedToken(issuer, ISSUER_ID, Map.of("iss", "https://evil.example/region")));
        assertRefused(vitrina.callback(issuer, issuerReturned), 401, "issuer");

        Flow audience = vitrina.begin("/");
        URI audienceReturned = audience.authorize();
        answerNextTokenRequest(forgedToken(audience, ISSUER_ID, Map.of("aud", "another-client")));
        assertRefused(vitrina.callback(audience, audienceReturned), 401, "audience");
        assertThat(vitrina.users().user("forger")).isEmpty();
    }

    @Test
    void anIdTokenSignedWithAKeyNotInTheProvidersJwksIsRefused() throws Exception {
        Flow flow = vitrina.begin("/");
        URI returned = flow.authorize();
        // Right claims, signed with the key of another issuer of the same provider: not a key in this issuer's JWKS.
        answerNextTokenRequest(forgedToken(flow, "another-issuer", Map.of()));
        assertRefused(vitrina.callback(flow, returned), 401, "signature");
        assertThat(vitrina.users().user("forger")).isEmpty();

        // The same claims signed with the issuer's own key pass: the refusal above was the key's doing alone.
        Flow control = vitrina.begin("/");
        URI controlReturned = control.authorize();
        answerNextTokenRequest(forgedToken(control, ISSUER_ID, Map.of("preferred_username", "signed-right")));
        HttpResponse<String> accepted = vitrina.callback(control, controlReturned);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
    }

    @Test
    void aUserWithoutAMappedRoleOrAMunicipalOfficerWithoutATerritoryOrALocalLoginIsRefused() throws Exception {
        Flow unmapped = vitrina.begin("/");
        provider.enqueueCallback(user("stranger", List.of("citizens"), List.of(), 3600));
        assertRefused(vitrina.callback(unmapped, unmapped.authorize()), 403, "no Vitrina role");

        Flow withoutTerritory = vitrina.begin("/");
        provider.enqueueCallback(user("nowhere", List.of("mo-officers"), List.of(), 3600));
        assertRefused(vitrina.callback(withoutTerritory, withoutTerritory.authorize()), 403, "territor");

        vitrina.users().saveUser(new AuthStore.UserAccount("localadmin", EnumSet.of(Role.ADMINISTRATOR), Set.of(), Set.of(), false),
                "a local password 123");
        Flow takeover = vitrina.begin("/");
        provider.enqueueCallback(user("localadmin", List.of("vitrina-analysts"), List.of(), 3600));
        assertRefused(vitrina.callback(takeover, takeover.authorize()), 403, "local user");
        assertThat(vitrina.users().user("localadmin").orElseThrow().roles()).containsExactly(Role.ADMINISTRATOR);
        assertThat(vitrina.users().user("stranger")).isEmpty();
    }

    @Test
    void aProviderThatIsDownOrFailsIsAClearBadGatewayNeverAServerError() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (Running down = Running.with(settings(URI.create("http://127.0.0.1:" + closedPort + "/region")))) {
            HttpResponse<String> answer = down.send("/login/oidc?next=/", null);
            assertRefused(answer, 502, "cannot be reached");
            assertThat(down.audit("-", "login_failed").toString()).contains("cannot be reached");
        }

        Flow flow = vitrina.begin("/");
        URI returned = flow.authorize();
        NEXT_TOKEN_ANSWER.add(new OAuth2HttpResponse(Headers.of("Content-Type", "application/json"), 500,
                "{\"error\": \"server_error\"}", null));
        assertRefused(vitrina.callback(flow, returned), 502, "answered 500");
    }

    @Test
    void withoutOidcSettingsTheRoutesSayItIsNotConfigured() throws Exception {
        try (Running local = Running.with(null)) {
            assertRefused(local.send("/login/oidc", null), 404, "not configured");
            assertRefused(local.send("/login/oidc/callback?code=x&state=y", null), 404, "not configured");
            assertThat(local.send("/login", null).body()).doesNotContain("/login/oidc");
        }
        assertThat(vitrina.send("/login", null).body()).contains("/login/oidc?next=").contains("ЕСИА");
    }

    private static void assertRefused(HttpResponse<String> answer, int status, String reason) throws IOException {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("error").asText()).contains(reason).contains(" / ").doesNotContain("Exception");
        assertThat(answer.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith(SecurityFilter.SESSION_COOKIE + "="));
    }

    private static DefaultOAuth2TokenCallback user(String login, List<String> groups, List<String> territories, long expirySeconds) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("preferred_username", login);
        claims.put("groups", groups);
        claims.put("oktmo", territories);
        return new DefaultOAuth2TokenCallback(ISSUER_ID, "sub-" + login, "JWT", null, claims, expirySeconds);
    }

    /** An ID token for this sign-in (its nonce) with the issuer's claims, signed with the key of {@code signer}. */
    private static String forgedToken(Flow flow, String signer, Map<String, Object> overrides) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", provider.issuerUrl(ISSUER_ID).toString());
        claims.put("aud", CLIENT_ID);
        claims.put("sub", "forger");
        claims.put("nonce", query(flow.authorization).get("nonce"));
        claims.put("preferred_username", "forger");
        claims.put("groups", List.of("vitrina-analysts"));
        claims.putAll(overrides);
        // The provider's own token maker, which (unlike its endpoints) takes iss and aud as given.
        return provider.getConfig().getTokenProvider().jwt(claims, Duration.ofHours(1), signer).serialize();
    }

    private static void answerNextTokenRequest(String idToken) {
        NEXT_TOKEN_ANSWER.add(new OAuth2HttpResponse(Headers.of("Content-Type", "application/json"), 200,
                "{\"access_token\": \"x\", \"token_type\": \"Bearer\", \"id_token\": \"" + idToken + "\"}", null));
    }

    /** A route of the provider's own router, consulted before its handlers: the token endpoint's queued answers. */
    private static final class TokenOverride implements Route {
        @Override
        public boolean match(OAuth2HttpRequest request) {
            return request.getUrl().encodedPath().equals("/" + ISSUER_ID + "/token") && !NEXT_TOKEN_ANSWER.isEmpty();
        }

        @Override
        public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
            return NEXT_TOKEN_ANSWER.remove();
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int equals = pair.indexOf('=');
            values.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    private static HttpResponse<String> get(URI uri, String cookie) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** One sign-in as the browser sees it: where Vitrina sent it and the state cookie it was given. */
    private record Flow(URI authorization, String stateCookie) {
        /** The provider's login (non-interactive here): where it sends the browser back, with code and state. */
        URI authorize() throws IOException, InterruptedException {
            HttpResponse<String> answer = get(authorization, null);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(302);
            URI back = URI.create(answer.headers().firstValue("Location").orElseThrow());
            assertThat(back.toString()).startsWith(REDIRECT.toString());
            return back;
        }
    }

    /** A Vitrina server over an empty in-memory store, with these OIDC settings. */
    private record Running(Store store, Application application, VitrinaServer server) implements AutoCloseable {
        static Running with(OidcSettings oidc) {
            Store store = Store.inMemory();
            Application application = Application.open(VitrinaConfig.DEMO.withSecurity(SecuritySettings.DEMO.withOidc(oidc)), store);
            return new Running(store, application, new VitrinaServer(application).start("127.0.0.1", 0));
        }

        AuthStore users() {
            return application.security().users();
        }

        HttpResponse<String> send(String path, String cookie) throws IOException, InterruptedException {
            return get(URI.create("http://127.0.0.1:" + server.port() + path), cookie);
        }

        Flow begin(String next) throws IOException, InterruptedException {
            HttpResponse<String> answer = send("/login/oidc?next=" + next, null);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(303);
            String cookie = answer.headers().allValues("Set-Cookie").stream()
                    .filter(c -> c.startsWith(OidcRoutes.STATE_COOKIE + "=")).findFirst().orElseThrow();
            assertThat(cookie).contains("HttpOnly").containsIgnoringCase("SameSite=Lax");
            return new Flow(URI.create(answer.headers().firstValue("Location").orElseThrow()), cookie.substring(0, cookie.indexOf(';')));
        }

        /** Comes back to Vitrina from the provider in the browser that began this sign-in. */
        HttpResponse<String> callback(Flow flow, URI returned) throws IOException, InterruptedException {
            return send(OidcRoutes.CALLBACK + "?" + returned.getRawQuery(), flow.stateCookie());
        }

        JsonNode me(String sessionCookie) throws IOException, InterruptedException {
            return JSON.readTree(send("/api/v1/auth/me", sessionCookie).body());
        }

        JsonNode audit(String login, String event) throws Exception {
            return application.security().audit().find(new AuditTrail.Query(login, event, "/login/oidc", null, null, null, 100));
        }

        @Override
        public void close() {
            server.close();
            application.close();
            store.close();
        }
    }
}
