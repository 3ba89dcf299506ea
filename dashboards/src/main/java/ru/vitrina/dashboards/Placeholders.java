package ru.vitrina.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${variable}} and {@code ${variable.part}} inside the string values of a widget. Substitution is textual
 * and only inside strings, so a value from a URL can never change a query's structure; the values themselves are
 * checked against their variable's kind before they get here.
 */
public final class Placeholders {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z]+)?)}");

    private Placeholders() {
    }

    /** Every placeholder name used anywhere in {@code node}, e.g. {@code period.end}. */
    public static Set<String> used(JsonNode node) {
        Set<String> names = new LinkedHashSet<>();
        collect(node, names);
        return names;
    }

    private static void collect(JsonNode node, Set<String> names) {
        if (node.isTextual()) {
            Matcher matcher = PLACEHOLDER.matcher(node.asText());
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
        } else if (node.isContainerNode()) {
            node.forEach(child -> collect(child, names));
        }
    }

    /** A copy of {@code node} with every placeholder replaced; an unknown one is an error, never left in a query. */
    public static JsonNode substitute(JsonNode node, Map<String, String> values) {
        if (node.isTextual()) {
            return TextNode.valueOf(substitute(node.asText(), values));
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(child -> copy.add(substitute(child, values)));
            return copy;
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                copy.set(field.getKey(), substitute(field.getValue(), values));
            }
            return copy;
        }
        return node.deepCopy();
    }

    static String substitute(String text, Map<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalArgumentException("no value for ${" + matcher.group(1) + "}");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
