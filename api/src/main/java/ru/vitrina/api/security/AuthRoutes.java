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
import ru.vitrina.engine.json.StrictJson;
import ru.vitrina.engine.store.Store;
import ru.vitrina.engine.store.StoreException;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

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
 * POST /api/v1/admin/users        {"login", "password"?, "roles"?, "territories"?, "indicators"?, "disabled"?} creates one, or
 *                                 changes the fields sent (the others keep their value)
 * </pre>
 */
public final class AuthRoutes {
    private final Security security;
    private final Store store;
    private final SessionCookie sessions;
    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules()
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** @param store whose reference data (ref.territory) a user's territories must be in */
    public AuthRoutes(Security security, Store store) {
        this.security = requireNonNull(security, "security");
        this.store = requireNonNull(store, "store");
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
        // An empty body sends no credentials: the same 400 naming them as {} gets.
        JsonNode body = ctx.body().isBlank() ? json.createObjectNode() : readJson(ctx);
        if (body == null) {
            return;
        }
        String login = body.path("login").asText("");
        String password = body.path("password").asText("");
        String missing = missingCredentials(login, password);
        if (missing != null) {
            error(ctx, 400, "Не заданы " + missing + " / missing " + missing);
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
        String missing = missingCredentials(login, password);
        if (missing != null) {
            ctx.status(400).contentType("text/html; charset=utf-8")
                    .result(loginHtml(next, "Не заданы " + missing, "missing " + missing, providerTitle()));
            return;
        }
        Optional<Principal> principal = checkPassword(ctx, login, password);
        if (principal.isEmpty()) {
            if (ctx.statusCode() != 429) {
                ctx.status(401);
            }
            ctx.contentType("text/html; charset=utf-8")
                    .result(loginHtml(next, "Неверный логин или пароль", "wrong login or password", providerTitle()));
            return;
        }
        sessions.start(ctx, principal.get());
        ctx.redirect(next, HttpStatus.SEE_OTHER);
    }

    private void loginPage(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        ctx.contentType("text/html; charset=utf-8").result(loginHtml(safeNext(ctx.queryParam("next")), null, null, providerTitle()));
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
        JsonNode days = body.path("days");
        if (name.isBlank() || name.length() > 100) {
            error(ctx, 400, "Нужно имя токена до 100 знаков / a token needs a name of up to 100 characters");
            return;
        }
        if (!days.isMissingNode() && !days.isNull() && !days.isIntegralNumber()) {
            // asLong() read "30" as 30 and 1.5 as 1: a lifetime the user did not ask for.
            error(ctx, 400, "Поле days — целое число дней, получено " + days + " / the days field takes a whole number of days, got " + days);
            return;
        }
        // The number's own text: a value beyond long was reported as its overflowed remainder.
        if (days.isIntegralNumber() && (!days.canConvertToLong() || days.asLong() < 1 || days.asLong() > maxDays)) {
            error(ctx, 400, "Срок токена от 1 до " + maxDays + " дней, получено " + days.asText()
                    + " / a token lives 1–" + maxDays + " days, got " + days.asText());
            return;
        }
        Instant expires = security.clock().instant().plus(Duration.ofDays(days.isIntegralNumber() ? days.asLong() : maxDays));
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

    /**
     * Creates a user or changes the fields sent, each of its JSON type (400 naming the field otherwise): the others keep
     * their value, so {@code {"login": "x", "disabled": true}} only disables. Territories must be in the reference
     * data; a change that would leave no enabled administrator is refused with 409.
     */
    private void saveUser(Context ctx) throws IOException {
        JsonNode body = readJson(ctx);
        if (body == null) {
            return;
        }
        AuthStore.Saved saved;
        String password;
        try {
            AuthStore.UserChange change = userChange(body);
            password = password(body);
            if (change.territories() != null) {
                knownTerritories(change.territories());
            }
            saved = security.users().changeUser(change, password);
        } catch (AuthStore.LastAdministratorException e) {
            error(ctx, 409, e.getMessage());
            return;
        } catch (IllegalArgumentException e) {
            error(ctx, 400, e.getMessage());
            return;
        }
        security.forgetChecks();
        int status = saved.created() ? 201 : 200;
        security.audit().record(new AuditTrail.Entry(Access.principal(ctx).login(), ctx.ip(), "user_saved", "POST", ctx.path(),
                status, null, json.writeValueAsString(saved.account()) + (password == null ? "" : " (password set)")));
        ctx.status(status).contentType("application/json; charset=utf-8").result(json.writeValueAsString(saved.account()));
    }

    private static final List<String> USER_FIELDS = List.of("login", "password", "roles", "territories", "indicators", "disabled");

    private static AuthStore.UserChange userChange(JsonNode body) {
        body.fieldNames().forEachRemaining(name -> {
            if (!USER_FIELDS.contains(name)) {
                throw new IllegalArgumentException("Неизвестное поле " + name + " / unknown field " + name + "; known: "
                        + String.join(", ", USER_FIELDS));
            }
        });
        JsonNode login = body.path("login");
        if (!login.isTextual()) {
            throw wrongType("login", login, "строка", "a string");
        }
        Set<Role> roles = null;
        if (body.has("roles")) {
            roles = EnumSet.noneOf(Role.class);
            for (String name : texts(body, "roles")) {
                roles.add(role(name));
            }
        }
        Boolean disabled = null;
        if (body.has("disabled")) {
            JsonNode value = body.get("disabled");
            if (!value.isBoolean()) {
                throw wrongType("disabled", value, "true или false", "true or false");
            }
            disabled = value.booleanValue();
        }
        return new AuthStore.UserChange(login.textValue(), roles, body.has("territories") ? texts(body, "territories") : null,
                body.has("indicators") ? texts(body, "indicators") : null, disabled);
    }

    /** The new password, or null (absent or null) to keep the stored one. */
    private static String password(JsonNode body) {
        JsonNode value = body.path("password");
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw wrongType("password", value, "строка", "a string");
        }
        String password = value.textValue();
        if (password.isBlank()) {
            throw new IllegalArgumentException("Пароль не может состоять из одних пробелов / a password cannot be blank");
        }
        if (password.length() < 12) {
            throw new IllegalArgumentException("Пароль не короче 12 знаков / a password has at least 12 characters");
        }
        return password;
    }

    private static Set<String> texts(JsonNode body, String field) {
        JsonNode value = body.get(field);
        Set<String> texts = new LinkedHashSet<>();
        if (value.isArray()) {
            for (JsonNode element : value) {
                if (!element.isTextual()) {
                    throw wrongType(field, element, "массив строк", "an array of strings");
                }
                texts.add(element.textValue());
            }
            return texts;
        }
        throw wrongType(field, value, "массив строк", "an array of strings");
    }

    private static IllegalArgumentException wrongType(String field, JsonNode value, String expectedRu, String expectedEn) {
        String got = value.isMissingNode() ? "nothing" : value.getNodeType().name().toLowerCase(Locale.ROOT);
        return new IllegalArgumentException("Поле " + field + ": ожидается " + expectedRu + " / field " + field + ": expected "
                + expectedEn + ", got " + got);
    }

    /** A role a user may hold, named in any case. */
    private static Role role(String name) {
        List<String> known = Arrays.stream(Role.values()).filter(role -> role != Role.PUBLIC).map(Role::name).toList();
        String wanted = name.trim().toUpperCase(Locale.ROOT);
        if (!known.contains(wanted)) {
            throw new IllegalArgumentException("Неизвестная роль " + name + " / unknown role " + name + "; known: " + String.join(", ", known));
        }
        return Role.valueOf(wanted);
    }

    /** Refuses codes the store's reference data (ref.territory) does not have: row security would match no row of them. */
    private void knownTerritories(Set<String> codes) {
        if (codes.isEmpty()) {
            return;
        }
        Set<String> unknown = new TreeSet<>(codes);
        String marks = String.join(", ", java.util.Collections.nCopies(codes.size(), "?"));
        try (Connection connection = store.connect();
             PreparedStatement select = connection.prepareStatement("SELECT oktmo FROM ref.territory WHERE oktmo IN (" + marks + ")")) {
            int i = 1;
            for (String code : codes) {
                select.setString(i++, code);
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    unknown.remove(rows.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("Cannot read ref.territory: " + e.getMessage(), e);
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("Неизвестные территории (нет в справочнике ОКТМО ref.territory): " + String.join(", ", unknown)
                    + " / unknown territories (not in the OKTMO reference data ref.territory): " + String.join(", ", unknown));
        }
    }

    /**
     * GET /api/v1/admin/audit?login=&event=&route=&status=&from=&to=&limit= (newest first, 100 by default). {@code from}
     * and {@code to} are ISO instants (2024-01-01T09:30:00Z, {@code to} exclusive) or plain dates of the server's time
     * zone, which the trail's times are in: {@code from=2024-01-01} starts at that day's first moment and
     * {@code to=2024-01-31} includes that whole day.
     */
    private void audit(Context ctx) throws Exception {
        AuditTrail.Query query;
        try {
            query = new AuditTrail.Query(ctx.queryParam("login"), ctx.queryParam("event"), ctx.queryParam("route"),
                    whole(ctx, "status", null, 100, 599), moment(ctx, "from", false), moment(ctx, "to", true),
                    whole(ctx, "limit", 100, 1, 10_000));
        } catch (IllegalArgumentException e) {
            error(ctx, 400, e.getMessage());
            return;
        }
        ObjectNode answer = json.createObjectNode();
        answer.set("entries", security.audit().find(query));
        ctx.json(answer);
    }

    private static Integer whole(Context ctx, String name, Integer absent, int min, int max) {
        String value = ctx.queryParam(name);
        if (value == null) {
            return absent;
        }
        try {
            int number = Integer.parseInt(value.trim());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below, as a number out of range is
        }
        throw new IllegalArgumentException("Параметр " + name + ": ожидается целое число от " + min + " до " + max + ", получено «"
                + value + "» / parameter " + name + ": expected a whole number " + min + "–" + max + ", got '" + value + "'");
    }

    /** An instant, or a plain date: its first moment, or for the end of a range ({@code to}) the next day's first. */
    private static Instant moment(Context ctx, String name, boolean end) {
        String value = ctx.queryParam(name);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (java.time.DateTimeException notAnInstant) {
            try {
                java.time.LocalDate day = java.time.LocalDate.parse(value.trim());
                return (end ? day.plusDays(1) : day).atStartOfDay(java.time.ZoneId.systemDefault()).toInstant();
            } catch (java.time.DateTimeException notADate) {
                throw new IllegalArgumentException("Параметр " + name + ": ожидается дата 2024-01-31 или момент 2024-01-31T09:30:00Z,"
                        + " получено «" + value + "» / parameter " + name + ": expected a date (2024-01-31) or an ISO instant"
                        + " (2024-01-31T09:30:00Z), got '" + value + "'");
            }
        }
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
        JsonNode body;
        try {
            body = StrictJson.read(ctx.body(), json, (ru, en) -> new IllegalArgumentException(ru + " / " + en));
        } catch (IllegalArgumentException e) {
            error(ctx, 400, e.getMessage());
            return null;
        }
        if (body == null || !body.isObject()) {
            error(ctx, 400, "Ожидался объект JSON / a JSON object was expected");
            return null;
        }
        return body;
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

    /** The credential fields left empty, as a list to name ("login, password"), or null when both are given. */
    private static String missingCredentials(String login, String password) {
        List<String> missing = new ArrayList<>();
        if (login.isEmpty()) {
            missing.add("login");
        }
        if (password.isEmpty()) {
            missing.add("password");
        }
        return missing.isEmpty() ? null : String.join(", ", missing);
    }

    /** @param error what went wrong, in Russian and in English; null on a fresh form */
    private static String loginHtml(String next, String error, String errorEn, String provider) {
        return "<!doctype html><html lang=\"ru\"><head><meta charset=\"utf-8\"><title>Вход / Sign in — Витрина</title>"
                + "<link rel=\"icon\" href=\"data:,\"><link rel=\"stylesheet\" href=\"/assets/css/vitrina.css\"></head><body class=\"index theme-dark\">"
                + "<main class=\"index-page\"><h1>Вход <span class=\"en\">Sign in</span></h1>"
                + (error == null ? "" : "<p class=\"error\">" + Html.escape(error) + " <span class=\"en\">" + Html.escape(errorEn) + "</span></p>")
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
