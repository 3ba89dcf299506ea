package ru.vitrina.cubes.model;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Period;
import java.time.temporal.TemporalAdjusters;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Time buckets, coarsest last; a week starts on Monday (ISO 8601), as in Cube and DuckDB. */
public enum Granularity {
    DAY,
    WEEK,
    MONTH,
    QUARTER,
    YEAR;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Granularity> fromApi(String name) {
        return Arrays.stream(values()).filter(g -> g.apiName().equals(name)).findFirst();
    }

    /** Whether every bucket of this granularity is a union of whole buckets of {@code finer}. */
    public boolean canRollUpFrom(Granularity finer) {
        if (this == finer) {
            return true;
        }
        if (this == WEEK || finer == WEEK) {
            return finer == DAY;
        }
        return finer.ordinal() < ordinal();
    }

    /** How long one bucket lasts. */
    public Period length() {
        return switch (this) {
            case DAY -> Period.ofDays(1);
            case WEEK -> Period.ofWeeks(1);
            case MONTH -> Period.ofMonths(1);
            case QUARTER -> Period.ofMonths(3);
            case YEAR -> Period.ofYears(1);
        };
    }

    /** The first day of the bucket {@code day} falls in, as DuckDB's {@code date_trunc} puts it. */
    public LocalDate start(LocalDate day) {
        return switch (this) {
            case DAY -> day;
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> day.withDayOfMonth(1);
            case QUARTER -> LocalDate.of(day.getYear(), (day.getMonthValue() - 1) / 3 * 3 + 1, 1);
            case YEAR -> day.withDayOfYear(1);
        };
    }
}
