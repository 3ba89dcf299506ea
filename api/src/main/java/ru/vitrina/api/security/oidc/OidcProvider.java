package ru.vitrina.api.security.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import ru.vitrina.api.security.Secrets;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * The identity provider as Vitrina talks to it: its discovery document, the authorization request (code flow with
 * PKCE S256, state and nonce), the code exchange at its token endpoint and the ID token's checks — the signature
 * against the provider's JWKS, then issuer, audience, expiry and nonce. Every failure is an {@link OidcException}
 * with a message for the person signing in.
 */
public final class OidcProvider {
    /** Tolerated difference between the provider's clock and ours when checking exp and iat. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);

    private final OidcSettings settings;
    private final HttpClient http;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    /** The discovery document once it was read; a failed read is tried again at the next login. */
    private final AtomicReference<Endpoints> endpoints = new AtomicReference<>();

    public OidcProvider(OidcSettings settings, Clock clock) {
        this.settings = requireNonNull(settings, "settings");
        this.clock = requireNonNull(clock, "clock");
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public OidcSettings settings() {
        return settings;
    }

    /** Where to send the browser: the provider's authorization endpoint with this login's state, nonce and PKCE challenge. */
    public URI authorizationRequest(String state, String nonce, String codeVerifier) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("response_type", "code");
        parameters.put("client_id", settings.clientId());
        parameters.put("redirect_uri", settings.redirectUri().toString());
        parameters.put("scope", String.join(" ", settings.scopes()));
        parameters.put("state", state);
        parameters.put("nonce", nonce);
        parameters.put("code_challenge", Pkce.challenge(codeVerifier));
        parameters.put("code_challenge_method", "S256");
        String endpoint = endpoints().authorization().toString();
        return URI.create(endpoint + (endpoint.contains("?") ? "&" : "?") + form(parameters));
    }

    /** Exchanges the code for tokens and returns the checked claims of the ID token. */
    public JWTClaimsSet signIn(String code, String codeVerifier, String nonce) {
        Endpoints known = endpoints();
        String idToken = exchange(known, code, codeVerifier);
        return verify(known, idToken, nonce);
    }

    private String exchange(Endpoints known, String code, String codeVerifier) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("grant_type", "authorization_code");
        parameters.put("code", code);
        parameters.put("redirect_uri", settings.redirectUri().toString());
        parameters.put("code_verifier", codeVerifier);
        HttpRequest.Builder request = HttpRequest.newBuilder(known.token()).timeout(settings.timeout())
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json");
        String secret = settings.clientSecret() == null ? "" : settings.clientSecret();
        if (known.secretInBody()) {
            parameters.put("client_id", settings.clientId());
            parameters.put("client_secret", secret);
        } else {
            // RFC 6749 2.3.1: both halves are form-encoded before they are joined.
            String pair = URLEncoder.encode(settings.clientId(), StandardCharsets.UTF_8) + ":" + URLEncoder.encode(secret, StandardCharsets.UTF_8);
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        JsonNode answer = send(request.POST(HttpRequest.BodyPublishers.ofString(form(parameters))).build(), "token endpoint");
        JsonNode idToken = answer.get("id_token");
        if (idToken == null || !idToken.isTextual()) {
            throw new OidcException(502, "Поставщик входа не выдал ID-токен / the identity provider returned no ID token");
        }
        return idToken.asText();
    }

    private JWTClaimsSet verify(Endpoints known, String idToken, String nonce) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, known.keys()));
        processor.setJWTClaimsSetVerifier((claims, context) -> check(claims, known.issuer(), nonce));
        try {
            return processor.process(idToken, null);
        } catch (BadJWTException e) {
            throw new OidcException(401, e.getMessage());
        } catch (BadJOSEException | ParseException e) {
            throw new OidcException(401, "Подпись ID-токена не проверена ключами поставщика / the ID token's signature does not "
                    + "verify against the provider's keys");
        } catch (JOSEException e) {
            throw new OidcException(502, "Ключи поставщика входа недоступны / the identity provider's keys (JWKS) cannot be read");
        }
    }

    /** The claim checks of OpenID Connect Core 3.1.3.7, each refused with its own message. */
    private void check(JWTClaimsSet claims, String issuer, String nonce) throws BadJWTException {
        if (!issuer.equals(claims.getIssuer())) {
            throw new BadJWTException("ID-токен выдан не тем поставщиком / the ID token's issuer is not " + issuer);
        }
        List<String> audience = claims.getAudience();
        if (audience == null || !audience.contains(settings.clientId())) {
            throw new BadJWTException("ID-токен выдан не для Витрины / the ID token's audience does not include " + settings.clientId());
        }
        Instant now = clock.instant();
        Date expires = claims.getExpirationTime();
        if (expires == null || !expires.toInstant().plus(CLOCK_SKEW).isAfter(now)) {
            throw new BadJWTException("Срок ID-токена истёк, войдите снова / the ID token has expired; sign in again");
        }
        Date issued = claims.getIssueTime();
        if (issued == null || issued.toInstant().minus(CLOCK_SKEW).isAfter(now)) {
            throw new BadJWTException("ID-токен выдан в будущем / the ID token's issue time is missing or in the future");
        }
        Object claimed = claims.getClaim("nonce");
        if (!(claimed instanceof String value) || !Secrets.same(value, nonce)) {
            throw new BadJWTException("ID-токен не от этого входа (nonce) / the ID token's nonce is not this sign-in's");
        }
        if (claims.getSubject() == null || claims.getSubject().isBlank()) {
            throw new BadJWTException("В ID-токене нет sub / the ID token has no subject");
        }
    }

    private Endpoints endpoints() {
        Endpoints known = endpoints.get();
        if (known != null) {
            return known;
        }
        URI address = URI.create(stripSlash(settings.issuer().toString()) + "/.well-known/openid-configuration");
        JsonNode document = send(HttpRequest.newBuilder(address).timeout(settings.timeout()).header("Accept", "application/json").GET().build(),
                "discovery document");
        String issuer = document.path("issuer").asText("");
        if (!stripSlash(issuer).equals(stripSlash(settings.issuer().toString()))) {
            throw new OidcException(502, "Поставщик входа назвался другим издателем / the discovery document names issuer '"
                    + issuer + "', not security.oidc.issuer " + settings.issuer());
        }
        Set<String> methods = json.convertValue(document.path("token_endpoint_auth_methods_supported"),
                json.getTypeFactory().constructCollectionType(Set.class, String.class));
        boolean secretInBody = methods != null && !methods.isEmpty() && !methods.contains("client_secret_basic")
                && methods.contains("client_secret_post");
        try {
            URI jwks = endpoint(document, "jwks_uri");
            int millis = (int) settings.timeout().toMillis();
            JWKSource<SecurityContext> keys = JWKSourceBuilder.<SecurityContext>create(jwks.toURL(),
                    new DefaultResourceRetriever(millis, millis, 1_000_000)).build();
            Endpoints discovered = new Endpoints(issuer, endpoint(document, "authorization_endpoint"),
                    endpoint(document, "token_endpoint"), keys, secretInBody);
            endpoints.compareAndSet(null, discovered);
            return endpoints.get();
        } catch (MalformedURLException e) {
            throw new OidcException(502, "Адрес ключей поставщика неверен / the provider's jwks_uri is not a URL");
        }
    }

    private static URI endpoint(JsonNode document, String name) {
        String value = document.path(name).asText("");
        if (!value.startsWith("https://") && !value.startsWith("http://")) {
            throw new OidcException(502, "В документе поставщика нет " + name + " / the discovery document has no " + name);
        }
        return URI.create(value);
    }

    private JsonNode send(HttpRequest request, String what) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new OidcException(502, "Поставщик входа недоступен (" + what + ") / the identity provider cannot be reached ("
                    + what + " at " + request.uri() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OidcException(503, "Вход прерван / the sign-in was interrupted");
        }
        JsonNode body;
        try {
            body = json.readTree(response.body());
        } catch (IOException e) {
            body = null;
        }
        if (response.statusCode() != 200 || body == null || !body.isObject()) {
            // The provider's own error code helps the operator; its description is not repeated to the user.
            String error = body != null && body.hasNonNull("error") ? " (" + body.get("error").asText() + ")" : "";
            throw new OidcException(502, "Поставщик входа ответил ошибкой " + response.statusCode() + error + " / the identity "
                    + "provider answered " + response.statusCode() + error + " at its " + what);
        }
        return body;
    }

    private static String form(Map<String, String> parameters) {
        return parameters.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String stripSlash(String address) {
        return address.endsWith("/") ? address.substring(0, address.length() - 1) : address;
    }

    /** What the discovery document said; the key source fetches and caches the JWKS, refetching for an unknown key id. */
    private record Endpoints(String issuer, URI authorization, URI token, JWKSource<SecurityContext> keys, boolean secretInBody) {
    }
}
