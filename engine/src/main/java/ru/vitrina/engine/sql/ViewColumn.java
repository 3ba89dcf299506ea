package ru.vitrina.engine.sql;

import ru.vitrina.cubes.model.Dimension;
import ru.vitrina.cubes.model.LocalizedText;
import ru.vitrina.cubes.model.Measure;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One column of a cube view ({@code cubes.<cube>}): a public dimension, or the row value of a public measure
 * that SQL users aggregate themselves.
 *
 * @param expression the DuckDB expression the view computes the column from
 */
public record ViewColumn(String cube, String name, Dimension dimension, Measure measure, String expression) {
    public ViewColumn {
        requireNonNull(cube, "cube");
        requireNonNull(name, "name");
        requireNonNull(expression, "expression");
        if ((dimension == null) == (measure == null)) {
            throw new IllegalArgumentException("a view column is either a dimension or a measure: " + cube + "." + name);
        }
    }

    public boolean isMeasure() {
        return measure != null;
    }

    public LocalizedText title() {
        return isMeasure() ? measure.title() : dimension.title();
    }

    public LocalizedText unit() {
        return isMeasure() ? measure.unit() : dimension.unit();
    }

    public String format() {
        return isMeasure() ? measure.format() : dimension.format();
    }

    /** For a measure column: the SQL that gives the measure as the JSON API computes it, e.g. {@code SUM(fact)}. */
    public Optional<String> aggregate() {
        return isMeasure() ? CubeViews.sqlUsage(measure) : Optional.empty();
    }
}
