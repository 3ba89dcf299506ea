package ru.vitrina.indicators.status;

import static java.util.Objects.requireNonNull;

/**
 * A value held against its target.
 *
 * @param gap how far the value falls short of the target in the indicator's unit (0 when met), or null
 * @param reasonRu why, in Russian; {@code reasonEn} in English
 */
public record Assessment(Status status, Double gap, String reasonRu, String reasonEn) {
    public Assessment {
        requireNonNull(status, "status");
        requireNonNull(reasonRu, "reasonRu");
        requireNonNull(reasonEn, "reasonEn");
    }
}
