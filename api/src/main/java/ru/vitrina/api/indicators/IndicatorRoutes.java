package ru.vitrina.api.indicators;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import ru.vitrina.api.security.Access;
import ru.vitrina.engine.access.Principal;
import ru.vitrina.engine.access.Role;
import ru.vitrina.engine.json.StrictJson;
import ru.vitrina.indicators.IndicatorException;
import ru.vitrina.indicators.collection.CollectionService;
import ru.vitrina.indicators.collection.Entry;
import ru.vitrina.indicators.collection.EntryKey;
import ru.vitrina.indicators.collection.EntryRequest;
import ru.vitrina.indicators.monitoring.IndicatorService;
import ru.vitrina.indicators.monitoring.IndicatorStatus;
import ru.vitrina.indicators.monitoring.ProgrammeStatus;
import ru.vitrina.indicators.monitoring.SeriesPoint;
import ru.vitrina.indicators.passport.Passport;
import ru.vitrina.indicators.passport.Programme;
import ru.vitrina.indicators.status.Status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Indicator monitoring over HTTP:
 * <pre>
 * GET  /api/v1/indicators                      ?q= &sector= &project= &responsible= &status=on_track|at_risk|off_track|no_data
 * GET  /api/v1/indicators/{code}               the passport with its current status and freshness
 * GET  /api/v1/indicators/{code}/series        ?territory= &from= &to= : fact, target and status per period
 * GET  /api/v1/indicators/{code}/ratings       ?period= : municipal formations ranked, best first
 * GET  /api/v1/programmes                      programmes and their projects: counts and shares by status
 * GET  /api/v1/programmes/{code}               one programme (or project) with the statuses of its indicators
 * GET  /api/v1/indicators/{code}/entries       ?territory= : entered values (officers and administrators)
 * GET  /api/v1/indicators/{code}/entries/{territory}/{period}            one entry with its history
 * PUT  /api/v1/indicators/{code}/entries/{territory}/{period}            save a draft {value, unit, comment, version}
 * POST /api/v1/indicators/{code}/entries/{territory}/{period}/submit     {version}
 * POST /api/v1/indicators/{code}/entries/{territory}/{period}/approve    {version}            (administrator)
 * POST /api/v1/indicators/{code}/entries/{territory}/{period}/return     {comment, version}   (administrator)
 * POST /api/v1/indicators/{code}/entries/{territory}/{period}/revise     {value, unit, comment, version}
 * </pre>
 * Reading is public; entry needs a login (401 without, 403 for what is not yours, 409 for a stale version).
 */
public final class IndicatorRoutes {
    private static final String ENTRY = "/api/v1/indicators/{code}/entries/{territory}/{period}";

    private final IndicatorService service;
    private final ObjectMapper json = new ObjectMapper();

    public IndicatorRoutes(IndicatorService service) {
        this.service = requireNonNull(service, "service");
    }

    public void register(JavalinConfig config) {
        config.routes.get("/api/v1/indicators", this::list);
        config.routes.get("/api/v1/indicators/{code}", this::passport);
        config.routes.get("/api/v1/indicators/{code}/series", this::series);
        config.routes.get("/api/v1/indicators/{code}/ratings", this::ratings);
        config.routes.get("/api/v1/programmes", this::programmes);
        config.routes.get("/api/v1/programmes/{code}", this::programme);
        config.routes.get("/api/v1/indicators/{code}/entries", this::entries);
        config.routes.get(ENTRY, this::entry);
        config.routes.put(ENTRY, this::save);
        config.routes.post(ENTRY + "/submit", ctx -> answer(ctx, collection().submit(author(ctx), key(ctx), version(body(ctx)))));
        config.routes.post(ENTRY + "/approve", ctx -> answer(ctx, collection().approve(author(ctx), key(ctx), version(body(ctx)))));
        config.routes.post(ENTRY + "/return", ctx -> {
            Principal who = author(ctx);
            JsonNode body = body(ctx);
            answer(ctx, collection().returnForRework(who, key(ctx), body.path("comment").asText(null), version(body)));
        });
        config.routes.post(ENTRY + "/revise", ctx -> answer(ctx, collection().revise(author(ctx), key(ctx), request(body(ctx)))));
        config.routes.exception(IndicatorException.class, (e, ctx) -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", e.getMessage());
            body.put("status", e.status());
            ctx.status(e.status()).json(body);
        });
    }

    private void list(Context ctx) {
        Status wanted = null;
        String status = ctx.queryParam("status");
        if (status != null && !status.isBlank()) {
            try {
                wanted = Status.parse(status);
            } catch (IllegalArgumentException e) {
                String[] texts = e.getMessage().split(" / ");
                throw IndicatorException.badInput(texts[0], texts[1]);
            }
        }
        String sector = blankToNull(ctx.queryParam("sector"));
        String project = blankToNull(ctx.queryParam("project"));
        if (project != null && service.passports().project(project).isEmpty() && service.passports().programme(project).isEmpty()) {
            throw IndicatorException.notFound("нет программы или проекта «" + project + "»", "no programme or project «" + project + "»");
        }
        if (sector != null && service.passports().sector(sector.toUpperCase(java.util.Locale.ROOT)).isEmpty()) {
            throw IndicatorException.notFound("нет отрасли «" + sector + "»", "no sector «" + sector + "»");
        }
        List<Passport> found = service.passports().search(ctx.queryParam("q"), sector, project, blankToNull(ctx.queryParam("responsible")));
        Map<String, IndicatorStatus> statuses = service.statuses(who(ctx));
        List<Map<String, Object>> items = new ArrayList<>();
        for (Passport passport : found) {
            IndicatorStatus current = statuses.get(passport.code());
            if (wanted == null || current.latest().assessment().status() == wanted) {
                items.add(IndicatorJson.summary(current));
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", items.size());
        body.put("indicators", items);
        ctx.json(body);
    }

    private void passport(Context ctx) {
        ctx.json(IndicatorJson.passport(service.status(ctx.pathParam("code"), who(ctx))));
    }

    private void series(Context ctx) {
        String code = ctx.pathParam("code");
        Passport passport = service.passport(code);
        String place = service.seriesTerritory(ctx.queryParam("territory"), who(ctx));
        List<SeriesPoint> points = service.series(code, place, blankToNull(ctx.queryParam("from")), blankToNull(ctx.queryParam("to")), who(ctx));
        var region = service.territories().read();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("name", IndicatorJson.text(passport.name()));
        body.put("unit", IndicatorJson.text(passport.unit()));
        body.put("direction", passport.direction().name().toLowerCase(java.util.Locale.ROOT));
        body.put("territory", place);
        body.put("territoryName", region.name(place));
        body.put("points", points.stream().map(IndicatorJson::point).toList());
        if (place.equals(region.region())) {
            body.put("freshness", IndicatorJson.freshness(service.status(code, who(ctx)).freshness()));
        }
        ctx.json(body);
    }

    private void ratings(Context ctx) {
        String code = ctx.pathParam("code");
        ctx.json(IndicatorJson.rating(service.passport(code), service.ratings(code, blankToNull(ctx.queryParam("period")), who(ctx))));
    }

    private void programmes(Context ctx) {
        Map<String, ProgrammeStatus> statuses = service.programmeStatuses(service.statuses(who(ctx)));
        List<Map<String, Object>> items = new ArrayList<>();
        for (Programme programme : service.passports().programmes()) {
            items.add(IndicatorJson.programme(programme, statuses));
        }
        ctx.json(Map.of("programmes", items));
    }

    private void programme(Context ctx) {
        String code = ctx.pathParam("code");
        Map<String, IndicatorStatus> statuses = service.statuses(who(ctx));
        Map<String, ProgrammeStatus> byProgramme = service.programmeStatuses(statuses);
        Map<String, Object> body;
        var programme = service.passports().programme(code);
        if (programme.isPresent()) {
            body = IndicatorJson.programme(programme.get(), byProgramme);
        } else {
            var project = service.passports().project(code).orElseThrow(() -> IndicatorException.notFound(
                    "нет программы или проекта «" + code + "»", "no programme or project «" + code + "»"));
            body = new LinkedHashMap<>();
            body.put("code", project.code());
            body.put("programme", project.programme());
            body.put("name", IndicatorJson.text(project.name()));
            body.put("indicators", byProgramme.get(code).indicators());
        }
        body.put("items", service.passports().of(code).stream().map(p -> IndicatorJson.summary(statuses.get(p.code()))).toList());
        ctx.json(body);
    }

    private void entries(Context ctx) {
        requireStaff(who(ctx));
        List<Entry> entries = collection().list(ctx.pathParam("code"), blankToNull(ctx.queryParam("territory")));
        ctx.json(Map.of("entries", entries.stream().map(IndicatorJson::entry).toList()));
    }

    private void entry(Context ctx) {
        requireStaff(who(ctx));
        EntryKey key = key(ctx);
        Entry entry = collection().find(key).orElseThrow(() -> IndicatorException.notFound(
                "значение " + key + " ещё не вносилось", "no value " + key + " has been entered"));
        Map<String, Object> body = IndicatorJson.entry(entry);
        body.put("history", collection().history(key).stream().map(IndicatorJson::change).toList());
        ctx.json(body);
    }

    private void save(Context ctx) {
        answer(ctx, collection().save(author(ctx), key(ctx), request(body(ctx))));
    }

    private void answer(Context ctx, Entry entry) {
        ctx.json(IndicatorJson.entry(entry));
    }

    private CollectionService collection() {
        return service.collection();
    }

    private EntryKey key(Context ctx) {
        return collection().key(ctx.pathParam("code"), ctx.pathParam("period"), ctx.pathParam("territory"));
    }

    private static Principal who(Context ctx) {
        return Access.principal(ctx);
    }

    /** Who writes: without a login, nothing else is looked at (401 before any 400 or 404). */
    private static Principal author(Context ctx) {
        Principal who = who(ctx);
        if (anonymous(who)) {
            throw new IndicatorException(401, "для ввода и утверждения значений нужно войти в систему", "log in to enter or review values");
        }
        return who;
    }

    private static boolean anonymous(Principal who) {
        return who.roles().isEmpty() || who.roles().equals(java.util.Set.of(Role.PUBLIC));
    }

    /** Drafts and history are internal: officers and administrators only. */
    private static void requireStaff(Principal who) {
        if (anonymous(who)) {
            throw new IndicatorException(401, "для просмотра вводимых значений нужно войти в систему", "log in to see entered values");
        }
        if (!who.has(Role.DATA_OFFICER) && !who.has(Role.ADMINISTRATOR)) {
            throw IndicatorException.forbidden("вводимые значения видят ответственные и администраторы", "entered values are for officers and administrators");
        }
    }

    private JsonNode body(Context ctx) {
        String text = ctx.body();
        if (text == null || text.isBlank()) {
            return json.createObjectNode();
        }
        JsonNode body = StrictJson.read(text, json, IndicatorException::badInput);
        if (!body.isObject()) {
            throw IndicatorException.badInput("тело запроса должно быть JSON-объектом", "the request body must be a JSON object");
        }
        return body;
    }

    private static EntryRequest request(JsonNode body) {
        return new EntryRequest(body.get("value"), body.path("unit").isTextual() ? body.get("unit").asText() : null,
                body.path("comment").isTextual() ? body.get("comment").asText() : null, version(body));
    }

    private static Integer version(JsonNode body) {
        JsonNode version = body.get("version");
        if (version == null || version.isNull()) {
            return null;
        }
        if (!version.canConvertToInt() || !version.isIntegralNumber()) {
            throw IndicatorException.badInput("version должна быть целым числом — версией, которую вы прочитали",
                    "version must be a whole number: the version you read");
        }
        return version.intValue();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
