package ru.vitrina.api.security.oidc;

import com.nimbusds.jwt.JWTClaimsSet;
import ru.vitrina.api.security.AuthStore;
import ru.vitrina.engine.access.Role;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Turns the checked claims of an ID token into a Vitrina user, as {@code security.oidc} says: the login claim, the
 * roles its role claim's values are mapped to, and the OKTMO codes of the territory claim. A user the mapping gives no
 * role, or a municipal officer without a territory, is refused: the provider knowing someone is not a right to data.
 */
public final class ClaimMapping {
    private final OidcSettings settings;

    public ClaimMapping(OidcSettings settings) {
        this.settings = requireNonNull(settings, "settings");
    }

    public AuthStore.UserAccount account(JWTClaimsSet claims) {
        List<String> logins = strings(claims.getClaim(settings.loginClaim()));
        if (logins.size() != 1 || logins.get(0).isBlank()) {
            throw new OidcException(403, "В ID-токене нет утверждения " + settings.loginClaim() + " с логином / the ID token has no "
                    + settings.loginClaim() + " claim to use as the login");
        }
        String login = logins.get(0);
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String value : strings(claims.getClaim(settings.rolesClaim()))) {
            Role role = settings.roles().get(value);
            if (role != null) {
                roles.add(role);
            }
        }
        if (roles.isEmpty()) {
            throw new OidcException(403, "Пользователю " + login + " не назначена роль в Витрине; обратитесь к администратору / "
                    + "no Vitrina role is mapped for user " + login + " (claim " + settings.rolesClaim() + ")");
        }
        try {
            return new AuthStore.UserAccount(login, roles, new LinkedHashSet<>(strings(claims.getClaim(settings.territoriesClaim()))),
                    Set.of(), false);
        } catch (IllegalArgumentException e) {
            throw new OidcException(403, e.getMessage());
        }
    }

    /** A claim that is one string or a list of them; anything else counts as absent. */
    private static List<String> strings(Object claim) {
        List<String> values = new ArrayList<>();
        if (claim instanceof String value) {
            values.add(value);
        } else if (claim instanceof Collection<?> many) {
            many.stream().filter(String.class::isInstance).map(String.class::cast).forEach(values::add);
        }
        return values;
    }
}
