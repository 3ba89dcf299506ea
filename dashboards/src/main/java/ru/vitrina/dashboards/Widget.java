package ru.vitrina.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ru.vitrina.cubes.model.LocalizedText;

import static java.util.Objects.requireNonNull;

/**
 * One tile of a screen. The typed fields are what the server needs; {@code spec} is the whole widget as written
 * (queries with their {@code ${variable}} placeholders still in them), handed to the browser once resolved.
 */
public record Widget(String id, WidgetType type, LocalizedText title, GridPosition grid, ObjectNode spec) {
    public Widget {
        requireNonNull(id, "id");
        requireNonNull(type, "type");
        requireNonNull(title, "title");
        requireNonNull(grid, "grid");
        requireNonNull(spec, "spec");
        spec = spec.deepCopy();
    }

    @Override
    public ObjectNode spec() {
        return spec.deepCopy();
    }

    /** The comparison asked for ({@code previousYear} or {@code previousPeriod}), or null. */
    static String compareOf(JsonNode node) {
        JsonNode compare = node.get("compare");
        return compare == null || compare.isNull() ? null : compare.asText();
    }
}
