package ru.vitrina.indicators.passport;

/**
 * How far short of its target a value may fall and still be "at risk" rather than "off track":
 * {@code percent} of the target's level, or an {@code absolute} amount in the indicator's unit when given.
 */
public record Tolerance(double percent, Double absolute) {
    public static final Tolerance DEFAULT = new Tolerance(5, null);

    public Tolerance {
        if (percent < 0 || (absolute != null && absolute < 0)) {
            throw new IllegalArgumentException("a tolerance is not negative");
        }
    }

    /** The width of the at-risk band below (or above, when lower is better) a target of {@code level}. */
    public double band(double level) {
        return absolute != null ? absolute : Math.abs(level) * percent / 100;
    }
}
