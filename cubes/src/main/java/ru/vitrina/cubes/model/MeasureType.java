package ru.vitrina.cubes.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a measure aggregates, as in Cube's data model. */
public enum MeasureType {
    COUNT(true),
    COUNT_DISTINCT(false),
    SUM(true),
    AVG(false),
    MIN(true),
    MAX(true),
    /** An expression over other measures (or a raw aggregate expression), such as execution % = fact / plan. */
    NUMBER(false);

    private final boolean additive;

    MeasureType(boolean additive) {
        this.additive = additive;
    }

    /** Whether a coarser answer can be rolled up from finer partial answers of this type. */
    public boolean additive() {
        return additive;
    }

    @JsonValue
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static MeasureType fromYaml(String name) {
        return Arrays.stream(values())
                .filter(type -> type.yamlName().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown measure type '" + name + "'; known: "
                        + Arrays.stream(values()).map(MeasureType::yamlName).collect(Collectors.joining(", "))));
    }
}
