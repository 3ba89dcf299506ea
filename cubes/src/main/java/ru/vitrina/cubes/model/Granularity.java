package ru.vitrina.cubes.model;

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
}
