package ru.vitrina.api.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.MethodNotAllowedResponse;
import ru.vitrina.api.format.ResultFormat;
import ru.vitrina.api.format.ResultFormats;
import ru.vitrina.engine.access.Principal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The before-filter every request passes: security headers, body size, who is asking (Bearer token, HTTP Basic for
 * JDBC clients, or the session cookie) and whether {@link RouteRules} lets them call this route. Handlers only ask
 * {@link Access#principal} what the user may see.
 */
public final class SecurityFilter {
    public static final String SESSION_COOKIE = "vitrina_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final String SESSION_ATTRIBUTE = "vitrina.session";
    private static final String RULE_ATTRIBUTE = "vitrina.rule";
    private static final String AUDITED_ATTRIBUTE = "vitrina.audited";

    private final Security security;
    private final ObjectMapper json = new ObjectMapper();
    private final String contentSecurityPolicy;

    public SecurityFilter(Security security) {
        this.security = requireNonNull(security, "security");
        // Styles may be inline: ECharts writes style attributes into its tooltips. Scripts come from files only.
        this.contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                + "img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
                + "form-action 'self'; frame-ancestors " + security.settings().frameAncestors();
    }

    public void handle(Context ctx) {
        headers(ctx);
        Optional<RouteRules.Rule> found = security.rules().find(ctx.method().name(), ctx.path());
        if (found.isEmpty()) {
            if (security.rules().knowsPath(ctx.path())) {
                // Answered where a 405 of the router is, with the same words and Allow header.
                throw new MethodNotAllowedResponse();
            }
            halt(ctx, 404, "Нет такого адреса: " + ctx.path() + " / no such route: " + ctx.path());
            return;
        }
        RouteRules.Rule rule = found.get();
        ctx.attribute(RULE_ATTRIBUTE, rule);
        long length = ctx.req().getContentLengthLong();
        if (length > security.settings().maxBodyBytes()) {
            halt(ctx, 413, "Тело запроса больше " + security.settings().maxBodyBytes() + " байт / request body larger than "
                    + security.settings().maxBodyBytes() + " bytes");
            return;
        }
        Identified identified;
        try {
            identified = identify(ctx);
        } catch (Refused refused) {
            challenge(ctx);
            halt(ctx, 401, refused.getMessage());
            return;
        }
        Access.authenticate(ctx, identified.principal());
        if (identified.session() != null) {
            ctx.attribute(SESSION_ATTRIBUTE, identified.session());
        }
        boolean anonymous = identified.principal() == Principal.anonymous();
        if (!rule.admits(identified.principal(), !rule.isPublic() && asksForFile(ctx))) {
            if (anonymous) {
                refuseAnonymous(ctx);
            } else {
                halt(ctx, 403, "Недостаточно прав: " + ctx.method().name() + " " + ctx.path() + " / forbidden for "
                        + identified.principal().login() + " with roles " + identified.principal().roles());
            }
            return;
        }
        if (rule.changes() && identified.session() != null
                && !Secrets.same(identified.session().csrf(), ctx.header(CSRF_HEADER))) {
            halt(ctx, 403, "Нет или неверен заголовок " + CSRF_HEADER + " / missing or wrong " + CSRF_HEADER
                    + " header (GET /api/v1/auth/me gives it)");
        }
    }

    /** The browser session of this request, if the cookie authenticated it. */
    public static Optional<AuthStore.SessionInfo> session(Context ctx) {
        return Optional.ofNullable(ctx.attribute(SESSION_ATTRIBUTE));
    }

    private void headers(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Content-Security-Policy", contentSecurityPolicy);
        ctx.header("Referrer-Policy", "same-origin");
        if ("'none'".equals(security.settings().frameAncestors())) {
            ctx.header("X-Frame-Options", "DENY");
        }
    }

    private Identified identify(Context ctx) throws Refused {
        String authorization = ctx.header("Authorization");
        if (authorization != null) {
            // The server trims the header, so "Bearer " arrives as the bare scheme: split on the space, if any.
            String[] parts = authorization.trim().split("\\s+", 2);
            String credentials = parts.length > 1 ? parts[1] : "";
            if (parts[0].equalsIgnoreCase("Bearer")) {
                if (credentials.isEmpty()) {
                    throw new Refused("В заголовке Authorization нет токена после Bearer / the token is missing after Bearer in the Authorization header");
                }
                return new Identified(security.users().checkToken(credentials)
                        .orElseThrow(() -> new Refused("Токен неверен, отозван или истёк / the token is unknown, revoked or expired")), null);
            }
            if (parts[0].equalsIgnoreCase("Basic")) {
                if (credentials.isEmpty()) {
                    throw new Refused("В заголовке Authorization нет логина и пароля после Basic / the credentials are missing after Basic in the Authorization header");
                }
                return new Identified(basic(ctx, credentials), null);
            }
            throw new Refused("Поддерживаются Bearer и Basic / only Bearer and Basic authorization are supported");
        }
        String cookie = ctx.cookie(SESSION_COOKIE);
        if (cookie != null) {
            Optional<AuthStore.SessionInfo> session = security.users().session(cookie);
            if (session.isPresent()) {
                return new Identified(session.get().principal(), session.get());
            }
            // An expired or closed session is simply anonymous: public pages still work and the login page is offered.
            ctx.removeCookie(SESSION_COOKIE, "/");
        }
        return new Identified(Principal.anonymous(), null);
    }

    private Principal basic(Context ctx, String encoded) throws Refused {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new Refused("Заголовок Basic не в Base64 / the Basic credentials are not Base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw new Refused("Basic без пароля / Basic credentials without a password");
        }
        String login = decoded.substring(0, colon);
        String ip = ctx.ip();
        long wait = security.throttle().retryAfterSeconds("login:" + login, "ip:" + ip);
        if (wait > 0) {
            throw new Refused("Слишком много неудачных входов, подождите " + wait + " с / too many failed logins, wait " + wait + " s");
        }
        Optional<Principal> principal = security.checkBasic(login, decoded.substring(colon + 1));
        if (principal.isEmpty()) {
            security.throttle().failed("login:" + login, "ip:" + ip);
            security.audit().record(new AuditTrail.Entry(login, ip, "login_failed", ctx.method().name(), ctx.path(), 401, null, "basic"));
            throw new Refused("Неверный логин или пароль / wrong login or password");
        }
        return principal.get();
    }

    private static boolean asksForFile(Context ctx) {
        try {
            return ResultFormats.negotiate(ctx.queryParam("format"), ctx.header("Accept")) != ResultFormat.JSON;
        } catch (RuntimeException e) {
            return false; // the handler answers 400 naming the format
        }
    }

    private void refuseAnonymous(Context ctx) {
        String accept = ctx.header("Accept");
        boolean page = ctx.method().name().equals("GET") && accept != null && accept.contains("text/html")
                && !ctx.path().startsWith("/api/") && !ctx.path().startsWith("/cubejs-api/");
        if (page) {
            String next = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
            ctx.redirect("/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8), io.javalin.http.HttpStatus.SEE_OTHER);
            ctx.skipRemainingHandlers();
            return;
        }
        challenge(ctx);
        halt(ctx, 401, "Нужен вход: " + ctx.path() + " / sign in first (POST /api/v1/auth/login, or Authorization: Bearer <token>)");
    }

    /** Both schemes: scripts use Bearer; JDBC clients (Avatica over HTTP) answer a Basic challenge. */
    private static void challenge(Context ctx) {
        ctx.res().addHeader("WWW-Authenticate", "Bearer realm=\"vitrina\"");
        ctx.res().addHeader("WWW-Authenticate", "Basic realm=\"vitrina\", charset=\"UTF-8\"");
    }

    /**
     * The after-filter: a call of an audited route goes to the audit trail with its status, rows and query text.
     * Refusals were written when they were made.
     */
    public void after(Context ctx) {
        RouteRules.Rule rule = ctx.attribute(RULE_ATTRIBUTE);
        if (rule == null || !rule.audit() || ctx.attribute(AUDITED_ATTRIBUTE) != null) {
            return;
        }
        Number rows = ctx.attribute(AuditTrail.ROWS);
        String query = ctx.queryParam("query");
        String detail = query != null ? query : ctx.method().name().equals("GET") ? ctx.queryString() : ctx.body();
        security.audit().record(new AuditTrail.Entry(Access.principal(ctx).login(), ctx.ip(), "request", ctx.method().name(),
                ctx.path(), ctx.statusCode(), rows == null ? null : rows.longValue(), detail));
    }

    private void halt(Context ctx, int status, String message) {
        if (status == 401 || status == 403 || status == 413) {
            ctx.attribute(AUDITED_ATTRIBUTE, true);
            security.audit().record(new AuditTrail.Entry(Access.principal(ctx).login(), ctx.ip(), "denied", ctx.method().name(),
                    ctx.path(), status, null, message));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("status", status);
        try {
            ctx.status(status).contentType("application/json; charset=utf-8").result(json.writeValueAsString(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        ctx.skipRemainingHandlers();
    }

    private record Identified(Principal principal, AuthStore.SessionInfo session) {
    }

    private static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }
}
