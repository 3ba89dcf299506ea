package ru.vitrina.api.security;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

    /** A refusal as every Vitrina route answers one: {@code {"error": ..., "status": ...}}. */
    public static void refuse(Context ctx, int status, String message) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("error", message);
        body.put("status", status);
        ctx.status(status).contentType("application/json; charset=utf-8").result(body.toString());
    }
}
