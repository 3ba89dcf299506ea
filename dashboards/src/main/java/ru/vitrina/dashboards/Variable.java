package ru.vitrina.dashboards;

import ru.vitrina.cubes.model.LocalizedText;

import static java.util.Objects.requireNonNull;

/**
 * A value a dashboard's queries depend on, set by the URL ({@code ?territory=69701000&period=2024-09}) or by
 * its default. A month variable may default to {@code latest}: the newest month with data in {@code latestOf}
 * (a time dimension such as {@code budget.operation_date}), so a wall screen moves on by itself when data arrives.
 */
public record Variable(String name, VariableKind kind, LocalizedText title, String defaultValue, String latestOf) {
    public static final String LATEST = "latest";

    public Variable {
        requireNonNull(name, "name");
        requireNonNull(kind, "kind");
        requireNonNull(title, "title");
        requireNonNull(defaultValue, "defaultValue");
    }

    public boolean defaultsToLatest() {
        return LATEST.equals(defaultValue);
    }
}
