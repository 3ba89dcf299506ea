package ru.vitrina.api.security.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import ru.vitrina.engine.access.Role;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Signing in through the region's identity provider (section {@code security.oidc} of vitrina.yaml):
 * <pre>
 * oidc:
 *   issuer: https://idp.example/realms/region        # discovery at {issuer}/.well-known/openid-configuration
 *   client_id: vitrina
 *   redirect_uri: https://vitrina.example/login/oidc/callback
 *   scopes: [openid, profile]                        # openid is always asked for
 *   login_claim: preferred_username                  # the claim that becomes the Vitrina login
 *   roles_claim: groups                              # a string or a list of strings
 *   roles: {vitrina-analysts: ANALYST, mo-officers: MUNICIPAL_OFFICER}
 *   territories_claim: oktmo                         # OKTMO codes of the user's municipal formations
 *   title: ЕСИА                                      # the button on the login page
 * </pre>
 * The client secret comes from the environment only ({@code VITRINA_OIDC_CLIENT_SECRET}), never from the file.
 *
 * @param roles a claim value → the Vitrina role it grants; values not listed grant nothing, and a user whom no value
 *              grants a role is refused
 */
public record OidcSettings(URI issuer, String clientId, String clientSecret, URI redirectUri, List<String> scopes,
                           String loginClaim, String rolesClaim, Map<String, Role> roles, String territoriesClaim,
                           String title, Duration timeout) {
    private static final Set<String> KEYS = Set.of("issuer", "client_id", "redirect_uri", "scopes", "login_claim",
            "roles_claim", "roles", "territories_claim", "title", "timeout_seconds");

    public OidcSettings {
        requireNonNull(issuer, "issuer");
        requireNonNull(clientId, "clientId");
        requireNonNull(redirectUri, "redirectUri");
        requireNonNull(loginClaim, "loginClaim");
        requireNonNull(rolesClaim, "rolesClaim");
        requireNonNull(territoriesClaim, "territoriesClaim");
        requireNonNull(title, "title");
        requireNonNull(timeout, "timeout");
        if (!issuer.isAbsolute() || !redirectUri.isAbsolute()) {
            throw new IllegalArgumentException("security.oidc.issuer and redirect_uri must be absolute http(s) addresses");
        }
        if (clientId.isBlank()) {
            throw new IllegalArgumentException("security.oidc.client_id must not be empty");
        }
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("security.oidc.roles maps no claim value to a role: nobody could sign in");
        }
        if (roles.containsValue(Role.PUBLIC)) {
            throw new IllegalArgumentException("security.oidc.roles: PUBLIC is the role of anonymous callers, not of a user");
        }
        List<String> asked = new ArrayList<>(scopes);
        if (!asked.contains("openid")) {
            asked.add(0, "openid");
        }
        scopes = List.copyOf(asked);
        roles = Map.copyOf(roles);
    }

    /** The section as written in vitrina.yaml; the secret is added from the environment later. */
    public static OidcSettings fromYaml(JsonNode section) {
        Iterator<String> names = section.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!KEYS.contains(name)) {
                throw new IllegalArgumentException("unknown setting 'security.oidc." + name + "'; known: "
                        + String.join(", ", KEYS.stream().sorted().toList()));
            }
        }
        List<String> scopes = new ArrayList<>();
        section.path("scopes").forEach(scope -> scopes.add(scope.asText()));
        Map<String, Role> roles = new LinkedHashMap<>();
        section.path("roles").fields().forEachRemaining(entry -> {
            try {
                roles.put(entry.getKey(), Role.valueOf(entry.getValue().asText()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("security.oidc.roles." + entry.getKey() + ": unknown role '"
                        + entry.getValue().asText() + "'; known: " + List.of(Role.values()));
            }
        });
        return new OidcSettings(uri(section, "issuer"), required(section, "client_id"), null, uri(section, "redirect_uri"),
                scopes, section.path("login_claim").asText("preferred_username"), section.path("roles_claim").asText("roles"),
                roles, section.path("territories_claim").asText("oktmo"), section.path("title").asText("ЕСИА"),
                Duration.ofSeconds(section.path("timeout_seconds").asInt(10)));
    }

    public OidcSettings withClientSecret(String secret) {
        return new OidcSettings(issuer, clientId, secret, redirectUri, scopes, loginClaim, rolesClaim, roles,
                territoriesClaim, title, timeout);
    }

    /** Why a production deployment must not start with these settings; empty when it may. */
    public List<String> productionProblems() {
        List<String> problems = new ArrayList<>();
        if (clientSecret == null || clientSecret.isBlank()) {
            problems.add("VITRINA_OIDC_CLIENT_SECRET is not set although security.oidc is configured");
        } else if (clientSecret.length() < 16 || Set.of("secret", "changeme", "change-me", "client-secret", "vitrina")
                .contains(clientSecret.toLowerCase(java.util.Locale.ROOT))) {
            problems.add("VITRINA_OIDC_CLIENT_SECRET is a default or shorter than 16 characters");
        }
        if (!"https".equals(issuer.getScheme()) || !"https".equals(redirectUri.getScheme())) {
            problems.add("security.oidc.issuer and redirect_uri must be https addresses");
        }
        return problems;
    }

    /** Never prints the secret: settings end up in logs and error messages. */
    @Override
    public String toString() {
        return "OidcSettings[issuer=" + issuer + ", clientId=" + clientId + ", clientSecret=" + (clientSecret == null ? "unset" : "***")
                + ", redirectUri=" + redirectUri + ", scopes=" + scopes + ", roles=" + roles + "]";
    }

    private static String required(JsonNode section, String key) {
        JsonNode value = section.get(key);
        if (value == null || value.isNull() || value.asText().isBlank()) {
            throw new IllegalArgumentException("security.oidc." + key + " is required");
        }
        return value.asText();
    }

    private static URI uri(JsonNode section, String key) {
        String value = required(section, key);
        try {
            URI uri = URI.create(value);
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
                throw new IllegalArgumentException("not http(s)");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("security.oidc." + key + " must be an http(s) address, got '" + value + "'");
        }
    }
}
