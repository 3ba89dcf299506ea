package ru.vitrina.indicators.monitoring;

import ru.vitrina.engine.access.Principal;
import ru.vitrina.engine.query.QueryEngine;
import ru.vitrina.indicators.IndicatorException;
import ru.vitrina.indicators.collection.CollectionService;
import ru.vitrina.indicators.collection.Entry;
import ru.vitrina.indicators.collection.EntryKey;
import ru.vitrina.indicators.collection.EntryStore;
import ru.vitrina.indicators.fact.CubeFacts;
import ru.vitrina.indicators.fact.Territories;
import ru.vitrina.indicators.passport.Direction;
import ru.vitrina.indicators.passport.Passport;
import ru.vitrina.indicators.passport.PassportCatalog;
import ru.vitrina.indicators.passport.Programme;
import ru.vitrina.indicators.passport.Project;
import ru.vitrina.indicators.period.Period;
import ru.vitrina.indicators.period.Periodicity;
import ru.vitrina.indicators.status.Assessment;
import ru.vitrina.indicators.status.Freshness;
import ru.vitrina.indicators.status.PeriodTarget;
import ru.vitrina.indicators.status.Status;
import ru.vitrina.indicators.status.StatusRule;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/**
 * Indicator monitoring: facts (from cubes through the query engine, or approved entries), targets and statuses by
 * period, the current status with freshness, ratings of municipal formations and the status of whole programmes.
 * Everything is computed with the rights of whoever asks ({@link CubeFacts}): a user bound to territories sees the
 * figures of their own territories only, and a rating for them ranks only those.
 */
public final class IndicatorService {
    /** A series longer than this is refused: 20 years of months. */
    public static final int MAX_PERIODS = 240;
    /** How far back the latest value of a cube indicator is looked for. */
    private static final int LOOK_BACK = 36;

    private final PassportCatalog passports;
    private final CubeFacts cubes;
    private final EntryStore entries;
    private final Territories territories;
    private final Clock clock;
    private final CollectionService collection;

    public IndicatorService(PassportCatalog passports, QueryEngine engine, EntryStore entries, Clock clock) {
        this.passports = requireNonNull(passports, "passports");
        this.cubes = new CubeFacts(requireNonNull(engine, "engine"));
        this.entries = requireNonNull(entries, "entries");
        this.territories = new Territories(entries.store());
        this.clock = requireNonNull(clock, "clock");
        this.collection = new CollectionService(passports, entries, territories, this::assessEntry, clock);
    }

    public PassportCatalog passports() {
        return passports;
    }

    public CollectionService collection() {
        return collection;
    }

    public Territories territories() {
        return territories;
    }

    public Passport passport(String code) {
        return passports.find(code).orElseThrow(() -> IndicatorException.notFound("нет показателя с кодом «" + code + "»",
                "no indicator with the code «" + code + "»"));
    }

    private Assessment assessEntry(Passport passport, EntryKey key, double value) {
        Facts facts = facts();
        PeriodTarget target = StatusRule.targetFor(passport, key.period(), key.territory(),
                // Vitrina's own check of an entered value against its target: not a read on anyone's behalf.
                year -> yearValue(passport, facts, year, key.territory(), Principal.system()));
        return StatusRule.assess(passport, value, target);
    }

    /**
     * The territory a series is for: the one asked for; without one, the region, or for a user bound to territories
     * their own one (several: 400 asking to choose, since the region's figure is not theirs to read). Refused when
     * unknown (400) or not this user's (403).
     */
    public String seriesTerritory(String territory, Principal who) {
        Territories.Region known = territories.read();
        String place = territory;
        if (place == null || place.isBlank()) {
            if (!who.limitedToTerritories()) {
                return known.region();
            }
            if (who.territories().size() > 1) {
                Set<String> yours = new TreeSet<>(who.territories());
                throw IndicatorException.badInput("укажите территорию параметром territory, одну из ваших: " + yours,
                        "choose a territory with the territory parameter, one of yours: " + yours);
            }
            place = who.territories().iterator().next();
        }
        if (!known.known(place)) {
            throw IndicatorException.badInput("неизвестная территория «" + place + "»", "unknown territory «" + place + "»");
        }
        if (who.limitedToTerritories() && !who.territories().contains(place)) {
            throw IndicatorException.forbidden("территория «" + place + "» не ваша; ваши: " + who.territories(),
                    "territory «" + place + "» is not yours; yours: " + who.territories());
        }
        return place;
    }

    /**
     * Fact, target and status per period, {@code from} to {@code to} inclusive (null: the passport's natural span), in
     * a territory (null: as {@link #seriesTerritory} chooses).
     */
    public List<SeriesPoint> series(String code, String territory, String from, String to, Principal who) {
        Passport passport = passport(code);
        String place = seriesTerritory(territory, who);
        Facts facts = facts();
        Period first = from == null ? defaultFrom(passport, facts) : period(passport, from, "from");
        Period last = to == null ? defaultTo(passport, facts) : period(passport, to, "to");
        if (first.compareTo(last) > 0) {
            throw IndicatorException.badInput("начало периода " + first + " позже конца " + last, "from " + first + " is after to " + last);
        }
        List<SeriesPoint> points = new ArrayList<>();
        for (Period period = first; period.compareTo(last) <= 0; period = period.next()) {
            if (points.size() == MAX_PERIODS) {
                throw IndicatorException.badInput("не больше " + MAX_PERIODS + " периодов в одном ряду", "at most " + MAX_PERIODS + " periods in one series");
            }
            points.add(point(passport, period, place, facts, who));
        }
        return points;
    }

    private SeriesPoint point(Passport passport, Period period, String territory, Facts facts, Principal who) {
        Double value;
        Double firstPublished = null;
        if (passport.method().fromCubes()) {
            value = period.start().isAfter(LocalDate.now(clock))
                    ? null : cubes.value(passport, period, territory, facts.region, who);
        } else {
            Entry entry = facts.entry(passport.code(), period, territory);
            value = entry == null ? null : entry.publishedValue();
            if (entry != null && entry.revision() > 1 && !entry.firstPublishedValue().equals(entry.publishedValue())) {
                firstPublished = entry.firstPublishedValue();
            }
        }
        PeriodTarget target = StatusRule.targetFor(passport, period, territory, year -> yearValue(passport, facts, year, territory, who));
        return new SeriesPoint(period, value, firstPublished, target, StatusRule.assess(passport, value, target));
    }

    /** A year's value, the base of a multiple: the year itself, or its last period for shorter periodicities. */
    private Double yearValue(Passport passport, Facts facts, int year, String territory, Principal who) {
        Period last = new Period(year, passport.periodicity(), passport.periodicity().perYear());
        if (passport.method().fromCubes()) {
            return cubes.value(passport, last, territory, facts.region, who);
        }
        Entry entry = facts.entry(passport.code(), last, territory);
        return entry == null ? null : entry.publishedValue();
    }

    /** Where every indicator stands now in the region, as far as this user may read the region's figures. */
    public Map<String, IndicatorStatus> statuses(Principal who) {
        Facts facts = facts();
        Map<String, IndicatorStatus> statuses = new LinkedHashMap<>();
        for (Passport passport : passports.passports()) {
            statuses.put(passport.code(), status(passport, facts, who));
        }
        return statuses;
    }

    public IndicatorStatus status(String code, Principal who) {
        return status(passport(code), facts(), who);
    }

    private IndicatorStatus status(Passport passport, Facts facts, Principal who) {
        String region = facts.region;
        LocalDate today = LocalDate.now(clock);
        Period latest = null;
        if (passport.method().fromCubes()) {
            // A period not over yet has no value of its own (as in data entry): its facts are partial. A year-to-date
            // figure exists for every month after the first fact, so a month counts only with facts of its own.
            Period period = Period.containing(today, passport.periodicity());
            if (!period.end().isBefore(today)) {
                period = period.previous();
            }
            for (int i = 0; i < LOOK_BACK && latest == null; i++, period = period.previous()) {
                if (cubes.reported(passport, period, region, region, who)) {
                    latest = period;
                }
            }
        } else {
            latest = facts.latest(passport.code(), region);
        }
        Freshness freshness = Freshness.of(passport, latest, today);
        Period shown = latest != null ? latest : freshness.next();
        return new IndicatorStatus(passport, point(passport, shown, region, facts, who), freshness);
    }

    /**
     * Municipal formations ranked in {@code period} (null: the latest period with a value in the region). For a user
     * bound to territories the rating holds their own formations only, ranked among themselves, without the region's
     * value: a place among all municipalities would tell how the others did.
     */
    public Rating ratings(String code, String periodText, Principal who) {
        Passport passport = passport(code);
        Facts facts = facts();
        Territories.Region region = territories.read();
        Period period;
        if (periodText == null || periodText.isBlank()) {
            // Which period is the latest is no figure of anyone's: found over the whole region.
            period = status(passport, facts, Principal.system()).latest().period();
        } else {
            period = period(passport, periodText, "period");
        }
        Map<String, Double> values = new HashMap<>();
        if (passport.method().fromCubes()) {
            values.putAll(cubes.byMunicipality(passport, period, who));
        } else {
            for (String oktmo : visible(region, who)) {
                Entry entry = facts.entry(passport.code(), period, oktmo);
                if (entry != null) {
                    values.put(oktmo, entry.publishedValue());
                }
            }
        }
        Comparator<Double> better = passport.direction() == Direction.LOWER ? Comparator.naturalOrder() : Comparator.reverseOrder();
        List<String> ranked = new ArrayList<>(visible(region, who));
        ranked.sort(Comparator.comparing((String oktmo) -> values.get(oktmo), Comparator.nullsLast(better))
                .thenComparing(oktmo -> oktmo));
        List<Rating.Place> places = new ArrayList<>();
        Integer rank = null;
        Double previous = null;
        for (int i = 0; i < ranked.size(); i++) {
            String oktmo = ranked.get(i);
            Double value = values.get(oktmo);
            if (value == null) {
                rank = null;
            } else if (!value.equals(previous)) {
                rank = i + 1;
            }
            previous = value;
            PeriodTarget target = StatusRule.targetFor(passport, period, oktmo, year -> yearValue(passport, facts, year, oktmo, who));
            places.add(new Rating.Place(rank, oktmo, region.municipalities().get(oktmo), value,
                    StatusRule.assess(passport, value, target)));
        }
        Double regionValue = who.limitedToTerritories() ? null : point(passport, period, region.region(), facts, who).value();
        return new Rating(period, regionValue, places);
    }

    /** The municipal formations this user may see in a rating: all, or their own. */
    private static List<String> visible(Territories.Region region, Principal who) {
        return region.municipalities().keySet().stream()
                .filter(oktmo -> !who.limitedToTerritories() || who.territories().contains(oktmo)).toList();
    }

    /** Every programme and project with the statuses of its indicators. */
    public Map<String, ProgrammeStatus> programmeStatuses(Map<String, IndicatorStatus> statuses) {
        Map<String, ProgrammeStatus> result = new LinkedHashMap<>();
        for (Programme programme : passports.programmes()) {
            result.put(programme.code(), of(programme.code(), statuses));
            for (Project project : programme.projects()) {
                if (!project.code().equals(programme.code())) {
                    result.put(project.code(), of(project.code(), statuses));
                }
            }
        }
        return result;
    }

    private ProgrammeStatus of(String code, Map<String, IndicatorStatus> statuses) {
        List<Status> list = new ArrayList<>();
        for (Passport passport : passports.of(code)) {
            list.add(statuses.get(passport.code()).latest().assessment().status());
        }
        return ProgrammeStatus.of(code, list);
    }

    private Period period(Passport passport, String text, String parameter) {
        Period period;
        try {
            period = Period.parse(text);
        } catch (IllegalArgumentException e) {
            String[] texts = e.getMessage().split(" / ");
            throw IndicatorException.badInput("параметр " + parameter + ": " + texts[0], "parameter " + parameter + ": " + texts[1]);
        }
        if (period.periodicity() != passport.periodicity()) {
            throw IndicatorException.badInput("параметр " + parameter + ": показатель " + passport.code() + " собирается с периодичностью «"
                            + passport.periodicity().ru() + "», а не «" + text + "»",
                    "parameter " + parameter + ": indicator " + passport.code() + " is per "
                            + passport.periodicity().en() + ", not «" + text + "»");
        }
        return period;
    }

    private Period defaultFrom(Passport passport, Facts facts) {
        Period first = Period.containing(LocalDate.now(clock), passport.periodicity());
        if (passport.periodicity() == Periodicity.YEAR) {
            first = first.previous().previous();
        } else {
            first = new Period(first.year() - 1, passport.periodicity(), 1);
        }
        if (!passport.targets().byYear().isEmpty()) {
            int year = passport.targets().years().firstKey();
            first = min(first, new Period(year, passport.periodicity(), 1));
        }
        Period earliest = facts.earliest(passport.code());
        return earliest == null ? first : min(first, earliest);
    }

    private Period defaultTo(Passport passport, Facts facts) {
        Period last = Period.containing(LocalDate.now(clock), passport.periodicity());
        if (!passport.targets().byYear().isEmpty()) {
            int year = passport.targets().years().lastKey();
            Period end = new Period(year, passport.periodicity(), passport.periodicity().perYear());
            last = end.compareTo(last) > 0 ? end : last;
        }
        return last;
    }

    private static Period min(Period a, Period b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private Facts facts() {
        return new Facts(territories.read().region(), entries.published());
    }

    /** The region's code and the published entries of one read, looked up by indicator, period and territory. */
    private static final class Facts {
        private final String region;
        private final Map<String, Entry> byKey = new HashMap<>();
        private final Map<String, TreeMap<Period, Entry>> byCode = new HashMap<>();

        Facts(String region, List<Entry> published) {
            this.region = region;
            for (Entry entry : published) {
                byKey.put(key(entry.key().code(), entry.key().period(), entry.key().territory()), entry);
                byCode.computeIfAbsent(entry.key().code() + "|" + entry.key().territory(), c -> new TreeMap<>())
                        .put(entry.key().period(), entry);
            }
        }

        Entry entry(String code, Period period, String territory) {
            return byKey.get(key(code, period, territory));
        }

        Period latest(String code, String territory) {
            TreeMap<Period, Entry> periods = byCode.get(code + "|" + territory);
            return periods == null ? null : periods.lastKey();
        }

        Period earliest(String code) {
            Period earliest = null;
            for (Map.Entry<String, TreeMap<Period, Entry>> series : byCode.entrySet()) {
                if (series.getKey().startsWith(code + "|")) {
                    Period first = series.getValue().firstKey();
                    earliest = earliest == null || first.compareTo(earliest) < 0 ? first : earliest;
                }
            }
            return earliest;
        }

        private static String key(String code, Period period, String territory) {
            return code + "|" + period + "|" + territory;
        }
    }
}
