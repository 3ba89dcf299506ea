package ru.vitrina.engine.query;

import ru.vitrina.cubes.model.Cube;
import ru.vitrina.cubes.model.Dimension;
import ru.vitrina.cubes.model.DimensionType;
import ru.vitrina.cubes.model.Measure;

import static java.util.Objects.requireNonNull;

/** A resolved member of a cube: exactly one of {@code measure} and {@code dimension} is set. */
public record MemberRef(Cube cube, Measure measure, Dimension dimension) {
    /** What a filter can do with a member. */
    public enum Kind { STRING, NUMBER, BOOLEAN, TIME, MEASURE }

    public MemberRef {
        requireNonNull(cube, "cube");
        if ((measure == null) == (dimension == null)) {
            throw new IllegalArgumentException("a member is a measure or a dimension");
        }
    }

    public String key() {
        return cube.name() + "." + name();
    }

    public String name() {
        return measure != null ? measure.name() : dimension.name();
    }

    public boolean isMeasure() {
        return measure != null;
    }

    public Kind kind() {
        if (measure != null) {
            return Kind.MEASURE;
        }
        return switch (dimension.type()) {
            case STRING -> Kind.STRING;
            case NUMBER -> Kind.NUMBER;
            case BOOLEAN -> Kind.BOOLEAN;
            case TIME -> Kind.TIME;
        };
    }

    public boolean isTime() {
        return dimension != null && dimension.type() == DimensionType.TIME;
    }
}
