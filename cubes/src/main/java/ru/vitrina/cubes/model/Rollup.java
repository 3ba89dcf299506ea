package ru.vitrina.cubes.model;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** A pre-aggregation declared in the cube: measures by dimensions, with an optional time dimension and granularity. */
public record Rollup(String name, List<String> measures, List<String> dimensions, String timeDimension, Granularity granularity) {
    public Rollup {
        requireNonNull(name, "name");
        measures = List.copyOf(requireNonNull(measures, "measures"));
        dimensions = List.copyOf(dimensions == null ? List.of() : dimensions);
    }
}
