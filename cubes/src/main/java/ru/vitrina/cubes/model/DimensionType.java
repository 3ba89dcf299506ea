package ru.vitrina.cubes.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

public enum DimensionType {
    STRING,
    NUMBER,
    BOOLEAN,
    TIME;

    @JsonValue
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static DimensionType fromYaml(String name) {
        return Arrays.stream(values())
                .filter(type -> type.yamlName().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown dimension type '" + name + "'; known: "
                        + Arrays.stream(values()).map(DimensionType::yamlName).collect(Collectors.joining(", "))));
    }
}
