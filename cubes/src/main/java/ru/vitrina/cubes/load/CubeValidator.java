package ru.vitrina.cubes.load;

import ru.vitrina.cubes.model.Cube;
import ru.vitrina.cubes.model.Dimension;
import ru.vitrina.cubes.model.DimensionType;
import ru.vitrina.cubes.model.Granularity;
import ru.vitrina.cubes.model.Measure;
import ru.vitrina.cubes.model.MeasureType;
import ru.vitrina.cubes.model.SqlTemplate;
import ru.vitrina.cubes.model.Suggestions;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/** Checks that a cube's parts refer to each other correctly; the SQL itself is checked against the store by the engine. */
final class CubeValidator {
    private final Cube cube;
    private final String where;

    CubeValidator(Cube cube) {
        this.cube = requireNonNull(cube, "cube");
        this.where = cube.sourceFile() + " (cube " + cube.name() + ")";
    }

    void validate() {
        uniqueNames();
        cube.joins().forEach(join -> checkReferences("join '" + join.name() + "'", join.sql(), false));
        for (Measure measure : cube.measures()) {
            String member = "measure '" + measure.name() + "'";
            if (measure.sql() != null) {
                checkReferences(member, measure.sql(), measure.type() == MeasureType.NUMBER);
            }
            if (measure.filter() != null) {
                checkReferences(member + " filter", measure.filter(), false);
            }
        }
        cube.measures().stream().filter(m -> m.type() == MeasureType.NUMBER).forEach(m -> noCycle(m, new ArrayDeque<>()));
        for (Dimension dimension : cube.dimensions()) {
            checkReferences("dimension '" + dimension.name() + "'", dimension.sql(), false);
            if (dimension.label() != null && cube.dimension(dimension.label()).isEmpty()) {
                throw error("dimension '" + dimension.name() + "': label refers to unknown dimension '" + dimension.label() + "'"
                        + Suggestions.didYouMean(dimension.label(), dimensionNames()));
            }
        }
        cube.hierarchies().forEach(h -> h.levels().forEach(level -> checkLevel("hierarchy '" + h.name() + "'", level)));
        cube.security().rowFilterIfAny().ifPresent(filter -> cube.dimension(filter.dimension()).orElseThrow(() ->
                error("security.row_filter: unknown dimension '" + filter.dimension() + "'" + Suggestions.didYouMean(filter.dimension(), dimensionNames()))));
        cube.security().memberRoles().keySet().forEach(member -> {
            if (cube.measure(member).isEmpty() && cube.dimension(member).isEmpty()) {
                throw error("security.members: unknown member '" + member + "'");
            }
        });
        cube.rollups().forEach(rollup -> {
            String member = "rollup '" + rollup.name() + "'";
            rollup.measures().forEach(m -> cube.measure(m).orElseThrow(() ->
                    error(member + ": unknown measure '" + m + "'" + Suggestions.didYouMean(m, measureNames()))));
            rollup.dimensions().forEach(d -> cube.dimension(d).orElseThrow(() ->
                    error(member + ": unknown dimension '" + d + "'" + Suggestions.didYouMean(d, dimensionNames()))));
            if (rollup.timeDimension() != null) {
                checkTimeDimension(member, rollup.timeDimension());
                if (rollup.granularity() == null) {
                    throw error(member + ": time_dimension needs a granularity");
                }
            }
        });
    }

    private void uniqueNames() {
        Set<String> seen = new HashSet<>();
        Stream.concat(cube.measures().stream().map(Measure::name), cube.dimensions().stream().map(Dimension::name))
                .forEach(name -> {
                    if (!seen.add(name)) {
                        throw error("member name '" + name + "' is used twice; measures and dimensions share one namespace");
                    }
                });
        Set<String> hierarchies = new HashSet<>();
        cube.hierarchies().forEach(h -> {
            if (!hierarchies.add(h.name())) {
                throw error("hierarchy name '" + h.name() + "' is used twice");
            }
        });
    }

    private void checkReferences(String member, String sql, boolean measuresAllowed) {
        for (String reference : SqlTemplate.references(sql)) {
            boolean known = reference.equals(SqlTemplate.CUBE)
                    || cube.join(reference).isPresent()
                    || (measuresAllowed && cube.measure(reference).isPresent());
            if (!known) {
                Stream<String> candidates = Stream.concat(Stream.of(SqlTemplate.CUBE), Stream.concat(
                        cube.joins().stream().map(j -> j.name()), measuresAllowed ? measureNames() : Stream.empty()));
                throw error(member + ": refers to unknown {" + reference + "}"
                        + (measuresAllowed ? "" : " (only {CUBE} and joins can be used here; measures only in number measures)")
                        + Suggestions.didYouMean(reference, candidates));
            }
        }
    }

    private void noCycle(Measure measure, Deque<String> path) {
        if (path.contains(measure.name())) {
            throw error("measure '" + measure.name() + "' refers to itself through " + String.join(" → ", path));
        }
        path.push(measure.name());
        SqlTemplate.references(measure.sql()).stream()
                .map(cube::measure)
                .flatMap(java.util.Optional::stream)
                .filter(m -> m.type() == MeasureType.NUMBER)
                .forEach(m -> noCycle(m, path));
        path.pop();
    }

    private void checkLevel(String member, String level) {
        int dot = level.indexOf('.');
        if (dot < 0) {
            cube.dimension(level).orElseThrow(() -> error(member + ": unknown level '" + level + "'"
                    + Suggestions.didYouMean(level, dimensionNames())));
            return;
        }
        checkTimeDimension(member, level.substring(0, dot));
        String granularity = level.substring(dot + 1);
        Granularity.fromApi(granularity).orElseThrow(() -> error(member + ": unknown granularity '" + granularity
                + "' in level '" + level + "'; known: day, week, month, quarter, year"));
    }

    private void checkTimeDimension(String member, String name) {
        Dimension dimension = cube.dimension(name).orElseThrow(() -> error(member + ": unknown time dimension '" + name + "'"
                + Suggestions.didYouMean(name, dimensionNames())));
        if (dimension.type() != DimensionType.TIME) {
            throw error(member + ": '" + name + "' is a " + dimension.type().yamlName() + " dimension, not a time dimension");
        }
    }

    private Stream<String> measureNames() {
        return cube.measures().stream().map(Measure::name);
    }

    private Stream<String> dimensionNames() {
        return cube.dimensions().stream().map(Dimension::name);
    }

    private CubeDefinitionException error(String problem) {
        return new CubeDefinitionException(where + ": " + problem);
    }
}
