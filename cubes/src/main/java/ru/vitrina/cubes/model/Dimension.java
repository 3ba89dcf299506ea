package ru.vitrina.cubes.model;

import static java.util.Objects.requireNonNull;

/**
 * A dimension of a cube.
 *
 * @param label optional name of another dimension holding this one's human name (OKTMO code → municipality name);
 *              drill-down paths and dashboards show it
 */
public record Dimension(
        String name,
        DimensionType type,
        String sql,
        LocalizedText title,
        LocalizedText description,
        LocalizedText unit,
        String format,
        String label,
        boolean isPublic) {
    public Dimension {
        requireNonNull(name, "name");
        requireNonNull(type, "type");
        requireNonNull(sql, "sql");
        requireNonNull(title, "title");
    }
}
