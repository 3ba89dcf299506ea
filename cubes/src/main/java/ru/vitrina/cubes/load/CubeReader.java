package ru.vitrina.cubes.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import ru.vitrina.cubes.model.Cube;
import ru.vitrina.cubes.model.CubeSecurity;
import ru.vitrina.cubes.model.Dimension;
import ru.vitrina.cubes.model.DimensionType;
import ru.vitrina.cubes.model.Granularity;
import ru.vitrina.cubes.model.Hierarchy;
import ru.vitrina.cubes.model.Join;
import ru.vitrina.cubes.model.LocalizedText;
import ru.vitrina.cubes.model.Measure;
import ru.vitrina.cubes.model.MeasureType;
import ru.vitrina.cubes.model.Rollup;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads one cube file. Every problem is reported with the file, the member and what is wrong,
 * so that whoever edits the YAML can fix it without reading Java.
 */
public final class CubeReader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final Set<String> CUBE_KEYS = Set.of("name", "title", "description", "sql_table", "sql",
            "joins", "measures", "dimensions", "hierarchies", "rollups", "security");
    private static final Set<String> SECURITY_KEYS = Set.of("row_filter", "members");
    private static final Set<String> ROW_FILTER_KEYS = Set.of("dimension", "attribute");
    private static final Set<String> MEASURE_KEYS = Set.of("name", "type", "sql", "filter", "title", "description",
            "unit", "format", "public");
    private static final Set<String> DIMENSION_KEYS = Set.of("name", "type", "sql", "title", "description", "unit",
            "format", "label", "public");
    private static final Set<String> JOIN_KEYS = Set.of("name", "sql_table", "sql", "relationship");
    private static final Set<String> HIERARCHY_KEYS = Set.of("name", "title", "levels");
    private static final Set<String> ROLLUP_KEYS = Set.of("name", "measures", "dimensions", "time_dimension", "granularity");
    private static final Set<String> FORMATS = Set.of("number", "integer", "currency", "percent", "text", "code");

    public Cube read(String fileName, String yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new CubeDefinitionException(fileName + ": not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
        }
        if (root == null || !root.isObject()) {
            throw new CubeDefinitionException(fileName + ": a cube file must be a YAML mapping with name, title, measures, dimensions");
        }
        Context cube = new Context(fileName, "cube");
        cube.checkKeys(root, CUBE_KEYS);
        String name = cube.requiredName(root);
        Context in = new Context(fileName + " (cube " + name + ")", "cube");
        String sqlTable = text(root, "sql_table");
        String sql = text(root, "sql");
        if ((sqlTable == null) == (sql == null)) {
            throw in.error("needs exactly one of sql_table or sql");
        }
        Cube result = new Cube(name,
                in.requiredText(root, "title"),
                in.optionalText(root, "description"),
                sqlTable, sql,
                in.list(root, "joins", "join", this::join),
                in.list(root, "measures", "measure", this::measure),
                in.list(root, "dimensions", "dimension", this::dimension),
                in.list(root, "hierarchies", "hierarchy", this::hierarchy),
                in.list(root, "rollups", "rollup", this::rollup),
                security(in, root.path("security")),
                fileName);
        new CubeValidator(result).validate();
        return result;
    }

    private CubeSecurity security(Context in, JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return CubeSecurity.NONE;
        }
        in.checkKeys(node, SECURITY_KEYS);
        CubeSecurity.RowFilter rowFilter = null;
        JsonNode filter = node.path("row_filter");
        if (!filter.isMissingNode()) {
            in.checkKeys(filter, ROW_FILTER_KEYS);
            String attribute = in.requiredString(filter, "attribute");
            if (!CubeSecurity.ATTRIBUTES.contains(attribute)) {
                throw in.error("security.row_filter.attribute '" + attribute + "' is not a user attribute; known: " + CubeSecurity.ATTRIBUTES);
            }
            rowFilter = new CubeSecurity.RowFilter(in.requiredString(filter, "dimension"), attribute);
        }
        java.util.Map<String, Set<String>> members = new java.util.LinkedHashMap<>();
        node.path("members").fields().forEachRemaining(member -> {
            Set<String> roles = new java.util.LinkedHashSet<>();
            member.getValue().forEach(role -> roles.add(role.asText()));
            if (roles.isEmpty() || roles.stream().anyMatch(role -> !role.matches("[A-Z_]+"))) {
                throw in.error("security.members." + member.getKey() + " must list role names such as ANALYST, got " + member.getValue());
            }
            members.put(member.getKey(), Set.copyOf(roles));
        });
        return new CubeSecurity(rowFilter, members);
    }

    private Join join(Context at, JsonNode node) {
        at.checkKeys(node, JOIN_KEYS);
        String relationship = textOr(node, "relationship", "many_to_one");
        if (!relationship.equals("many_to_one") && !relationship.equals("one_to_one")) {
            throw at.error("relationship '" + relationship + "' would multiply the cube's rows; only many_to_one and one_to_one joins are allowed");
        }
        return new Join(at.requiredName(node), at.requiredString(node, "sql_table"), at.requiredString(node, "sql"), relationship);
    }

    private Measure measure(Context at, JsonNode node) {
        at.checkKeys(node, MEASURE_KEYS);
        String name = at.requiredName(node);
        MeasureType type = at.parse(node, "type", MeasureType::fromYaml);
        String sql = text(node, "sql");
        if (sql == null && type != MeasureType.COUNT) {
            throw at.error("measure of type " + type.yamlName() + " needs sql");
        }
        return new Measure(name, type, sql, text(node, "filter"), at.requiredText(node, "title"),
                at.optionalText(node, "description"), at.optionalText(node, "unit"), at.format(node),
                node.path("public").asBoolean(true));
    }

    private Dimension dimension(Context at, JsonNode node) {
        at.checkKeys(node, DIMENSION_KEYS);
        return new Dimension(at.requiredName(node), at.parse(node, "type", DimensionType::fromYaml),
                at.requiredString(node, "sql"), at.requiredText(node, "title"), at.optionalText(node, "description"),
                at.optionalText(node, "unit"), at.format(node), text(node, "label"), node.path("public").asBoolean(true));
    }

    private Hierarchy hierarchy(Context at, JsonNode node) {
        at.checkKeys(node, HIERARCHY_KEYS);
        List<String> levels = at.strings(node, "levels");
        if (levels.isEmpty()) {
            throw at.error("needs at least one level");
        }
        return new Hierarchy(at.requiredName(node), at.requiredText(node, "title"), levels);
    }

    private Rollup rollup(Context at, JsonNode node) {
        at.checkKeys(node, ROLLUP_KEYS);
        String granularity = text(node, "granularity");
        Granularity parsed = granularity == null ? null : Granularity.fromApi(granularity)
                .orElseThrow(() -> at.error("unknown granularity '" + granularity + "'; known: day, week, month, quarter, year"));
        return new Rollup(at.requiredName(node), at.strings(node, "measures"), at.strings(node, "dimensions"),
                text(node, "time_dimension"), parsed);
    }

    private static String text(JsonNode node, String key) {
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String textOr(JsonNode node, String key, String fallback) {
        String value = text(node, key);
        return value == null ? fallback : value;
    }

    /** Where in a file we are, for messages. */
    private record Context(String where, String kind) {
        CubeDefinitionException error(String problem) {
            return new CubeDefinitionException(where + ": " + problem);
        }

        void checkKeys(JsonNode node, Set<String> allowed) {
            Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                String key = names.next();
                if (!allowed.contains(key)) {
                    throw error("unknown key '" + key + "' in " + kind + ru.vitrina.cubes.model.Suggestions.didYouMean(key, allowed.stream()));
                }
            }
        }

        String requiredName(JsonNode node) {
            String name = requiredString(node, "name");
            if (!name.matches("[a-z][a-z0-9_]*")) {
                throw error("name '" + name + "' must be lower-case latin letters, digits and _ , starting with a letter");
            }
            return name;
        }

        String requiredString(JsonNode node, String key) {
            String value = text(node, key);
            if (value == null || value.isBlank()) {
                throw error("missing '" + key + "'");
            }
            return value;
        }

        LocalizedText requiredText(JsonNode node, String key) {
            LocalizedText text = optionalText(node, key);
            if (text == null) {
                throw error("missing '" + key + "' (a string or {ru:, en:})");
            }
            return text;
        }

        LocalizedText optionalText(JsonNode node, String key) {
            JsonNode value = node.get(key);
            if (value == null || value.isNull()) {
                return null;
            }
            if (value.isTextual()) {
                return LocalizedText.of(value.asText());
            }
            if (value.isObject() && value.hasNonNull("ru")) {
                return new LocalizedText(value.get("ru").asText(), text(value, "en"));
            }
            throw error("'" + key + "' must be a string or {ru: ..., en: ...} with ru given");
        }

        String format(JsonNode node) {
            String format = text(node, "format");
            if (format != null && !FORMATS.contains(format)) {
                throw error("unknown format '" + format + "'; known: " + String.join(", ", FORMATS.stream().sorted().toList()));
            }
            return format;
        }

        <T> T parse(JsonNode node, String key, Function<String, T> parser) {
            String value = requiredString(node, key);
            try {
                return parser.apply(value);
            } catch (IllegalArgumentException e) {
                throw error(e.getMessage());
            }
        }

        List<String> strings(JsonNode node, String key) {
            JsonNode value = node.get(key);
            if (value == null || value.isNull()) {
                return List.of();
            }
            if (!value.isArray()) {
                throw error("'" + key + "' must be a list");
            }
            List<String> result = new ArrayList<>();
            value.forEach(item -> result.add(item.asText()));
            return result;
        }

        <T> List<T> list(JsonNode root, String key, String itemKind, Item<T> reader) {
            JsonNode value = root.get(key);
            if (value == null || value.isNull()) {
                return List.of();
            }
            if (!value.isArray()) {
                throw error("'" + key + "' must be a list of " + itemKind + "s, each with a name");
            }
            List<T> result = new ArrayList<>();
            int index = 0;
            for (JsonNode item : value) {
                String label = item.hasNonNull("name") ? "'" + item.get("name").asText() + "'" : "#" + (index + 1);
                Context at = new Context(where + ": " + itemKind + " " + label, itemKind);
                if (!item.isObject()) {
                    throw at.error("must be a mapping");
                }
                result.add(reader.read(at, item));
                index++;
            }
            return result;
        }
    }

    @FunctionalInterface
    private interface Item<T> {
        T read(Context at, JsonNode node);
    }
}
