package ru.vitrina.engine.query;

import ru.vitrina.cubes.model.Granularity;

import static java.util.Objects.requireNonNull;

/** A time dimension of a query: bucketed by {@code granularity} (or not at all) and limited to {@code dateRange}. */
public record TimeDimensionQuery(MemberRef dimension, Granularity granularity, DateRange dateRange) {
    public TimeDimensionQuery {
        requireNonNull(dimension, "dimension");
    }

    /** The key of the bucketed column, as Cube names it: {@code budget.operation_date.month}. */
    public String key() {
        return dimension.key() + "." + granularity.apiName();
    }

    public boolean grouped() {
        return granularity != null;
    }
}
