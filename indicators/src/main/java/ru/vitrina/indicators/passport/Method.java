package ru.vitrina.indicators.passport;

import static java.util.Objects.requireNonNull;

/**
 * Where an indicator's facts come from.
 *
 * <ul>
 *   <li>{@link Kind#CUBE}: one cube measure ({@code measure}), read through the query engine;</li>
 *   <li>{@link Kind#RATIO}: {@code numerator} / {@code denominator} × {@code scale}, two measures of one cube;</li>
 *   <li>{@link Kind#MANUAL}: entered by the responsible officer through data collection; {@code formula} says how
 *       the officer computes it.</li>
 * </ul>
 *
 * @param time      the cube's time dimension the period filters on (cube methods)
 * @param territory the cube's municipality dimension (OKTMO) the territory filters on (cube methods)
 */
public record Method(Kind kind, String measure, String numerator, String denominator, double scale,
                     String time, String territory, String formula) {
    public enum Kind { CUBE, RATIO, MANUAL }

    public static final Method MANUAL = new Method(Kind.MANUAL, null, null, null, 1, null, null, null);

    public Method {
        requireNonNull(kind, "kind");
        if (kind == Kind.CUBE && measure == null) {
            throw new IllegalArgumentException("a cube method needs its measure");
        }
        if (kind == Kind.RATIO && (numerator == null || denominator == null)) {
            throw new IllegalArgumentException("a ratio needs its numerator and denominator");
        }
        if (kind != Kind.MANUAL && (time == null || territory == null)) {
            throw new IllegalArgumentException("a cube method needs the time and territory dimensions it filters on");
        }
    }

    public boolean fromCubes() {
        return kind != Kind.MANUAL;
    }
}
