package ru.vitrina.indicators.passport;

import static java.util.Objects.requireNonNull;

/**
 * A value printed in a source document without a reliable period ("current", undated slides): shown beside the
 * passport as reference, never taken as a fact of a period.
 */
public record Reported(double value, String asOf) {
    public Reported {
        requireNonNull(asOf, "asOf");
    }
}
