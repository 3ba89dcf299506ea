package ru.vitrina.cubes.model;

import static java.util.Objects.requireNonNull;

/**
 * A measure of a cube. {@code sql} is a column or expression over the cube's row ({@code {CUBE}.col},
 * {@code {join}.col}) or, for {@link MeasureType#NUMBER}, an expression over other measures ({@code {fact}}).
 *
 * @param filter optional condition on the row: only matching rows are aggregated (Cube's filtered measures)
 * @param format number, integer, currency or percent
 */
public record Measure(
        String name,
        MeasureType type,
        String sql,
        String filter,
        LocalizedText title,
        LocalizedText description,
        LocalizedText unit,
        String format,
        boolean isPublic) {
    public Measure {
        requireNonNull(name, "name");
        requireNonNull(type, "type");
        requireNonNull(title, "title");
    }
}
