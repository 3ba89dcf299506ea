package ru.vitrina.cubes.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * One cube, read from {@code cubes/<name>.yaml}: where its rows come from ({@code sqlTable} or {@code sql})
 * and the measures, dimensions, hierarchies, joins and rollups defined over them, and who may see which rows
 * and members ({@link CubeSecurity}).
 */
public record Cube(
        String name,
        LocalizedText title,
        LocalizedText description,
        String sqlTable,
        String sql,
        List<Join> joins,
        List<Measure> measures,
        List<Dimension> dimensions,
        List<Hierarchy> hierarchies,
        List<Rollup> rollups,
        CubeSecurity security,
        String sourceFile) {
    public Cube {
        requireNonNull(name, "name");
        requireNonNull(title, "title");
        joins = List.copyOf(joins);
        measures = List.copyOf(measures);
        dimensions = List.copyOf(dimensions);
        hierarchies = List.copyOf(hierarchies);
        rollups = List.copyOf(rollups);
        requireNonNull(security, "security");
        requireNonNull(sourceFile, "sourceFile");
    }

    public Optional<Measure> measure(String member) {
        return measures.stream().filter(m -> m.name().equals(member)).findFirst();
    }

    public Optional<Dimension> dimension(String member) {
        return dimensions.stream().filter(d -> d.name().equals(member)).findFirst();
    }

    public Optional<Hierarchy> hierarchy(String member) {
        return hierarchies.stream().filter(h -> h.name().equals(member)).findFirst();
    }

    public Optional<Join> join(String joinName) {
        return joins.stream().filter(j -> j.name().equals(joinName)).findFirst();
    }

    public Map<String, Measure> measuresByName() {
        return measures.stream().collect(Collectors.toMap(Measure::name, Function.identity(), (a, b) -> a, LinkedHashMap::new));
    }

    /** The FROM source of the cube's rows as SQL: a table name or a parenthesised query. */
    public String fromSql() {
        return sqlTable != null ? sqlTable : "(" + sql + ")";
    }
}
