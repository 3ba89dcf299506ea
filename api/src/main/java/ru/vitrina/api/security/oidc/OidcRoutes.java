package ru.vitrina.api.security.oidc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jwt.JWTClaimsSet;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import ru.vitrina.api.dashboards.Html;
import ru.vitrina.api.security.AuditTrail;
import ru.vitrina.api.security.AuthRoutes;
import ru.vitrina.api.security.AuthStore;
import ru.vitrina.api.security.Refusal;
import ru.vitrina.api.security.Secrets;
import ru.vitrina.api.security.Security;
import ru.vitrina.api.security.SessionCookie;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Signing in through the identity provider (OpenID Connect authorization-code flow with PKCE):
 * <pre>
 * GET /login/oidc?next=/d/budget     → 303 to the provider, with state, nonce and a PKCE challenge
 * GET /login/oidc/callback?code&state → the code exchanged, the ID token checked, the claims mapped to a user;
 *                                      then the same session cookie as a password login
 * </pre>
 * A sign-in is bound to the browser that started it: its state is also in a short-lived cookie, so a code someone
 * else obtained cannot be planted in another browser (login CSRF). Every outcome goes to the audit trail.
 */
public final class OidcRoutes {
    static final String STATE_COOKIE = "vitrina_oidc";
    static final String CALLBACK = "/login/oidc/callback";
    private static final String START = "/login/oidc";
    /** How long a person may take at the provider's login page. */
    private static final Duration PENDING = Duration.ofMinutes(10);

    private final Security security;
    private final OidcProvider provider;
    private final ClaimMapping mapping;
    private final SessionCookie sessions;
    private final Secrets secrets = new Secrets(new SecureRandom());
    /** Sign-ins started and not yet finished, by state; bounded so that a flood of starts cannot fill the heap. */
    private final Cache<String, Pending> pending = Caffeine.newBuilder().expireAfterWrite(PENDING).maximumSize(10_000).build();

    /** @param provider the identity provider; null when security.oidc is not configured */
    public OidcRoutes(Security security, OidcProvider provider) {
        this.security = requireNonNull(security, "security");
        this.provider = provider;
        this.mapping = provider == null ? null : new ClaimMapping(provider.settings());
        this.sessions = new SessionCookie(security);
    }

    /** The provider of this deployment's settings, or none. */
    public static OidcRoutes of(Security security) {
        OidcSettings settings = security.settings().oidc();
        return new OidcRoutes(security, settings == null ? null : new OidcProvider(settings, security.clock()));
    }

    public void register(JavalinConfig config) {
        config.routes.get(START, this::start);
        config.routes.get(CALLBACK, this::callback);
    }

    private void start(Context ctx) {
        if (notConfigured(ctx)) {
            return;
        }
        String state = secrets.token("");
        String nonce = secrets.token("");
        String verifier = secrets.token("");
        URI target;
        try {
            target = provider.authorizationRequest(state, nonce, verifier);
        } catch (OidcException e) {
            fail(ctx, "-", e);
            return;
        }
        pending.put(state, new Pending(nonce, verifier, AuthRoutes.safeNext(ctx.queryParam("next"))));
        // Lax, not Strict: the provider sends the browser back with a cross-site navigation, which must carry it.
        ctx.cookie(new Cookie(STATE_COOKIE, state, START, (int) PENDING.toSeconds(), security.settings().cookieSecure(), true,
                null, SameSite.LAX));
        ctx.header("Cache-Control", "no-store");
        ctx.redirect(target.toString(), HttpStatus.SEE_OTHER);
    }

    private void callback(Context ctx) {
        if (notConfigured(ctx)) {
            return;
        }
        ctx.header("Cache-Control", "no-store");
        String state = ctx.queryParam("state");
        String cookie = ctx.cookie(STATE_COOKIE);
        ctx.removeCookie(STATE_COOKIE, START);
        Pending started = state == null ? null : pending.asMap().remove(state);
        if (started == null || !Secrets.same(state, cookie)) {
            fail(ctx, "-", new OidcException(401, "Вход начат не в этом браузере или устарел (state); начните снова на /login / "
                    + "the sign-in was not started in this browser or has expired (state); start again at /login"));
            return;
        }
        String error = ctx.queryParam("error");
        String code = ctx.queryParam("code");
        if (error != null || code == null || code.isBlank()) {
            // Only the error code, never the provider's free text: it is reflected from the address bar.
            String cleaned = error == null ? "no code" : error.replaceAll("[^A-Za-z0-9_.-]", "");
            String reason = cleaned.substring(0, Math.min(64, cleaned.length()));
            fail(ctx, "-", new OidcException(401, "Поставщик входа не подтвердил вход (" + reason + ") / the identity provider "
                    + "did not complete the sign-in (" + reason + ")"));
            return;
        }
        String login = "-";
        try {
            JWTClaimsSet claims = provider.signIn(code, started.verifier(), started.nonce());
            login = Optional.ofNullable(claims.getClaim(provider.settings().loginClaim())).map(Object::toString).orElse("-");
            AuthStore.UserAccount account = mapping.account(claims);
            Optional<String> refused = security.users().saveExternalUser(account);
            if (refused.isPresent()) {
                throw new OidcException(403, refused.get());
            }
            sessions.start(ctx, account.principal());
            security.audit().record(new AuditTrail.Entry(account.login(), ctx.ip(), "login", ctx.method().name(), ctx.path(), 200,
                    null, "oidc " + provider.settings().issuer() + " sub=" + claims.getSubject()));
        } catch (OidcException e) {
            fail(ctx, login, e);
            return;
        }
        // A page, not a redirect: the session cookie is SameSite=Strict, and a redirect still belongs to the provider's
        // cross-site navigation, so the browser would not send the new cookie to the next page.
        String next = Html.escape(started.next());
        ctx.contentType("text/html; charset=utf-8").result("<!doctype html><html lang=\"ru\"><head><meta charset=\"utf-8\">"
                + "<meta http-equiv=\"refresh\" content=\"0;url=" + next + "\"><title>Вход / Sign in — Витрина</title></head>"
                + "<body><p><a href=\"" + next + "\">Продолжить <span class=\"en\">continue</span></a></p></body></html>");
    }

    private boolean notConfigured(Context ctx) {
        if (provider != null) {
            return false;
        }
        Refusal.answer(ctx, 404, "Вход через поставщика удостоверений не настроен / sign-in through an identity provider "
                + "is not configured (security.oidc)");
        return true;
    }

    private void fail(Context ctx, String login, OidcException e) {
        security.audit().record(new AuditTrail.Entry(login.length() > 64 ? login.substring(0, 64) : login, ctx.ip(), "login_failed",
                ctx.method().name(), ctx.path(), e.status(), null, "oidc: " + e.getMessage()));
        Refusal.answer(ctx, e.status(), e.getMessage());
    }

    private record Pending(String nonce, String verifier, String next) {
    }
}
