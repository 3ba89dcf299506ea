package ru.vitrina.indicators.collection;

import com.fasterxml.jackson.databind.JsonNode;
import ru.vitrina.engine.access.Principal;
import ru.vitrina.engine.access.Role;
import ru.vitrina.engine.store.Written;
import ru.vitrina.indicators.IndicatorException;
import ru.vitrina.indicators.fact.Territories;
import ru.vitrina.indicators.passport.Passport;
import ru.vitrina.indicators.passport.PassportCatalog;
import ru.vitrina.indicators.passport.ValueType;
import ru.vitrina.indicators.period.Period;
import ru.vitrina.indicators.status.Assessment;
import ru.vitrina.indicators.status.Status;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Data collection: an officer enters values of the indicators they own for the territories they own; an
 * administrator approves or returns them.
 *
 * <ul>
 *   <li>Who: a {@link Role#DATA_OFFICER} whose {@code indicators} hold the code and whose {@code territories} hold the
 *       territory (none = the whole region) saves and submits; an {@link Role#ADMINISTRATOR} who neither submitted
 *       nor typed the value since its last approval approves or returns it (four eyes).</li>
 *   <li>Workflow: draft → submitted → approved, or submitted → returned (with a comment) → edited → submitted.
 *       An approved value is frozen: changing it is a revision, which keeps the first published value beside the
 *       revised one; readers see the approved value until the revision is approved in turn.</li>
 *   <li>Every write names the version it read; a write over someone else's newer change is refused with 409.</li>
 *   <li>Approving publishes a new data version of the store, so cached answers and open screens update.</li>
 * </ul>
 */
public final class CollectionService {
    private final PassportCatalog passports;
    private final EntryStore entries;
    private final Territories territories;
    private final TargetCheck targets;
    private final Clock clock;

    public CollectionService(PassportCatalog passports, EntryStore entries, Territories territories, TargetCheck targets, Clock clock) {
        this.passports = requireNonNull(passports, "passports");
        this.entries = requireNonNull(entries, "entries");
        this.territories = requireNonNull(territories, "territories");
        this.targets = requireNonNull(targets, "targets");
        this.clock = requireNonNull(clock, "clock");
    }

    /** Reads and checks the address of a value: a known code, a finished period of its periodicity, a known territory. */
    public EntryKey key(String code, String period, String territory) {
        Passport passport = passport(code);
        Period parsed;
        try {
            parsed = Period.parse(period);
        } catch (IllegalArgumentException e) {
            String[] texts = e.getMessage().split(" / ");
            throw IndicatorException.badInput(texts[0], texts[1]);
        }
        if (parsed.periodicity() != passport.periodicity()) {
            throw IndicatorException.badInput("показатель " + code + " собирается с периодичностью «" + passport.periodicity().ru()
                            + "», а не «" + period + "»",
                    "indicator " + code + " is collected per " + passport.periodicity().en()
                            + ", not «" + period + "»");
        }
        if (!parsed.end().isBefore(LocalDate.now(clock))) {
            throw IndicatorException.badInput("период " + parsed + " ещё не закончился: значение вносится после его окончания",
                    "period " + parsed + " has not ended yet: values are entered after it ends");
        }
        if (territory == null || !territories.read().known(territory)) {
            throw IndicatorException.badInput("неизвестная территория «" + territory + "»: код ОКТМО региона или муниципального образования",
                    "unknown territory «" + territory + "»: the OKTMO code of the region or a municipal formation");
        }
        return new EntryKey(passport.code(), parsed, territory);
    }

    public Optional<Entry> find(EntryKey key) {
        return entries.find(key);
    }

    public List<Entry> list(String code, String territory) {
        passport(code);
        return entries.list(code, territory);
    }

    public List<HistoryRecord> history(EntryKey key) {
        return entries.history(key);
    }

    /** Saves a draft (new, or a draft or returned entry being edited). */
    public synchronized Entry save(Principal who, EntryKey key, EntryRequest request) {
        Passport passport = passport(key.code());
        requireOwner(who, passport, key);
        double value = validValue(passport, request);
        Optional<Entry> current = entries.find(key);
        LocalDateTime now = now();
        if (current.isEmpty()) {
            expect(request.expectedVersion() == null ? 0 : request.expectedVersion(), 0, key, null);
            Entry created = new Entry(key, value, blankToNull(request.comment()), EntryState.DRAFT, 1, null, null, null,
                    0, null, null, who.login(), now);
            write(connection -> {
                entries.insert(connection, created);
                entries.record(connection, key, new HistoryRecord(now, who.login(), "save", null, value, null,
                        EntryState.DRAFT.key(), created.comment()));
            });
            return created;
        }
        Entry entry = current.get();
        if (request.expectedVersion() != null && request.expectedVersion() == 0) {
            throw IndicatorException.conflict("значение " + key + " уже внесено: " + entry.updatedBy() + ", версия "
                            + entry.version() + "; обновите страницу", "value " + key + " has already been entered by "
                            + entry.updatedBy() + " (version " + entry.version() + "); reload");
        }
        if (entry.state() == EntryState.APPROVED) {
            throw IndicatorException.conflict("значение " + key + " утверждено и заморожено; изменить его можно только пересмотром (revise)",
                    "value " + key + " is approved and frozen; change it through a revision (revise)");
        }
        if (entry.state() == EntryState.SUBMITTED) {
            throw IndicatorException.conflict("значение " + key + " на утверждении; изменить его можно после возврата",
                    "value " + key + " is awaiting approval; it can be changed once returned");
        }
        return change(who, entry, request.expectedVersion(), "save", value, blankToNull(request.comment()), EntryState.DRAFT, now);
    }

    /** Starts a revision of an approved value: a new draft value with the reason; the published value stays until approved. */
    public synchronized Entry revise(Principal who, EntryKey key, EntryRequest request) {
        Passport passport = passport(key.code());
        requireOwner(who, passport, key);
        double value = validValue(passport, request);
        Entry entry = existing(key);
        if (entry.state() != EntryState.APPROVED) {
            throw IndicatorException.conflict("пересматривается только утверждённое значение; " + key + " в состоянии " + entry.state().key(),
                    "only an approved value is revised; " + key + " is " + entry.state().key());
        }
        if (blankToNull(request.comment()) == null) {
            throw IndicatorException.badInput("для пересмотра утверждённого значения нужна причина (comment)",
                    "revising an approved value needs a reason (comment)");
        }
        return change(who, entry, request.expectedVersion(), "revise", value, request.comment(), EntryState.DRAFT, now());
    }

    /** Sends a draft or returned value for approval; a value off target needs a comment. */
    public synchronized Entry submit(Principal who, EntryKey key, Integer expectedVersion) {
        Passport passport = passport(key.code());
        requireOwner(who, passport, key);
        Entry entry = existing(key);
        if (entry.state() != EntryState.DRAFT && entry.state() != EntryState.RETURNED) {
            throw IndicatorException.conflict("отправить на утверждение можно черновик или возвращённое значение; " + key
                    + " в состоянии " + entry.state().key(), "only a draft or returned value is submitted; " + key + " is " + entry.state().key());
        }
        Assessment assessment = targets.assess(passport, key, entry.value());
        boolean offTarget = assessment.status() == Status.AT_RISK || assessment.status() == Status.OFF_TRACK;
        if (offTarget && entry.comment() == null) {
            throw IndicatorException.badInput("значение " + fmt(entry.value()) + " не достигает цели (" + assessment.reasonRu()
                            + "): добавьте комментарий с объяснением причин",
                    "value " + fmt(entry.value()) + " is off target (" + assessment.reasonEn() + "): add a comment explaining why");
        }
        Entry submitted = new Entry(key, entry.value(), entry.comment(), EntryState.SUBMITTED, entry.version() + 1,
                entry.publishedValue(), entry.firstPublishedValue(), entry.publishedAt(), entry.revision(),
                entry.reviewComment(), who.login(), who.login(), now());
        return apply(who, entry, submitted, expectedVersion, "submit", entry.comment(), false);
    }

    /** Approves a submitted value and publishes it. */
    public synchronized Entry approve(Principal who, EntryKey key, Integer expectedVersion) {
        Entry entry = reviewable(who, key);
        LocalDateTime now = now();
        Entry approved = new Entry(key, entry.value(), entry.comment(), EntryState.APPROVED, entry.version() + 1,
                entry.value(), entry.firstPublishedValue() == null ? entry.value() : entry.firstPublishedValue(), now,
                entry.revision() + 1, null, entry.submittedBy(), who.login(), now);
        return apply(who, entry, approved, expectedVersion, "approve", null, true);
    }

    /** Returns a submitted value to its officer with the reason. */
    public synchronized Entry returnForRework(Principal who, EntryKey key, String comment, Integer expectedVersion) {
        if (blankToNull(comment) == null) {
            throw IndicatorException.badInput("при возврате нужен комментарий: что исправить",
                    "returning a value needs a comment: what to correct");
        }
        Entry entry = reviewable(who, key);
        Entry returned = new Entry(key, entry.value(), entry.comment(), EntryState.RETURNED, entry.version() + 1,
                entry.publishedValue(), entry.firstPublishedValue(), entry.publishedAt(), entry.revision(), comment,
                entry.submittedBy(), who.login(), now());
        return apply(who, entry, returned, expectedVersion, "return", comment, false);
    }

    private Entry reviewable(Principal who, EntryKey key) {
        passport(key.code());
        requireLogin(who);
        if (!who.has(Role.ADMINISTRATOR)) {
            throw IndicatorException.forbidden("утверждает и возвращает значения администратор; у «" + who.login() + "» нет этой роли",
                    "values are approved and returned by an administrator; «" + who.login() + "» is not one");
        }
        Entry entry = existing(key);
        if (entry.state() != EntryState.SUBMITTED) {
            throw IndicatorException.conflict("утвердить или вернуть можно только отправленное значение; " + key
                    + " в состоянии " + entry.state().key(), "only a submitted value is approved or returned; " + key + " is " + entry.state().key());
        }
        if (who.login().equals(entry.submittedBy())) {
            throw IndicatorException.forbidden("нельзя утвердить или вернуть значение, отправленное вами же (принцип четырёх глаз)",
                    "you cannot review a value you submitted yourself (four eyes)");
        }
        if (authorsSinceApproval(key).contains(who.login())) {
            throw IndicatorException.forbidden("нельзя утвердить или вернуть значение, которое вы сами вносили или изменяли, "
                            + "даже если отправил его другой (принцип четырёх глаз)",
                    "you cannot review a value you entered or changed yourself, even if someone else submitted it (four eyes)");
        }
        return entry;
    }

    /** Who typed the figure under review: everyone who saved or revised it since it was last approved. */
    private java.util.Set<String> authorsSinceApproval(EntryKey key) {
        java.util.Set<String> authors = new java.util.HashSet<>();
        for (HistoryRecord change : entries.history(key)) {
            switch (change.action()) {
                case "approve" -> authors.clear();
                case "save", "revise" -> authors.add(change.login());
                default -> { }
            }
        }
        return authors;
    }

    private Entry change(Principal who, Entry entry, Integer expectedVersion, String action, double value, String comment,
                         EntryState state, LocalDateTime now) {
        Entry changed = new Entry(entry.key(), value, comment, state, entry.version() + 1, entry.publishedValue(),
                entry.firstPublishedValue(), entry.publishedAt(), entry.revision(), entry.reviewComment(),
                entry.submittedBy(), who.login(), now);
        return apply(who, entry, changed, expectedVersion, action, comment, false);
    }

    private Entry apply(Principal who, Entry before, Entry after, Integer expectedVersion, String action, String comment, boolean publish) {
        if (expectedVersion == null) {
            throw IndicatorException.badInput("укажите version — версию значения, которую вы прочитали (сейчас "
                    + before.version() + ")", "give version: the version of the value you read (now " + before.version() + ")");
        }
        int expected = expectedVersion;
        expect(expected, before.version(), before.key(), before);
        Work work = connection -> {
            if (!entries.update(connection, after, expected)) {
                throw conflict(before.key(), entries.find(connection, before.key()).orElse(before));
            }
            entries.record(connection, after.key(), new HistoryRecord(after.updatedAt(), who.login(), action,
                    before.value(), after.value(), before.state().key(), after.state().key(), comment));
        };
        if (publish) {
            // The approval writes only the indicator schema: no rollup and no cube's data set reads it.
            entries.store().publishDeclared("indicators", "approved " + after.key(), connection -> {
                work.write(connection);
                return Written.schemas("indicator");
            });
        } else {
            write(work);
        }
        return after;
    }

    private static void expect(int expected, int actual, EntryKey key, Entry current) {
        if (expected != actual) {
            throw current == null
                    ? IndicatorException.conflict("значение " + key + " уже внесено кем-то другим; обновите страницу",
                            "value " + key + " was entered by someone else meanwhile; reload")
                    : conflict(key, current);
        }
    }

    private static IndicatorException conflict(EntryKey key, Entry current) {
        return IndicatorException.conflict("значение " + key + " уже изменил(а) " + current.updatedBy() + " в "
                        + current.updatedAt() + " (версия " + current.version() + "); обновите страницу и повторите",
                "value " + key + " was changed by " + current.updatedBy() + " at " + current.updatedAt() + " (version "
                        + current.version() + "); reload and try again");
    }

    private void write(Work work) {
        try (Connection connection = entries.store().connect()) {
            connection.setAutoCommit(false);
            try {
                work.write(connection);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new ru.vitrina.engine.store.StoreException("Cannot write an indicator entry: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface Work {
        void write(Connection connection) throws SQLException;
    }

    private Entry existing(EntryKey key) {
        return entries.find(key).orElseThrow(() -> IndicatorException.notFound("значение " + key + " ещё не вносилось",
                "no value " + key + " has been entered"));
    }

    private Passport passport(String code) {
        return passports.find(code).orElseThrow(() -> IndicatorException.notFound("нет показателя с кодом «" + code + "»",
                "no indicator with the code «" + code + "»"));
    }

    private static void requireLogin(Principal who) {
        if (who.roles().isEmpty() || who.roles().equals(java.util.Set.of(Role.PUBLIC))) {
            throw new IndicatorException(401, "для ввода и утверждения значений нужно войти в систему",
                    "log in to enter or review values");
        }
    }

    private static void requireOwner(Principal who, Passport passport, EntryKey key) {
        requireLogin(who);
        if (!passport.method().kind().equals(ru.vitrina.indicators.passport.Method.Kind.MANUAL)) {
            throw IndicatorException.badInput("показатель " + passport.code() + " рассчитывается по кубам и не вводится вручную",
                    "indicator " + passport.code() + " is computed from cubes and is not entered by hand");
        }
        if (!who.has(Role.DATA_OFFICER) || !who.indicators().contains(passport.code())) {
            throw IndicatorException.forbidden("«" + who.login() + "» не отвечает за ввод показателя " + passport.code(),
                    "«" + who.login() + "» is not responsible for entering indicator " + passport.code());
        }
        if (who.limitedToTerritories() && !who.territories().contains(key.territory())) {
            throw IndicatorException.forbidden("«" + who.login() + "» не вносит значения по территории " + key.territory()
                    + "; разрешены: " + new java.util.TreeSet<>(who.territories()),
                    "«" + who.login() + "» does not enter values for territory " + key.territory());
        }
    }

    private static double validValue(Passport passport, EntryRequest request) {
        JsonNode node = request.value();
        if (node == null || node.isNull() || node.isMissingNode()) {
            throw IndicatorException.badInput("не указано значение (value)", "no value given (value)");
        }
        if (!node.isNumber()) {
            throw IndicatorException.badInput("значение должно быть числом, а не «" + node.asText() + "»",
                    "the value must be a number, not «" + node.asText() + "»");
        }
        double value = node.doubleValue();
        if (!Double.isFinite(value)) {
            throw IndicatorException.badInput("значение должно быть конечным числом", "the value must be a finite number");
        }
        if (passport.valueType() == ValueType.FLAG && value != 0 && value != 1) {
            throw IndicatorException.badInput("показатель " + passport.code() + " — признак (есть / нет): 1 или 0, а не " + fmt(value),
                    "indicator " + passport.code() + " is a flag (yes / no): 1 or 0, not " + fmt(value));
        }
        if (passport.valueType() == ValueType.COUNT && value != Math.rint(value)) {
            throw IndicatorException.badInput("показатель " + passport.code() + " — количество: нужно целое число, а не " + fmt(value),
                    "indicator " + passport.code() + " is a count: a whole number is needed, not " + fmt(value));
        }
        if (!passport.range().contains(value)) {
            throw IndicatorException.badInput("значение " + fmt(value) + " вне допустимого диапазона " + passport.range().text()
                    + " показателя " + passport.code(), "value " + fmt(value) + " is outside the range " + passport.range().text()
                    + " of indicator " + passport.code());
        }
        if (request.unit() != null && !sameUnit(request.unit(), passport)) {
            throw IndicatorException.badInput("единица «" + request.unit() + "» не совпадает с единицей показателя «"
                    + passport.unit().ru() + "»", "unit «" + request.unit() + "» is not the indicator's unit «" + passport.unit().en() + "»");
        }
        return value;
    }

    private static boolean sameUnit(String unit, Passport passport) {
        String given = normalUnit(unit);
        return given.equals(normalUnit(passport.unit().ru())) || given.equals(normalUnit(passport.unit().en()));
    }

    private static String normalUnit(String unit) {
        return unit.strip().toLowerCase(Locale.ROOT).replace(" ", "").replace("\u00a0", "");
    }

    private static String fmt(double value) {
        return ru.vitrina.indicators.target.Target.level(value).text();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private LocalDateTime now() {
        return LocalDateTime.now(clock).withNano(0);
    }
}
