package ru.vitrina.indicators.target;

import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * A target as a passport writes it.
 *
 * <ul>
 *   <li>{@link Kind#UNDEFINED}: {@code "*"} — printed but not set yet (e.g. "after the federal project is approved");</li>
 *   <li>{@link Kind#LEVEL}: a plain number — reach it; the indicator's direction says from which side;</li>
 *   <li>{@link Kind#AT_LEAST}, {@link Kind#ABOVE}, {@link Kind#AT_MOST}, {@link Kind#BELOW}: bounds
 *       ({@code "не менее 95"}, {@code "> 0"}, {@code "не более 1.5"}, {@code "< 10"});</li>
 *   <li>{@link Kind#MULTIPLE}: {@code "в 3 раза к 2019"} — the base year's value times (or, when lower is better,
 *       divided by) the factor.</li>
 * </ul>
 *
 * @param value    the level, bound or factor; 0 for an undefined target
 * @param baseYear the base year of a multiple, else 0
 */
public record Target(Kind kind, double value, int baseYear) {
    public enum Kind { UNDEFINED, LEVEL, AT_LEAST, ABOVE, AT_MOST, BELOW, MULTIPLE }

    public static final Target UNDEFINED = new Target(Kind.UNDEFINED, 0, 0);

    public Target {
        requireNonNull(kind, "kind");
        if (kind == Kind.MULTIPLE && (value <= 0 || baseYear == 0)) {
            throw new IllegalArgumentException("a multiple needs a positive factor and a base year");
        }
    }

    public static Target level(double value) {
        return new Target(Kind.LEVEL, value, 0);
    }

    public boolean defined() {
        return kind != Kind.UNDEFINED;
    }

    /** The same kind of target at another level (a bound stays a bound when scaled). */
    public Target withValue(double newValue) {
        return new Target(kind, newValue, baseYear);
    }

    /** As a person reads it: "≥ 95", "в 3 раза к 2019", "не установлена". */
    public String text() {
        String number = format(value);
        return switch (kind) {
            case UNDEFINED -> "не установлена";
            case LEVEL -> number;
            case AT_LEAST -> "≥ " + number;
            case ABOVE -> "> " + number;
            case AT_MOST -> "≤ " + number;
            case BELOW -> "< " + number;
            case MULTIPLE -> "в " + number + " раза к " + baseYear;
        };
    }

    static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, "%.4f", value).replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
