package ru.vitrina.engine.query;

import java.time.LocalDateTime;

import static java.util.Objects.requireNonNull;

/** A half-open span of time [from, to): Cube's inclusive {@code ["2024-01-01", "2024-12-31"]} ends before 2025-01-01. */
public record DateRange(LocalDateTime from, LocalDateTime toExclusive) {
    public DateRange {
        requireNonNull(from, "from");
        requireNonNull(toExclusive, "toExclusive");
        if (!from.isBefore(toExclusive)) {
            throw QueryException.badRequest(
                    "Начало периода " + from + " не раньше его конца " + toExclusive,
                    "the date range starts at " + from + ", not before its end " + toExclusive);
        }
    }
}
