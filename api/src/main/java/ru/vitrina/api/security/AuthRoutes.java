package ru.vitrina.api.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import ru.vitrina.api.dashboards.Html;
import ru.vitrina.engine.access.Principal;
import ru.vitrina.engine.access.Role;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Signing in and out and API tokens:
 * <pre>
 * GET  /login                     the login form (Russian, English beside); POST /login signs in and goes to ?next=
 * POST /api/v1/auth/login         {"login", "password"} → session cookie and {"csrfToken"}
 * POST /api/v1/auth/logout        ends the session
 * GET  /api/v1/auth/me            who am I: login, roles, territories, csrfToken of the session
 * GET  /api/v1/auth/tokens        my API tokens (never their secrets)
 * POST /api/v1/auth/tokens        {"name", "days"} → 201 {"id", "token", "expiresAt"}: the token is shown this once
 * DELETE /api/v1/auth/tokens/{id} revokes one of my tokens
 * GET  /api/v1/admin/users        users (administrators)
 * POST /api/v1/admin/users        {"login", "password"?, "roles", "territories", "indicators", "disabled"} creates or changes one
 * </pre>
 */
public final class AuthRoutes {
    private final Security security;
    private final SessionCookie sessions;
    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules()
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    public AuthRoutes(Security security) {
        this.security = requireNonNull(security, "security");
        this.sessions = new SessionCookie(security);
    }

    public void register(JavalinConfig config) {
        SecurityFilter filter = new SecurityFilter(security);
        config.routes.before(filter::handle);
        config.routes.after(filter::after);
        config.routes.get("/api/v1/admin/audit", this::audit);
        config.routes.get("/login", this::loginPage);
        config.routes.post("/login", this::loginForm);
        config.routes.post("/api/v1/auth/login", this::login);
        config.routes.post("/api/v1/auth/logout", this::logout);
        config.routes.get("/api/v1/auth/me", this::me);
        config.routes.get("/api/v1/auth/tokens", this::tokens);
        config.routes.post("/api/v1/auth/tokens", this::issueToken);
        config.routes.delete("/api/v1/auth/tokens/{id}", this::revokeToken);
        config.routes.get("/api/v1/admin/users", this::users);
        config.routes.post("/api/v1/admin/users", this::saveUser);
        ru.vitrina.api.security.oidc.OidcRoutes.of(security).register(config);
    }

    private void login(Context ctx) throws IOException {
        JsonNode body = readJson(ctx);
        if (body == null) {
            return;
        }
        String login = body.path("login").asText("");
        String password = body.path("password").asText("");
        if (login.isEmpty() || password.isEmpty()) {
            error(ctx, 400, "Нужны login и password / login and password are required");
            return;
        }
        Optional<Principal> principal = checkPassword(ctx, login, password);
        if (principal.isEmpty()) {
            return;
        }
        AuthStore.NewSession session = sessions.start(ctx, principal.get());
        ObjectNode answer = describe(principal.get());
        answer.put("csrfToken", session.csrf());
        ctx.json(answer);
    }

    private void loginForm(Context ctx) {
        String login = Optional.ofNullable(ctx.formParam("login")).orElse("");
        String password = Optional.ofNullable(ctx.formParam("password")).orElse("");
        String next = safeNext(ctx.formParam("next"));
        Optional<Principal> principal = login.isEmpty() || password.isEmpty() ? Optional.empty() : checkPassword(ctx, login, password);
        if (principal.isEmpty()) {
            if (ctx.statusCode() != 429) {
                ctx.status(401);
            }
            ctx.contentType("text/html; charset=utf-8").result(loginHtml(next, true, providerTitle()));
            return;
        }
        sessions.start(ctx, principal.get());
        ctx.redirect(next, HttpStatus.SEE_OTHER);
    }

    private void loginPage(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        ctx.contentType("text/html; charset=utf-8").result(loginHtml(safeNext(ctx.queryParam("next")), false, providerTitle()));
    }

    /** The password check behind both login routes: throttled per login and per address; sets 401 or 429. */
    private Optional<Principal> checkPassword(Context ctx, String login, String password) {
        String[] keys = {"login:" + login, "ip:" + ctx.ip()};
        long wait = security.throttle().retryAfterSeconds(keys);
        if (wait > 0) {
            security.audit().record(new AuditTrail.Entry(login, ctx.ip(), "login_throttled", ctx.method().name(), ctx.path(), 429, null, null));
            ctx.header("Retry-After", Long.toString(wait));
            error(ctx, 429, "Слишком много неудачных входов, подождите " + wait + " с / too many failed logins, wait " + wait + " s");
            return Optional.empty();
        }
        Optional<Principal> principal = security.users().checkPassword(login, password);
        if (principal.isEmpty()) {
            security.throttle().failed(keys);
            error(ctx, 401, "Неверный логин или пароль / wrong login or password");
        }
        security.audit().record(new AuditTrail.Entry(login, ctx.ip(), principal.isPresent() ? "login" : "login_failed",
                ctx.method().name(), ctx.path(), principal.isPresent() ? 200 : 401, null, null));
        return principal;
    }

    private void logout(Context ctx) {
        String cookie = ctx.cookie(SecurityFilter.SESSION_COOKIE);
        if (cookie != null) {
            security.users().closeSession(cookie);
        }
        ctx.removeCookie(SecurityFilter.SESSION_COOKIE, "/");
        ctx.status(204);
    }

    private void me(Context ctx) {
        ObjectNode answer = describe(Access.principal(ctx));
        SecurityFilter.session(ctx).ifPresent(session -> answer.put("csrfToken", session.csrf()));
        ctx.json(answer);
    }

    private void tokens(Context ctx) throws IOException {
        ctx.contentType("application/json; charset=utf-8")
                .result(json.writeValueAsString(java.util.Map.of("tokens", security.users().tokens(Access.principal(ctx).login()))));
    }

    private void issueToken(Context ctx) throws IOException {
        JsonNode body = readJson(ctx);
        if (body == null) {
            return;
        }
        String name = body.path("name").asText("");
        long maxDays = security.settings().tokenTtl().toDays();
        long days = body.path("days").asLong(maxDays);
        if (name.isBlank() || name.length() > 100) {
            error(ctx, 400, "Нужно имя токена до 100 знаков / a token needs a name of up to 100 characters");
            return;
        }
        if (days < 1 || days > maxDays) {
            error(ctx, 400, "Срок токена от 1 до " + maxDays + " дней / a token lives 1–" + maxDays + " days, got " + days);
            return;
        }
        Instant expires = security.clock().instant().plus(Duration.ofDays(days));
        AuthStore.IssuedToken token = security.users().issueToken(Access.principal(ctx).login(), name, expires);
        ObjectNode answer = json.createObjectNode();
        answer.put("id", token.id());
        answer.put("name", token.name());
        answer.put("token", token.secret());
        answer.put("expiresAt", token.expiresAt().toString());
        answer.put("note", "Токен показан один раз / the token is shown this once");
        ctx.status(201).json(answer);
    }

    private void revokeToken(Context ctx) {
        Principal principal = Access.principal(ctx);
        String owner = principal.has(Role.ADMINISTRATOR) ? null : principal.login();
        if (!security.users().revokeToken(ctx.pathParam("id"), owner)) {
            error(ctx, 404, "Нет такого действующего токена / no such live token: " + ctx.pathParam("id"));
            return;
        }
        ctx.status(204);
    }

    private void users(Context ctx) throws IOException {
        ctx.contentType("application/json; charset=utf-8")
                .result(json.writeValueAsString(java.util.Map.of("users", security.users().users())));
    }

    private void saveUser(Context ctx) throws IOException {
        JsonNode body = readJson(ctx);
        if (body == null) {
            return;
        }
        AuthStore.UserAccount account;
        try {
            Set<Role> roles = EnumSet.noneOf(Role.class);
            for (JsonNode role : body.path("roles")) {
                roles.add(Role.valueOf(role.asText()));
            }
            account = new AuthStore.UserAccount(body.path("login").asText(""), roles, strings(body.path("territories")),
                    strings(body.path("indicators")), body.path("disabled").asBoolean(false));
        } catch (IllegalArgumentException e) {
            error(ctx, 400, e.getMessage() + " (roles: " + java.util.Arrays.toString(Role.values()) + ")");
            return;
        }
        String password = body.hasNonNull("password") ? body.get("password").asText() : null;
        if (password != null && password.length() < 12) {
            error(ctx, 400, "Пароль не короче 12 знаков / a password has at least 12 characters");
            return;
        }
        boolean existed = security.users().user(account.login()).isPresent();
        if (!existed && password == null) {
            error(ctx, 400, "Новому пользователю нужен пароль / a new user needs a password");
            return;
        }
        security.users().saveUser(account, password);
        security.forgetChecks();
        security.audit().record(new AuditTrail.Entry(Access.principal(ctx).login(), ctx.ip(), "user_saved", "POST", ctx.path(),
                existed ? 200 : 201, null, json.writeValueAsString(account) + (password == null ? "" : " (password set)")));
        ctx.status(existed ? 200 : 201).contentType("application/json; charset=utf-8").result(json.writeValueAsString(account));
    }

    /** GET /api/v1/admin/audit?login=&event=&route=&status=&from=&to=&limit= (ISO instants; newest first, 100 by default). */
    private void audit(Context ctx) throws Exception {
        AuditTrail.Query query;
        try {
            query = new AuditTrail.Query(ctx.queryParam("login"), ctx.queryParam("event"), ctx.queryParam("route"),
                    ctx.queryParam("status") == null ? null : Integer.valueOf(ctx.queryParam("status")),
                    ctx.queryParam("from") == null ? null : Instant.parse(ctx.queryParam("from")),
                    ctx.queryParam("to") == null ? null : Instant.parse(ctx.queryParam("to")),
                    ctx.queryParam("limit") == null ? 100 : Integer.parseInt(ctx.queryParam("limit")));
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            error(ctx, 400, "Фильтр журнала: " + e.getMessage() + " / audit filter: login, event, route, status, from, to (ISO-8601), limit 1–10000");
            return;
        }
        ObjectNode answer = json.createObjectNode();
        answer.set("entries", security.audit().find(query));
        ctx.json(answer);
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> values = new HashSet<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private ObjectNode describe(Principal principal) {
        ObjectNode answer = json.createObjectNode();
        answer.put("login", principal.login());
        ArrayNode roles = answer.putArray("roles");
        principal.roles().stream().sorted().forEach(role -> roles.add(role.name()));
        ArrayNode territories = answer.putArray("territories");
        principal.territories().stream().sorted().forEach(territories::add);
        return answer;
    }

    private JsonNode readJson(Context ctx) {
        try {
            JsonNode body = json.readTree(ctx.body());
            if (body == null || !body.isObject()) {
                error(ctx, 400, "Ожидался объект JSON / a JSON object was expected");
                return null;
            }
            return body;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            error(ctx, 400, "Тело не JSON / the body is not JSON: " + e.getOriginalMessage());
            return null;
        }
    }

    /** Only a path of this server: never another site, never a protocol-relative //host. */
    public static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\") || next.contains("\r") || next.contains("\n")) {
            return "/";
        }
        return next;
    }

    /** The identity provider's name for the login page's button, or null when only local users sign in. */
    private String providerTitle() {
        return security.settings().oidc() == null ? null : security.settings().oidc().title();
    }

    private static String loginHtml(String next, boolean failed, String provider) {
        return "<!doctype html><html lang=\"ru\"><head><meta charset=\"utf-8\"><title>Вход / Sign in — Витрина</title>"
                + "<link rel=\"icon\" href=\"data:,\"><link rel=\"stylesheet\" href=\"/assets/css/vitrina.css\"></head><body class=\"index theme-dark\">"
                + "<main class=\"index-page\"><h1>Вход <span class=\"en\">Sign in</span></h1>"
                + (failed ? "<p class=\"error\">Неверный логин или пароль <span class=\"en\">wrong login or password</span></p>" : "")
                + "<form method=\"post\" action=\"/login\">"
                + "<input type=\"hidden\" name=\"next\" value=\"" + Html.escape(next) + "\">"
                + "<p><label>Логин <span class=\"en\">login</span><br><input name=\"login\" autocomplete=\"username\" required></label></p>"
                + "<p><label>Пароль <span class=\"en\">password</span><br><input name=\"password\" type=\"password\" autocomplete=\"current-password\" required></label></p>"
                + "<p><button type=\"submit\">Войти <span class=\"en\">sign in</span></button></p></form>"
                + (provider == null ? "" : "<p><a href=\"/login/oidc?next=" + Html.escape(URLEncoder.encode(next, StandardCharsets.UTF_8))
                        + "\">Войти через " + Html.escape(provider) + " <span class=\"en\">sign in with " + Html.escape(provider) + "</span></a></p>")
                + "</main></body></html>";
    }

    private static void error(Context ctx, int status, String message) {
        Refusal.answer(ctx, status, message);
    }
}
