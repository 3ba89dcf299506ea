package ru.vitrina.opendata.ckan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import ru.vitrina.engine.json.StrictJson;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters of one action call, from a query string (every value text; JSON objects and lists written as
 * JSON text, as CKAN accepts them) or from a POSTed JSON object (values as they are).
 */
public final class ActionParameters {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, JsonNode> values;

    private ActionParameters(Map<String, JsonNode> values) {
        this.values = Map.copyOf(values);
    }

    public static ActionParameters ofQuery(Map<String, String> query) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        query.forEach((key, value) -> values.put(key, TextNode.valueOf(value)));
        return new ActionParameters(values);
    }

    public static ActionParameters ofJson(JsonNode body) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        if (body != null && body.isObject()) {
            body.fields().forEachRemaining(entry -> values.put(entry.getKey(), entry.getValue()));
        }
        return new ActionParameters(values);
    }

    public Optional<String> text(String name) {
        JsonNode value = values.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        return Optional.of(value.isValueNode() ? value.asText() : value.toString());
    }

    public String required(String name) {
        return text(name).filter(v -> !v.isBlank()).orElseThrow(() -> CkanError.validation(name, "не задано", "Missing value"));
    }

    /** An object or list parameter: given as JSON, or as JSON text in a query string. */
    public Optional<JsonNode> json(String name) {
        JsonNode value = values.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            return Optional.of(value);
        }
        String text = value.asText().trim();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(StrictJson.read(text, JSON, (ru, en) -> CkanError.validation(name, ru, en)));
    }

    public int integer(String name, int defaultValue, int min, int max) {
        Optional<String> text = text(name);
        if (text.isEmpty() || text.get().isBlank()) {
            return defaultValue;
        }
        long value;
        try {
            value = Long.parseLong(text.get().trim());
        } catch (NumberFormatException e) {
            throw CkanError.validation(name, "не целое число: " + text.get(), "Invalid integer: " + text.get());
        }
        if (value < min) {
            throw CkanError.validation(name, "не меньше " + min + ", получено " + value, "Must be a natural number ≥ " + min + ", was " + value);
        }
        if (value > max) {
            throw CkanError.validation(name, "не больше " + max + ", получено " + value, "Must be at most " + max + ", was " + value);
        }
        return (int) value;
    }

    public boolean bool(String name, boolean defaultValue) {
        return text(name).map(v -> v.equalsIgnoreCase("true") || v.equals("1")).orElse(defaultValue);
    }

    /** The parameters as given, for links to the next page. */
    public Map<String, JsonNode> values() {
        return values;
    }
}
