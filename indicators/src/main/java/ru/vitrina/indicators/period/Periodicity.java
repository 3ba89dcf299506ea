package ru.vitrina.indicators.period;

import java.util.Locale;

/** How often an indicator gets a value, and how many days after a period ends its value is due by default. */
public enum Periodicity {
    YEAR(1, 90),
    QUARTER(4, 45),
    MONTH(12, 20);

    private final int perYear;
    private final int defaultDueDays;

    Periodicity(int perYear, int defaultDueDays) {
        this.perYear = perYear;
        this.defaultDueDays = defaultDueDays;
    }

    public int perYear() {
        return perYear;
    }

    public int defaultDueDays() {
        return defaultDueDays;
    }

    public static Periodicity parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("periodicity «" + text + "»: year, quarter or month");
        }
    }
}
