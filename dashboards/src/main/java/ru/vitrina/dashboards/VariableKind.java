package ru.vitrina.dashboards;

import java.time.YearMonth;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** What a dashboard variable holds, and so which values it accepts from a URL. */
public enum VariableKind {
    /** A reporting month {@code YYYY-MM}; also gives {@code ${name.year}}, {@code ${name.end}} and the like (see {@link PeriodValues}). */
    MONTH(Pattern.compile("\\d{4}-(0[1-9]|1[0-2])")),
    /** An OKTMO code of the region or a municipal formation, 8 digits (11 for a settlement). */
    TERRITORY(Pattern.compile("\\d{8}(\\d{3})?")),
    /** A plain code: letters, digits, dot, dash, underscore. */
    CODE(Pattern.compile("[\\p{L}\\p{N}._-]{1,64}"));

    /**
     * The months a month variable takes: every date it gives ({@link PeriodValues}, down to the start of the year before)
     * stays within the dates a query may name (1900-01-01 to 2200-12-31, DateRangeParser of the engine), so a month
     * out of range is refused naming the month sent, not a derived date the user never wrote.
     */
    public static final YearMonth FIRST_MONTH = YearMonth.of(1901, 1);
    public static final YearMonth LAST_MONTH = YearMonth.of(2200, 12);

    private final Pattern accepted;

    VariableKind(Pattern accepted) {
        this.accepted = accepted;
    }

    public boolean accepts(String value) {
        if (value == null || !accepted.matcher(value).matches()) {
            return false;
        }
        if (this != MONTH) {
            return true;
        }
        YearMonth month = YearMonth.parse(value);
        return !month.isBefore(FIRST_MONTH) && !month.isAfter(LAST_MONTH);
    }

    /** How the kind is named in a refusal: the YAML name, and for a month the months it takes. */
    public String described() {
        return this == MONTH ? yamlName() + ", " + FIRST_MONTH + "…" + LAST_MONTH : yamlName();
    }

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<VariableKind> fromYaml(String name) {
        return Arrays.stream(values()).filter(k -> k.yamlName().equals(name)).findFirst();
    }
}
