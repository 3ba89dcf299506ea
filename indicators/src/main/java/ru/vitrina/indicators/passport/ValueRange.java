package ru.vitrina.indicators.passport;

import ru.vitrina.indicators.target.Target;

/** Bounds a value must lie within (inclusive); a null side is open. */
public record ValueRange(Double min, Double max) {
    public static final ValueRange ANY = new ValueRange(null, null);

    public boolean contains(double value) {
        return (min == null || value >= min) && (max == null || value <= max);
    }

    public String text() {
        return "[" + (min == null ? "−∞" : Target.level(min).text()) + "; " + (max == null ? "+∞" : Target.level(max).text()) + "]";
    }
}
