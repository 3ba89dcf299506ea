package ru.vitrina.api.security;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import ru.vitrina.engine.access.Principal;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * The browser session every kind of login ends in (a password, the identity provider): a session in the users file and
 * its cookie (HttpOnly, SameSite=Strict, Secure unless configured otherwise).
 */
public final class SessionCookie {
    private final Security security;

    public SessionCookie(Security security) {
        this.security = requireNonNull(security, "security");
    }

    public AuthStore.NewSession start(Context ctx, Principal principal) {
        Duration ttl = security.settings().sessionTtl();
        AuthStore.NewSession session = security.users().openSession(principal.login(), security.clock().instant().plus(ttl));
        ctx.cookie(new Cookie(SecurityFilter.SESSION_COOKIE, session.id(), "/", (int) ttl.toSeconds(),
                security.settings().cookieSecure(), true, null, SameSite.STRICT));
        return session;
    }
}
