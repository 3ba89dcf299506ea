package ru.vitrina.indicators.period;

import java.util.Locale;

/** How often an indicator gets a value, and how many days after a period ends its value is due by default. */
public enum Periodicity {
    YEAR(1, 90, "год"),
    QUARTER(4, 45, "квартал"),
    MONTH(12, 20, "месяц");

    private final int perYear;
    private final int defaultDueDays;
    private final String ru;

    Periodicity(int perYear, int defaultDueDays, String ru) {
        this.perYear = perYear;
        this.defaultDueDays = defaultDueDays;
        this.ru = ru;
    }

    /** The period's name in Russian, for messages a person reads: «год», «квартал», «месяц». */
    public String ru() {
        return ru;
    }

    /** The period's name in English: year, quarter, month. */
    public String en() {
        return name().toLowerCase(Locale.ROOT);
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
