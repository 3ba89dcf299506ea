package ru.vitrina.indicators.period;

import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * A reporting period: a year ({@code 2024}), a quarter ({@code 2024-Q3}) or a month ({@code 2024-09}).
 *
 * @param index 1 for a year, 1–4 for a quarter, 1–12 for a month
 */
public record Period(int year, Periodicity periodicity, int index) implements Comparable<Period> {
    private static final int FIRST_YEAR = 1900;
    private static final int LAST_YEAR = 2200;
    private static final Pattern YEAR = Pattern.compile("(\\d{4})");
    private static final Pattern QUARTER = Pattern.compile("(\\d{4})-Q([1-4])");
    private static final Pattern MONTH = Pattern.compile("(\\d{4})-(0[1-9]|1[0-2])");

    public Period {
        requireNonNull(periodicity, "periodicity");
        if (year < FIRST_YEAR || year > LAST_YEAR || index < 1 || index > periodicity.perYear()) {
            throw new IllegalArgumentException("no such period: " + year + " " + periodicity + " " + index);
        }
    }

    public static Period year(int year) {
        return new Period(year, Periodicity.YEAR, 1);
    }

    /** Reads {@code 2024}, {@code 2024-Q3} or {@code 2024-09}; anything else is an {@link IllegalArgumentException}. */
    public static Period parse(String text) {
        String value = requireNonNull(text, "text").strip().toUpperCase(java.util.Locale.ROOT);
        Matcher m = YEAR.matcher(value);
        if (m.matches()) {
            return year(year(text, m.group(1)));
        }
        m = QUARTER.matcher(value);
        if (m.matches()) {
            return new Period(year(text, m.group(1)), Periodicity.QUARTER, Integer.parseInt(m.group(2)));
        }
        m = MONTH.matcher(value);
        if (m.matches()) {
            return new Period(year(text, m.group(1)), Periodicity.MONTH, Integer.parseInt(m.group(2)));
        }
        throw new IllegalArgumentException("период «" + text + "» не распознан: ГГГГ, ГГГГ-QN или ГГГГ-ММ / period «"
                + text + "» not understood: YYYY, YYYY-QN or YYYY-MM");
    }

    /** The year of a period a person typed, refused in their words when out of range (a typo such as 1024 or 2202). */
    private static int year(String text, String digits) {
        int year = Integer.parseInt(digits);
        if (year < FIRST_YEAR || year > LAST_YEAR) {
            throw new IllegalArgumentException("период «" + text + "»: год вне " + FIRST_YEAR + "–" + LAST_YEAR + " / period «"
                    + text + "»: the year is outside " + FIRST_YEAR + "–" + LAST_YEAR);
        }
        return year;
    }

    /** The period of {@code periodicity} that contains {@code day}. */
    public static Period containing(LocalDate day, Periodicity periodicity) {
        int index = switch (periodicity) {
            case YEAR -> 1;
            case QUARTER -> (day.getMonthValue() - 1) / 3 + 1;
            case MONTH -> day.getMonthValue();
        };
        return new Period(day.getYear(), periodicity, index);
    }

    public LocalDate start() {
        return LocalDate.of(year, (index - 1) * (12 / periodicity.perYear()) + 1, 1);
    }

    public LocalDate end() {
        return start().plusMonths(12 / periodicity.perYear()).minusDays(1);
    }

    public Period next() {
        return index == periodicity.perYear() ? new Period(year + 1, periodicity, 1) : new Period(year, periodicity, index + 1);
    }

    public Period previous() {
        return index == 1 ? new Period(year - 1, periodicity, periodicity.perYear()) : new Period(year, periodicity, index - 1);
    }

    /** The share of its year this period closes: 9/12 for September, 3/4 for the third quarter, 1 for a year. */
    public double fractionOfYear() {
        return (double) index / periodicity.perYear();
    }

    @Override
    public int compareTo(Period other) {
        int byStart = start().compareTo(other.start());
        return byStart != 0 ? byStart : end().compareTo(other.end());
    }

    @Override
    public String toString() {
        return switch (periodicity) {
            case YEAR -> Integer.toString(year);
            case QUARTER -> year + "-Q" + index;
            case MONTH -> String.format("%d-%02d", year, index);
        };
    }
}
