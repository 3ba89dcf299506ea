package ru.vitrina.engine.query;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed reads of a query's JSON fields. Jackson's {@code asText()}, {@code asInt()} and {@code path()} turn a value of
 * another type into "", 0 or nothing, so a mistyped field was answered as if it were absent — a wrong answer with
 * status 200. These refuse it with a 400 that names the field and the type it takes.
 *
 * <p>An absent field and a JSON {@code null} mean the same: not given.
 */
final class JsonFields {
    private JsonFields() {
    }

    static boolean given(JsonNode value) {
        return value != null && !value.isNull() && !value.isMissingNode();
    }

    /** A string that must be there. */
    static String text(JsonNode value, String field) {
        if (!given(value) || !value.isTextual()) {
            throw wrongType(field, "строка", "a string", value);
        }
        return value.asText();
    }

    /** A string, or null when not given. */
    static String optionalText(JsonNode value, String field) {
        return given(value) ? text(value, field) : null;
    }

    /** A string, number or boolean as text: members of a drill path and filter values, which clients send either way. */
    static String scalar(JsonNode value, String field) {
        if (!given(value) || !value.isValueNode()) {
            throw wrongType(field, "строка или число", "a string or a number", value);
        }
        return value.asText();
    }

    static boolean bool(JsonNode value, String field) {
        if (!given(value)) {
            return false;
        }
        if (!value.isBoolean()) {
            throw wrongType(field, "true или false", "true or false", value);
        }
        return value.booleanValue();
    }

    /** The items of a list; none when not given. */
    static List<JsonNode> list(JsonNode value, String field) {
        if (!given(value)) {
            return List.of();
        }
        if (!value.isArray()) {
            throw wrongType(field, "список", "a list", value);
        }
        List<JsonNode> items = new ArrayList<>();
        value.forEach(items::add);
        return items;
    }

    /** A list of strings; none when not given. */
    static List<String> texts(JsonNode value, String field) {
        List<JsonNode> items = list(value, field);
        List<String> result = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            result.add(text(items.get(i), field + "[" + i + "]"));
        }
        return result;
    }

    static JsonNode object(JsonNode value, String field) {
        if (!given(value) || !value.isObject()) {
            throw wrongType(field, "объект", "an object", value);
        }
        return value;
    }

    /** A whole number of any size, so that a number beyond {@code long} is still told apart from a fraction. */
    static BigInteger integer(JsonNode value, String field, String ruExpected, String enExpected) {
        if (!value.isIntegralNumber()) {
            throw wrongType(field, ruExpected, enExpected, value);
        }
        return value.bigIntegerValue();
    }

    static QueryException wrongType(String field, String ruExpected, String enExpected, JsonNode value) {
        return QueryException.badRequest(
                "Поле " + field + ": ожидается " + ruExpected + ", получено " + shown(value, true),
                field + ": expected " + enExpected + ", got " + shown(value, false));
    }

    /** What was sent instead: its type, and a short value when it is one. */
    private static String shown(JsonNode value, boolean russian) {
        if (!given(value)) {
            return value == null || value.isMissingNode() ? (russian ? "ничего" : "nothing") : "null";
        }
        if (value.isTextual()) {
            String text = value.asText().length() > 40 ? value.asText().substring(0, 40) + "…" : value.asText();
            return (russian ? "строка " : "the string ") + "\"" + text + "\"";
        }
        if (value.isNumber() || value.isBoolean()) {
            return value.asText();
        }
        if (value.isArray()) {
            return russian ? "список" : "a list";
        }
        return russian ? "объект" : "an object";
    }
}
