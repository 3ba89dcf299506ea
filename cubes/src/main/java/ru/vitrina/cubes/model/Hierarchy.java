package ru.vitrina.cubes.model;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Levels from coarse to fine. A level names a dimension ({@code municipality}) or a time dimension at a
 * granularity ({@code operation_date.month}).
 */
public record Hierarchy(String name, LocalizedText title, List<String> levels) {
    public Hierarchy {
        requireNonNull(name, "name");
        requireNonNull(title, "title");
        levels = List.copyOf(requireNonNull(levels, "levels"));
    }
}
