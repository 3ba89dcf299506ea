package ru.vitrina.api.dashboards;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import ru.vitrina.api.query.AnswerJson;
import ru.vitrina.api.security.Access;
import ru.vitrina.api.security.AuditTrail;
import ru.vitrina.api.server.Application;
import ru.vitrina.cubes.model.LocalizedText;
import ru.vitrina.cubes.model.Measure;
import ru.vitrina.dashboards.Dashboard;
import ru.vitrina.dashboards.DashboardCatalog;
import ru.vitrina.dashboards.DashboardChecker;
import ru.vitrina.dashboards.DashboardResolver;
import ru.vitrina.dashboards.Playlist;
import ru.vitrina.dashboards.PlaylistCatalog;
import ru.vitrina.engine.access.Principal;
import ru.vitrina.engine.query.QueryAnswer;
import ru.vitrina.engine.store.DataVersion;
import ru.vitrina.indicators.fact.Territories;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The situational-centre screens over one {@link Application}:
 * <pre>
 * GET /                          start page (Russian, English beside)
 * GET /api/v1/dashboards         the screens: id, title ru/en, links
 * GET /api/v1/dashboards/{id}    one screen, its variables filled from ?name=value, queries ready to send
 * GET /api/v1/dashboards/{id}/data/{widget}/{part}   the answer to one query of a widget (part: query, trend,
 *                                previousQuery, lines[0].query …), with the widget's disclosure control
 * GET /d/{id}                    the page; ?wall=1 (or /wall/{id}) for the wall: dark, large, no controls
 * GET /wall/{id}
 * GET /api/v1/playlists          playlists of screens for a wall; /api/v1/playlists/{name} one of them
 * GET /api/v1/events             Server-Sent Events "data-version" when a load publishes
 * GET /assets/...                the front end; /assets/echarts/... ECharts from its webjar
 * GET /geo/tomsk.geojson         municipal boundaries keyed by OKTMO (© OpenStreetMap contributors, ODbL)
 * GET /favicon.ico               the icon (web/favicon.svg) for pages that name none
 * </pre>
 * Every dashboard query is checked against the cube model when the routes are built, so a broken file stops
 * the server at start with its file, widget and problem instead of showing an empty tile on the wall.
 *
 * <p>A dashboard marked {@code public: true} is open to visitors without a login: routes.yaml admits everyone to
 * the screen routes, and these handlers refuse an anonymous visitor every other screen (401, or the sign-in page
 * for a browser). A public screen reads its data only through its own declared queries ({@code /data/…}), never
 * through {@code /api/v1/load}, which stays closed to the public.
 */
public final class DashboardRoutes {
    private static final String ECHARTS = "META-INF/resources/webjars/echarts/5.3.1";

    private final Application application;
    private final DashboardCatalog catalog;
    private final PlaylistCatalog playlists;
    private final ObjectMapper json = new ObjectMapper();
    private final AnswerJson answers = new AnswerJson(AnswerJson.Numbers.JSON);
    private final LatestMonths latest;
    private final CubeLoads loads;
    private final Territories territories;
    private final DataVersionEvents events;
    private final ClasspathAssets web = new ClasspathAssets("web", "no-cache");
    private final ClasspathAssets echarts = new ClasspathAssets(ECHARTS, "public, max-age=31536000, immutable");
    private final ClasspathAssets geo = new ClasspathAssets("geo", "public, max-age=86400");
    private final IndexPage index;

    /** The dashboards shipped in the jar. */
    public DashboardRoutes(Application application) {
        this(application, DashboardCatalog.builtIn());
    }

    public DashboardRoutes(Application application, DashboardCatalog catalog) {
        this(application, catalog, PlaylistCatalog.builtIn(catalog));
    }

    public DashboardRoutes(Application application, DashboardCatalog catalog, PlaylistCatalog playlists) {
        this.application = requireNonNull(application, "application");
        this.catalog = requireNonNull(catalog, "catalog");
        this.playlists = requireNonNull(playlists, "playlists");
        new DashboardChecker(query -> application.engine().parse(query, application.engine().limits())).check(catalog);
        this.latest = new LatestMonths(application.engine(), application.store(), Clock.systemDefaultZone());
        this.loads = new CubeLoads(application.store());
        this.territories = new Territories(application.store());
        this.events = new DataVersionEvents(application.store(), Duration.ofSeconds(2), Duration.ofSeconds(20));
        this.index = new IndexPage(catalog, playlists);
    }

    public void register(JavalinConfig config) {
        config.routes.get("/", this::index);
        config.routes.get("/api/v1/dashboards", this::list);
        config.routes.get("/api/v1/dashboards/{id}", this::definition);
        config.routes.get("/api/v1/dashboards/{id}/data/{widget}/{part}", this::widgetData);
        config.routes.get("/api/v1/playlists", this::playlistList);
        config.routes.get("/api/v1/playlists/{name}", this::playlist);
        config.routes.get("/d/{id}", ctx -> page(ctx, isWall(ctx)));
        config.routes.get("/wall/{id}", ctx -> page(ctx, true));
        config.routes.before("/api/v1/events", DashboardRoutes::requireEventStream);
        config.routes.sse("/api/v1/events", events::accept);
        config.routes.get("/assets/echarts/<path>", ctx -> echarts.serve(ctx, ctx.pathParam("path")));
        config.routes.get("/assets/<path>", ctx -> web.serve(ctx, ctx.pathParam("path")));
        // Browsers ask for /favicon.ico on pages that name no icon (JSON answers, files): the same small SVG.
        config.routes.get("/favicon.ico", ctx -> web.serve(ctx, "favicon.svg"));
        config.routes.get("/geo/tomsk.geojson", ctx -> geo.serve(ctx, "tomsk_oblast_mo.geojson"));
        config.events.serverStarted(events::start);
        config.events.serverStopping(events::close);
    }

    /** Javalin answers a plain GET of an event stream with an empty 200: say what the address is instead. */
    private static void requireEventStream(Context ctx) {
        String accept = ctx.header("Accept");
        if (accept == null || !accept.contains("text/event-stream")) {
            throw new HttpResponseException(406, "Это поток событий (Server-Sent Events): нужен заголовок Accept: text/event-stream"
                    + " / this is an event stream (Server-Sent Events): send Accept: text/event-stream");
        }
    }

    private static boolean isWall(Context ctx) {
        String wall = ctx.queryParam("wall");
        return wall != null && !wall.equals("0") && !wall.equals("false");
    }

    private void index(Context ctx) {
        Titles titles = titles(ctx);
        ctx.contentType("text/html; charset=utf-8").result(index.render(application.store().currentVersion(), titles::of));
    }

    private void list(Context ctx) {
        Titles titles = titles(ctx);
        ObjectNode root = json.createObjectNode();
        ArrayNode list = root.putArray("dashboards");
        for (Dashboard dashboard : catalog.all()) {
            ObjectNode item = list.addObject();
            LocalizedText title = titles.of(dashboard);
            item.put("id", dashboard.id());
            item.put("public", dashboard.isPublic());
            item.put("title", title.ru());
            item.put("titleEn", title.en());
            if (dashboard.description() != null) {
                item.put("description", dashboard.description().ru());
                item.put("descriptionEn", dashboard.description().en());
            }
            if (dashboard.parent() != null) {
                item.put("parent", dashboard.parent());
            }
            item.put("url", "/d/" + dashboard.id());
            item.put("wallUrl", "/wall/" + dashboard.id());
            item.put("definition", "/api/v1/dashboards/" + dashboard.id());
        }
        ctx.contentType("application/json; charset=utf-8").result(root.toString());
    }

    /** The dashboard named by the path if this caller may see it; else the refusal is answered and empty. */
    private Optional<Dashboard> visible(Context ctx) {
        Optional<Dashboard> dashboard = catalog.find(ctx.pathParam("id"));
        if (dashboard.isEmpty()) {
            error(ctx, 404, "Нет экрана «" + ctx.pathParam("id") + "» / no dashboard '" + ctx.pathParam("id") + "'");
            return Optional.empty();
        }
        return refused(ctx, dashboard.get()) ? Optional.empty() : dashboard;
    }

    /** True, and the refusal answered, when a visitor without a login asks for a screen that is not public. */
    private boolean refused(Context ctx, Dashboard dashboard) {
        if (dashboard.isPublic() || !Access.principal(ctx).equals(Principal.anonymous())) {
            return false;
        }
        refuseAnonymous(ctx);
        return true;
    }

    /**
     * As the security filter refuses a route that is not public: the sign-in page for a browser asking for a page,
     * else 401 with the schemes to sign in by; written to the audit trail like every refusal.
     */
    private void refuseAnonymous(Context ctx) {
        application.security().audit().record(new AuditTrail.Entry(Principal.anonymous().login(), ctx.ip(), "denied",
                ctx.method().name(), ctx.path(), 401, null, "dashboard '" + ctx.pathParam("id") + "' is not public"));
        String accept = ctx.header("Accept");
        if (!ctx.path().startsWith("/api/") && accept != null && accept.contains("text/html")) {
            String next = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
            ctx.redirect("/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8), HttpStatus.SEE_OTHER);
            return;
        }
        ctx.res().addHeader("WWW-Authenticate", "Bearer realm=\"vitrina\"");
        error(ctx, 401, "Нужен вход: экран «" + ctx.pathParam("id") + "» не публичный / sign in first: dashboard '"
                + ctx.pathParam("id") + "' is not public");
    }

    /**
     * The screens' titles as the caller reads them: a user limited to territories sees his territories' figures on
     * every screen that is not public, so a screen with a {@code territoryTitle} names them instead of the region
     * («Обзор: Асиновский район», not «Обзор губернатора»). Names are read only for such a user.
     */
    private Titles titles(Context ctx) {
        return Access.principal(ctx).limitedToTerritories() ? titles(ctx, territories.names()) : new Titles(List.of());
    }

    /** @param names the territories' names by OKTMO code, as {@link Territories#names()} reads them */
    private static Titles titles(Context ctx, Map<String, LocalizedText> names) {
        return new Titles(Access.principal(ctx).territories().stream().sorted()
                .map(code -> names.getOrDefault(code, LocalizedText.of(code))).toList());
    }

    /** @param own the names of the territories the caller is limited to; empty when he is not */
    private record Titles(List<LocalizedText> own) {
        LocalizedText of(Dashboard dashboard) {
            // A public screen answers everyone with the public's figures, whoever is signed in.
            return dashboard.titleFor(dashboard.isPublic() ? List.of() : own);
        }
    }

    /**
     * Whom a screen's figures are for: a public screen shows everyone the public figures — a signed-in officer
     * limited to his district must not see that district labelled as the region — any other the caller's own.
     */
    private static Principal asked(Context ctx, Dashboard dashboard) {
        return dashboard.isPublic() ? Principal.anonymous() : Access.principal(ctx);
    }

    /**
     * The dashboard's variables filled from the URL; a value that does not fit is answered with 400, a territory
     * outside the user's row-level rights with 403.
     */
    private Optional<DashboardResolver.Resolution> resolve(Context ctx, Dashboard dashboard) {
        Map<String, String> requested = new HashMap<>();
        ctx.queryParamMap().forEach((name, values) -> {
            if (!values.isEmpty()) {
                requested.put(name, values.get(0));
            }
        });
        List<String> territories = asked(ctx, dashboard).territories().stream().sorted().toList();
        try {
            return Optional.of(new DashboardResolver(dashboard).resolve(requested, latest, latest.fallback(), territories));
        } catch (DashboardResolver.TerritoryRefused e) {
            error(ctx, 403, e.getMessage());
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            error(ctx, 400, e.getMessage());
            return Optional.empty();
        }
    }

    private void definition(Context ctx) {
        Optional<Dashboard> dashboard = visible(ctx);
        Optional<DashboardResolver.Resolution> resolution = dashboard.flatMap(d -> resolve(ctx, d));
        if (resolution.isEmpty()) {
            return;
        }
        ObjectNode body = resolution.get().toJson();
        Map<String, LocalizedText> names = territories.names();
        Titles titles = titles(ctx, names);
        body.set("title", texts(titles.of(dashboard.get())));
        body.put("public", dashboard.get().isPublic());
        body.set("territoryNames", territoryNames(names));
        Optional<DataVersion> version = application.store().currentVersion();
        if (version.isPresent()) {
            body.putPOJO("dataVersion", DataVersionEvents.payload(version.get()));
        } else {
            body.putNull("dataVersion");
        }
        body.set("units", units(body.get("widgets")));
        body.set("sources", sources(body.get("widgets")));
        if (body.get("variables").findValues("latest").stream().anyMatch(JsonNode::asBoolean)) {
            ((ObjectNode) body.get("freshness")).set("widgets", freshness(body.get("widgets"), dashboard.get().freshness()));
        }
        ArrayNode parents = body.putArray("breadcrumbs");
        for (Dashboard up : ancestors(dashboard.get())) {
            LocalizedText title = titles.of(up);
            parents.addObject().put("id", up.id()).put("title", title.ru()).put("titleEn", title.en());
        }
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType("application/json; charset=utf-8").result(body.toString());
    }

    /**
     * The region's and its municipal formations' names in Russian and English by OKTMO code, from the reference
     * data: answers name territories in Russian only, and a screen switched to English names them in English on
     * its axes, tooltips, map, tables and selectors. Names are no secret: everyone gets them all.
     */
    private ObjectNode territoryNames(Map<String, LocalizedText> names) {
        ObjectNode byCode = json.createObjectNode();
        names.forEach((code, name) -> byCode.set(code, texts(name)));
        return byCode;
    }

    private ObjectNode texts(LocalizedText text) {
        return json.createObjectNode().put("ru", text.ru()).put("en", text.en());
    }

    /**
     * When each tile's next data is due: the newest month of the cube its query reads, its following month's end
     * plus the grace days ({@code "rate": {"month": "2025-03", "due": "2025-06-14"}}). A screen showing the latest
     * data marks a tile stale past that date — per tile, because the cubes of one screen load on their own days.
     */
    private ObjectNode freshness(JsonNode widgets, Dashboard.Freshness rule) {
        ObjectNode tiles = json.createObjectNode();
        for (JsonNode widget : widgets) {
            DashboardChecker.queries(widget).stream().findFirst()
                    .flatMap(query -> query.query().path("timeDimensions").findValuesAsText("dimension").stream().findFirst())
                    .flatMap(latest::of)
                    .ifPresent(month -> tiles.putObject(widget.get("id").asText()).put("month", month.toString())
                            .put("due", month.plusMonths(1).atEndOfMonth().plusDays(rule.graceDays()).toString()));
        }
        return tiles;
    }

    /**
     * The load each tile's figures come from ({@code "rate": {"version": 5, "publishedAt": …, "publishedBy": "labour"}}):
     * the last published load of the job that writes the table of the cube its query reads, not the store's newest
     * load of any source.
     */
    private ObjectNode sources(JsonNode widgets) {
        ObjectNode sources = json.createObjectNode();
        for (JsonNode widget : widgets) {
            DashboardChecker.queries(widget).stream().findFirst()
                    .map(query -> query.query().path("measures").path(0).asText())
                    .filter(member -> !member.isEmpty())
                    .flatMap(member -> application.model().cube(member.split("\\.", 2)[0]))
                    .flatMap(cube -> Optional.ofNullable(cube.sqlTable()))
                    .flatMap(loads::lastLoadOf)
                    .ifPresent(load -> sources.putPOJO(widget.get("id").asText(), DataVersionEvents.payload(load)));
        }
        return sources;
    }

    /**
     * The units of the measures the widgets ask for, in Russian and English ({@code "labour.unemployed": {"ru":
     * "чел.", "en": "persons"}}): an answer's annotation names a unit in Russian only, and a screen switched to
     * English must not say «чел.».
     */
    private ObjectNode units(JsonNode widgets) {
        ObjectNode units = json.createObjectNode();
        for (JsonNode widget : widgets) {
            for (DashboardChecker.NamedQuery query : DashboardChecker.queries(widget)) {
                for (JsonNode member : query.query().path("measures")) {
                    String[] parts = member.asText().split("\\.", 2);
                    application.model().cube(parts[0]).flatMap(cube -> cube.measure(parts.length > 1 ? parts[1] : ""))
                            .map(Measure::unit).filter(Objects::nonNull)
                            .ifPresent(unit -> units.putObject(member.asText()).put("ru", unit.ru()).put("en", unit.en()));
                }
            }
        }
        return units;
    }

    /**
     * One query of one widget, resolved on the server from the dashboard's file and the URL's variables: the
     * caller names the query, never writes it, so a public screen cannot be used to ask anything else.
     */
    private void widgetData(Context ctx) throws IOException {
        Optional<Dashboard> dashboard = visible(ctx);
        Optional<DashboardResolver.Resolution> resolution = dashboard.flatMap(d -> resolve(ctx, d));
        if (resolution.isEmpty()) {
            return;
        }
        String widgetId = ctx.pathParam("widget");
        if (dashboard.get().widget(widgetId).isEmpty()) {
            error(ctx, 404, "На экране «" + dashboard.get().id() + "» нет виджета «" + widgetId + "» / dashboard '"
                    + dashboard.get().id() + "' has no widget '" + widgetId + "'");
            return;
        }
        JsonNode widget = resolution.get().widget(widgetId);
        List<DashboardChecker.NamedQuery> queries = DashboardChecker.queries(widget);
        String part = ctx.pathParam("part");
        Optional<DashboardChecker.NamedQuery> named = queries.stream().filter(q -> q.path().equals(part)).findFirst();
        if (named.isEmpty()) {
            List<String> known = queries.stream().map(DashboardChecker.NamedQuery::path).toList();
            error(ctx, 404, "У виджета «" + widgetId + "» нет запроса «" + part + "»; есть: " + known + " / widget '" + widgetId
                    + "' has no query '" + part + "'; it has: " + known);
            return;
        }
        QueryAnswer answer = application.engine().load(named.get().query(), asked(ctx, dashboard.get()));
        Optional<WidgetDisclosure> disclosure = WidgetDisclosure.of(widget);
        if (disclosure.isPresent()) {
            answer = disclosure.get().apply(answer);
        }
        ctx.attribute(AuditTrail.ROWS, answer.rows().size());
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType("application/json; charset=utf-8");
        try (JsonGenerator generator = json.getFactory().createGenerator(ctx.outputStream())) {
            answers.write(generator, named.get().query(), answer);
        }
    }

    private void playlistList(Context ctx) {
        ObjectNode root = json.createObjectNode();
        ArrayNode list = root.putArray("playlists");
        for (Playlist playlist : playlists.all()) {
            ObjectNode item = list.addObject();
            item.put("name", playlist.name());
            item.put("title", playlist.title().ru());
            item.put("titleEn", playlist.title().en());
            item.put("url", slideUrl(playlist, 0));
        }
        ctx.contentType("application/json; charset=utf-8").result(root.toString());
    }

    private void playlist(Context ctx) {
        Optional<Playlist> found = playlists.find(ctx.pathParam("name"));
        if (found.isEmpty()) {
            error(ctx, 404, "Нет плейлиста «" + ctx.pathParam("name") + "» / no playlist '" + ctx.pathParam("name") + "'");
            return;
        }
        Playlist playlist = found.get();
        ObjectNode root = json.createObjectNode();
        root.put("name", playlist.name());
        root.put("title", playlist.title().ru());
        root.put("titleEn", playlist.title().en());
        ArrayNode screens = root.putArray("screens");
        for (int i = 0; i < playlist.slides().size(); i++) {
            Playlist.Slide slide = playlist.slides().get(i);
            ObjectNode item = screens.addObject();
            item.put("dashboard", slide.dashboard());
            item.put("seconds", slide.seconds());
            ObjectNode variables = item.putObject("variables");
            slide.variables().forEach(variables::put);
            item.put("url", slideUrl(playlist, i));
        }
        ctx.contentType("application/json; charset=utf-8").result(root.toString());
    }

    /** Where slide {@code index} of a playlist is shown on a wall. */
    private static String slideUrl(Playlist playlist, int index) {
        Playlist.Slide slide = playlist.slides().get(index);
        StringBuilder url = new StringBuilder("/wall/").append(slide.dashboard()).append("?playlist=").append(playlist.name())
                .append("&slide=").append(index);
        slide.variables().forEach((name, value) -> url.append('&').append(name).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return url.toString();
    }

    /** The screens a breadcrumb leads back through, the top one first. */
    private List<Dashboard> ancestors(Dashboard dashboard) {
        java.util.ArrayDeque<Dashboard> chain = new java.util.ArrayDeque<>();
        Dashboard current = dashboard;
        while (current.parent() != null && chain.size() < 10) {
            Optional<Dashboard> parent = catalog.find(current.parent());
            if (parent.isEmpty()) {
                break;
            }
            chain.addFirst(parent.get());
            current = parent.get();
        }
        return List.copyOf(chain);
    }

    private void page(Context ctx, boolean wall) {
        Optional<Dashboard> dashboard = catalog.find(ctx.pathParam("id"));
        if (dashboard.isEmpty()) {
            ctx.status(404).contentType("text/html; charset=utf-8").result(notFoundPage(ctx.pathParam("id")));
            return;
        }
        if (refused(ctx, dashboard.get())) {
            return;
        }
        String shell = web.find("page.html").map(a -> new String(a.bytes(), StandardCharsets.UTF_8))
                .orElseThrow(() -> new IllegalStateException("web/page.html is missing from the jar"));
        LocalizedText title = titles(ctx).of(dashboard.get());
        Map<String, String> values = new LinkedHashMap<>();
        values.put("{{id}}", Html.escape(dashboard.get().id()));
        values.put("{{title}}", Html.escape(title.ru()));
        values.put("{{titleEn}}", Html.escape(title.en()));
        values.put("{{wall}}", wall ? "true" : "false");
        for (Map.Entry<String, String> value : values.entrySet()) {
            shell = shell.replace(value.getKey(), value.getValue());
        }
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType("text/html; charset=utf-8").result(shell);
    }

    private static String notFoundPage(String id) {
        return "<!doctype html><html lang=\"ru\"><head><meta charset=\"utf-8\"><title>Нет экрана / not found</title>"
                + "<link rel=\"icon\" href=\"/assets/favicon.svg\" type=\"image/svg+xml\"><link rel=\"stylesheet\" href=\"/assets/css/vitrina.css\"></head><body class=\"index theme-dark\"><main class=\"index-page\">"
                + "<h1>Нет экрана «" + Html.escape(id) + "» <span class=\"en\">no dashboard '" + Html.escape(id) + "'</span></h1>"
                + "<p><a href=\"/\">Все экраны <span class=\"en\">all dashboards</span></a></p></main></body></html>";
    }

    private void error(Context ctx, int status, String message) {
        ObjectNode body = json.createObjectNode();
        body.put("error", message);
        body.put("status", status);
        ctx.status(status).contentType("application/json; charset=utf-8").result(body.toString());
    }
}
