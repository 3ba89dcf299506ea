package ru.vitrina.api.indicators;

import ru.vitrina.cubes.model.LocalizedText;
import ru.vitrina.indicators.collection.Entry;
import ru.vitrina.indicators.collection.HistoryRecord;
import ru.vitrina.indicators.monitoring.IndicatorStatus;
import ru.vitrina.indicators.monitoring.ProgrammeStatus;
import ru.vitrina.indicators.monitoring.Rating;
import ru.vitrina.indicators.monitoring.SeriesPoint;
import ru.vitrina.indicators.passport.Passport;
import ru.vitrina.indicators.passport.Programme;
import ru.vitrina.indicators.passport.Project;
import ru.vitrina.indicators.status.Assessment;
import ru.vitrina.indicators.status.Freshness;
import ru.vitrina.indicators.status.PeriodTarget;
import ru.vitrina.indicators.status.Status;
import ru.vitrina.indicators.target.Target;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The JSON shapes of the indicator API (keys in camelCase, enums in lower case, texts as {ru, en}). */
final class IndicatorJson {
    private IndicatorJson() {
    }

    /** A line of the list: what the indicator is and where it stands. */
    static Map<String, Object> summary(IndicatorStatus status) {
        Passport p = status.passport();
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("code", p.code());
        item.put("name", text(p.name()));
        item.put("unit", text(p.unit()));
        item.put("sector", p.sector());
        item.put("programme", p.programme());
        item.put("projects", p.projects());
        item.put("responsible", text(p.responsible()));
        item.put("direction", lower(p.direction()));
        item.put("periodicity", lower(p.periodicity()));
        item.put("method", lower(p.method().kind()));
        item.put("status", status(status.latest().assessment().status()));
        item.put("latest", point(status.latest()));
        item.put("freshness", freshness(status.freshness()));
        item.put("href", "/api/v1/indicators/" + p.code());
        return item;
    }

    /** The whole passport with the current status. */
    static Map<String, Object> passport(IndicatorStatus status) {
        Passport p = status.passport();
        Map<String, Object> item = summary(status);
        item.put("valueType", lower(p.valueType()));
        Map<String, Object> range = new LinkedHashMap<>();
        range.put("min", p.range().min());
        range.put("max", p.range().max());
        item.put("range", range);
        item.put("targetReading", lower(p.reading()));
        Map<String, Object> method = new LinkedHashMap<>();
        method.put("kind", lower(p.method().kind()));
        method.put("measure", p.method().measure());
        method.put("numerator", p.method().numerator());
        method.put("denominator", p.method().denominator());
        // Which date and which territory the figure is read by, so an analyst can ask /api/v1/load the same question.
        method.put("scale", p.method().kind() == ru.vitrina.indicators.passport.Method.Kind.RATIO ? p.method().scale() : null);
        method.put("time", p.method().time());
        method.put("territory", p.method().territory());
        method.put("formula", p.method().formula());
        item.put("method", method);
        item.put("source", text(p.source()));
        Map<String, Object> targets = new LinkedHashMap<>();
        p.targets().years().forEach((year, target) -> targets.put(year.toString(), target(target)));
        item.put("targets", targets);
        item.put("constantTarget", p.targets().constant() == null ? null : target(p.targets().constant()));
        Map<String, Object> byTerritory = new LinkedHashMap<>();
        p.targets().byTerritory().forEach((territory, years) -> {
            Map<String, Object> own = new LinkedHashMap<>();
            years.forEach((year, target) -> own.put(year.toString(), target(target)));
            byTerritory.put(territory, own);
        });
        item.put("targetsByTerritory", byTerritory);
        item.put("tolerance", p.tolerance().absolute() != null ? Map.of("absolute", p.tolerance().absolute())
                : Map.of("percent", p.tolerance().percent()));
        item.put("legalBasis", text(p.legalBasis()));
        item.put("baseline", p.baseline() == null ? null : Map.of("year", p.baseline().year(), "value", p.baseline().value()));
        item.put("reported", p.reported() == null ? null : Map.of("value", p.reported().value(), "asOf", p.reported().asOf()));
        item.put("dueDays", p.dueDays());
        item.put("kind", p.kind());
        item.put("alsoListedAs", p.alsoListed());
        item.put("flags", p.flags());
        item.put("note", p.note());
        item.put("links", Map.of("series", "/api/v1/indicators/" + p.code() + "/series",
                "ratings", "/api/v1/indicators/" + p.code() + "/ratings"));
        return item;
    }

    static Map<String, Object> point(SeriesPoint point) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("period", point.period().toString());
        item.put("value", point.value());
        if (point.firstPublished() != null) {
            item.put("firstPublished", point.firstPublished());
        }
        item.put("target", periodTarget(point.target()));
        item.putAll(assessment(point.assessment()));
        return item;
    }

    static Map<String, Object> assessment(Assessment assessment) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("status", status(assessment.status()));
        item.put("gap", assessment.gap());
        item.put("reason", text(LocalizedText.of(assessment.reasonRu(), assessment.reasonEn())));
        return item;
    }

    static Map<String, Object> periodTarget(PeriodTarget target) {
        Map<String, Object> item = target(target.target());
        if (target.why() != null) {
            item.put("why", text(target.why()));
        }
        return item;
    }

    static Map<String, Object> target(Target target) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("kind", lower(target.kind()));
        item.put("value", target.defined() ? target.value() : null);
        if (target.kind() == Target.Kind.MULTIPLE) {
            item.put("baseYear", target.baseYear());
        }
        item.put("text", target.text());
        return item;
    }

    static Map<String, Object> freshness(Freshness freshness) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("latestPeriod", freshness.latest() == null ? null : freshness.latest().toString());
        item.put("nextPeriod", freshness.next().toString());
        item.put("due", freshness.due().toString());
        item.put("overdue", freshness.overdue());
        return item;
    }

    static Map<String, Object> status(Status status) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("key", status.key());
        item.put("ru", status.ru());
        item.put("en", status.en());
        return item;
    }

    static Map<String, Object> rating(Passport passport, Rating rating) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("code", passport.code());
        item.put("period", rating.period().toString());
        item.put("direction", lower(passport.direction()));
        item.put("unit", text(passport.unit()));
        item.put("regionValue", rating.regionValue());
        List<Map<String, Object>> places = new ArrayList<>();
        for (Rating.Place place : rating.places()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("rank", place.rank());
            row.put("territory", place.territory());
            row.put("name", place.name());
            row.put("value", place.value());
            row.putAll(assessment(place.assessment()));
            places.add(row);
        }
        item.put("places", places);
        return item;
    }

    static Map<String, Object> programme(Programme programme, Map<String, ProgrammeStatus> statuses) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("code", programme.code());
        item.put("kind", programme.kind());
        item.put("name", text(programme.name()));
        item.put("nationalProject", text(programme.nationalProject()));
        item.putAll(shares(statuses.get(programme.code())));
        List<Map<String, Object>> projects = new ArrayList<>();
        for (Project project : programme.projects()) {
            if (project.code().equals(programme.code())) {
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("code", project.code());
            row.put("name", text(project.name()));
            row.put("sector", project.sector());
            row.putAll(shares(statuses.get(project.code())));
            projects.add(row);
        }
        item.put("projects", projects);
        return item;
    }

    private static Map<String, Object> shares(ProgrammeStatus status) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("indicators", status.indicators());
        Map<String, Object> counts = new LinkedHashMap<>();
        Map<String, Object> shares = new LinkedHashMap<>();
        for (Status s : Status.values()) {
            counts.put(s.key(), status.counts().get(s));
            shares.put(s.key(), Math.round(status.share(s) * 10_000) / 10_000.0);
        }
        item.put("counts", counts);
        item.put("shares", shares);
        return item;
    }

    static Map<String, Object> entry(Entry entry) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("code", entry.key().code());
        item.put("period", entry.key().period().toString());
        item.put("territory", entry.key().territory());
        item.put("value", entry.value());
        item.put("comment", entry.comment());
        item.put("state", entry.state().key());
        item.put("version", entry.version());
        item.put("publishedValue", entry.publishedValue());
        item.put("firstPublishedValue", entry.firstPublishedValue());
        item.put("publishedAt", entry.publishedAt() == null ? null : entry.publishedAt().toString());
        item.put("revision", entry.revision());
        item.put("reviewComment", entry.reviewComment());
        item.put("submittedBy", entry.submittedBy());
        item.put("updatedBy", entry.updatedBy());
        item.put("updatedAt", entry.updatedAt().toString());
        return item;
    }

    static Map<String, Object> change(HistoryRecord change) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("at", change.at().toString());
        item.put("login", change.login());
        item.put("action", change.action());
        item.put("oldValue", change.oldValue());
        item.put("newValue", change.newValue());
        item.put("oldState", change.oldState());
        item.put("newState", change.newState());
        item.put("comment", change.comment());
        return item;
    }

    static Map<String, Object> text(LocalizedText text) {
        if (text == null) {
            return null;
        }
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("ru", text.ru());
        item.put("en", text.en());
        return item;
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
