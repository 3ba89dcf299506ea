package ru.vitrina.dashboards;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import ru.vitrina.cubes.model.LocalizedText;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Reads one dashboard YAML file and checks everything that can be checked without the data: known fields,
 * widget types, the grid, variables and their placeholders, targets, comparisons. Checking the queries against
 * the cube model is {@link DashboardChecker}'s part.
 */
public final class DashboardReader {
    private static final Set<String> TOP = Set.of("id", "title", "territoryTitle", "description", "public", "parent",
            "layout", "refresh", "freshness", "variables", "widgets");
    private static final Set<String> VARIABLE_KEYS = Set.of("name", "type", "title", "default", "latestOf");
    private static final Set<String> TARGET_KEYS = Set.of("value", "direction", "warn");
    private static final Set<String> LINE_KEYS = Set.of("query", "measure", "compare", "say", "target");
    private static final Set<String> DISCLOSURE_KEYS = Set.of("count", "also", "rows", "columns", "threshold");
    private static final Set<String> COLUMN_KEYS = Set.of("member", "title", "target");
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Pattern MEMBER = Pattern.compile("[a-z][a-z0-9_]*\\.[a-z][A-Za-z0-9_.]*");
    /** Sample values that stand in for the variables when a file is checked before any data exists. */
    static final YearMonth SAMPLE_MONTH = YearMonth.of(2024, 9);
    static final String SAMPLE_TERRITORY = "69701000";

    private final YAMLMapper yaml = new YAMLMapper();

    /**
     * @param file     the name messages use, e.g. {@code dashboards/budget.yaml}
     * @param fallbackId the id when the file names none: its base name
     */
    public Dashboard read(String file, String fallbackId, String text) {
        requireNonNull(file, "file");
        requireNonNull(text, "text");
        JsonNode root;
        try {
            root = yaml.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new DashboardException(file, null, "not valid YAML" + where + ": " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new DashboardException(file, null, "a dashboard file must be a YAML mapping with title and widgets");
        }
        return new FileCheck(file).dashboard((ObjectNode) root, fallbackId);
    }

    /** The checks of one file; remembers the file name for every message. */
    private static final class FileCheck {
        private final String file;

        FileCheck(String file) {
            this.file = file;
        }

        Dashboard dashboard(ObjectNode root, String fallbackId) {
            unknownKeys(root, TOP, null, "dashboard");
            String id = root.hasNonNull("id") ? root.get("id").asText() : fallbackId;
            if (id == null || !ID.matcher(id).matches()) {
                throw fail(null, "id '" + id + "' must be lower-case letters, digits, '-' or '_' (it is part of the URL /d/{id})");
            }
            LocalizedText title = text(root.get("title"), null, "title", true);
            LocalizedText territoryTitle = text(root.get("territoryTitle"), null, "territoryTitle", false);
            if (territoryTitle != null && !(territoryTitle.ru().contains(Dashboard.TERRITORIES)
                    && territoryTitle.en().contains(Dashboard.TERRITORIES))) {
                throw fail(null, "territoryTitle must name the viewer's territories as " + Dashboard.TERRITORIES
                        + " in ru and en, e.g. {ru: \"Обзор: " + Dashboard.TERRITORIES + "\", en: \"Overview: "
                        + Dashboard.TERRITORIES + "\"}");
            }
            LocalizedText description = text(root.get("description"), null, "description", false);
            String parent = root.hasNonNull("parent") ? root.get("parent").asText() : null;
            Layout layout = layout(root.get("layout"));
            int refresh = root.hasNonNull("refresh") ? integer(root.get("refresh"), null, "refresh") : 300;
            if (refresh < 10 || refresh > 86_400) {
                throw fail(null, "refresh must be 10..86400 seconds, got " + refresh);
            }
            Dashboard.Freshness freshness = freshness(root.get("freshness"));
            List<Variable> variables = variables(root.get("variables"));
            Map<String, String> sample = sampleValues(variables);
            List<Widget> widgets = widgets(root.get("widgets"), layout, sample);
            boolean isPublic = root.has("public") && bool(root.get("public"), "public");
            if (isPublic) {
                for (Widget widget : widgets) {
                    if (widget.type() == WidgetType.INDICATORS) {
                        throw fail(widget.id(), "an indicators widget reads /api/v1/programmes, which visitors without a login"
                                + " may not call: a public dashboard shows only its own cube queries");
                    }
                }
                if (territoryTitle != null) {
                    throw fail(null, "territoryTitle is never shown on a public dashboard: it answers everyone with the"
                            + " public's figures, not a user's own territories");
                }
            }
            return new Dashboard(id, file, title, territoryTitle, description, isPublic, parent, layout, refresh, freshness,
                    variables, widgets);
        }

        private Layout layout(JsonNode node) {
            if (node == null || node.isNull()) {
                return Layout.DEFAULT;
            }
            requireObject(node, null, "layout");
            unknownKeys((ObjectNode) node, Set.of("columns", "rows"), null, "layout");
            try {
                return new Layout(integer(node.get("columns"), null, "layout.columns"), integer(node.get("rows"), null, "layout.rows"));
            } catch (IllegalArgumentException e) {
                throw fail(null, e.getMessage());
            }
        }

        private Dashboard.Freshness freshness(JsonNode node) {
            if (node == null || node.isNull()) {
                return Dashboard.Freshness.MONTHLY;
            }
            requireObject(node, null, "freshness");
            unknownKeys((ObjectNode) node, Set.of("graceDays"), null, "freshness");
            try {
                return new Dashboard.Freshness(integer(node.get("graceDays"), null, "freshness.graceDays"));
            } catch (IllegalArgumentException e) {
                throw fail(null, e.getMessage());
            }
        }

        private List<Variable> variables(JsonNode node) {
            List<Variable> variables = new ArrayList<>();
            if (node == null || node.isNull()) {
                return variables;
            }
            if (!node.isArray()) {
                throw fail(null, "variables must be a list");
            }
            Set<String> names = new HashSet<>();
            for (JsonNode item : node) {
                requireObject(item, null, "each variable");
                unknownKeys((ObjectNode) item, VARIABLE_KEYS, null, "variable");
                String name = item.path("name").asText("");
                if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw fail(null, "variable name '" + name + "' must be a word of letters, digits and '_'");
                }
                if (!names.add(name)) {
                    throw fail(null, "variable '" + name + "' is declared twice");
                }
                String typeName = item.path("type").asText("");
                VariableKind kind = VariableKind.fromYaml(typeName).orElseThrow(() -> fail(null,
                        "variable '" + name + "': unknown type '" + typeName + "'; known: month, territory, code"));
                LocalizedText title = text(item.get("title"), null, "variable " + name + " title", true);
                String value = item.hasNonNull("default") ? item.get("default").asText() : null;
                if (value == null) {
                    throw fail(null, "variable '" + name + "' needs a default");
                }
                String latestOf = item.hasNonNull("latestOf") ? item.get("latestOf").asText() : null;
                if (Variable.LATEST.equals(value)) {
                    if (kind != VariableKind.MONTH) {
                        throw fail(null, "variable '" + name + "': only a month can default to 'latest'");
                    }
                    if (latestOf == null || !MEMBER.matcher(latestOf).matches()) {
                        throw fail(null, "variable '" + name + "' defaults to 'latest' and so needs latestOf: a time dimension like budget.operation_date");
                    }
                } else if (!kind.accepts(value)) {
                    throw fail(null, "variable '" + name + "': default '" + value + "' is not a valid " + kind.described());
                }
                variables.add(new Variable(name, kind, title, value, latestOf));
            }
            return variables;
        }

        private static Map<String, String> sampleValues(List<Variable> variables) {
            Map<String, String> values = new HashMap<>();
            for (Variable variable : variables) {
                switch (variable.kind()) {
                    case MONTH -> values.putAll(PeriodValues.of(variable.name(),
                            variable.defaultsToLatest() ? SAMPLE_MONTH : YearMonth.parse(variable.defaultValue())));
                    case TERRITORY -> values.put(variable.name(), variable.defaultValue());
                    case CODE -> values.put(variable.name(), variable.defaultValue());
                }
            }
            return values;
        }

        private List<Widget> widgets(JsonNode node, Layout layout, Map<String, String> sample) {
            if (node == null || !node.isArray() || node.isEmpty()) {
                throw fail(null, "widgets must be a non-empty list");
            }
            List<Widget> widgets = new ArrayList<>();
            for (JsonNode item : node) {
                Widget widget = widget(item, layout, sample);
                for (Widget other : widgets) {
                    if (other.id().equals(widget.id())) {
                        throw fail(widget.id(), "widget id is used twice");
                    }
                    if (other.grid().overlaps(widget.grid())) {
                        throw fail(widget.id(), "grid " + describe(widget.grid()) + " overlaps widget '" + other.id() + "' at " + describe(other.grid()));
                    }
                }
                widgets.add(widget);
            }
            return widgets;
        }

        private Widget widget(JsonNode item, Layout layout, Map<String, String> sample) {
            requireObject(item, null, "each widget");
            ObjectNode spec = (ObjectNode) item;
            String id = spec.path("id").asText("");
            if (!ID.matcher(id).matches()) {
                throw fail(id.isEmpty() ? null : id, "every widget needs an id of lower-case letters, digits, '-' or '_'"
                        + (id.isEmpty() ? " (widget of type '" + spec.path("type").asText("?") + "' has none)" : ""));
            }
            String typeName = spec.path("type").asText("");
            WidgetType type = WidgetType.fromYaml(typeName).orElseThrow(() -> fail(id,
                    "unknown type '" + typeName + "'; known: " + String.join(", ", java.util.Arrays.stream(WidgetType.values()).map(WidgetType::yamlName).toList())));
            unknownKeys(spec, type.allowed(), id, type.yamlName() + " widget");
            for (String required : type.required()) {
                if (!spec.hasNonNull(required)) {
                    throw fail(id, "a " + type.yamlName() + " widget needs '" + required + "'");
                }
            }
            LocalizedText title = text(spec.get("title"), id, "title", true);
            text(spec.get("subtitle"), id, "subtitle", false);
            text(spec.get("note"), id, "note", false);
            GridPosition grid = grid(spec.get("grid"), id, layout);
            placeholders(spec, id, sample);
            if (spec.has("query")) {
                query(spec.get("query"), id, "query", sample, Widget.compareOf(spec));
            }
            if (spec.has("trend")) {
                query(spec.get("trend"), id, "trend", sample, null);
            }
            if (spec.has("measure")) {
                measureOf(spec, id, "measure");
            }
            if (spec.has("disclosure")) {
                disclosure(spec, id);
            }
            if (spec.has("target")) {
                target(spec.get("target"), id, "target");
            }
            strings(spec.get("series"), id, "series");
            strings(spec.get("levels"), id, "levels");
            if (spec.has("programmes")) {
                programmes(spec.get("programmes"), id);
            }
            if (spec.has("columns")) {
                columns(spec.get("columns"), id);
            }
            if (spec.has("lines")) {
                lines(spec.get("lines"), id, sample);
            }
            if (spec.has("link") && !spec.get("link").asText("").startsWith("/")) {
                throw fail(id, "link must be a path on this server starting with '/', got '" + spec.get("link").asText() + "'");
            }
            return new Widget(id, type, title, grid, spec);
        }

        private GridPosition grid(JsonNode node, String id, Layout layout) {
            if (node == null || !node.isObject()) {
                throw fail(id, "needs grid: {x, y, w, h} on the " + layout.columns() + "×" + layout.rows() + " layout");
            }
            unknownKeys((ObjectNode) node, Set.of("x", "y", "w", "h"), id, "grid");
            GridPosition grid;
            try {
                grid = new GridPosition(integer(node.get("x"), id, "grid.x"), integer(node.get("y"), id, "grid.y"),
                        integer(node.get("w"), id, "grid.w"), integer(node.get("h"), id, "grid.h"));
            } catch (IllegalArgumentException e) {
                throw fail(id, e.getMessage());
            }
            if (grid.x() + grid.w() > layout.columns() || grid.y() + grid.h() > layout.rows()) {
                throw fail(id, "grid " + describe(grid) + " does not fit the " + layout.columns() + "×" + layout.rows()
                        + " layout (a wall screen never scrolls)");
            }
            return grid;
        }

        private void placeholders(JsonNode spec, String id, Map<String, String> sample) {
            for (String name : Placeholders.used(spec)) {
                if (!sample.containsKey(name)) {
                    throw fail(id, "uses ${" + name + "}, but the dashboard declares no such variable"
                            + (name.contains(".") ? " part (a month variable has: " + String.join(", ", new java.util.TreeSet<>(PeriodValues.PARTS)) + ")" : ""));
                }
            }
        }

        private void query(JsonNode node, String id, String field, Map<String, String> sample, String compare) {
            if (!node.isObject()) {
                throw fail(id, field + " must be a cube query (a mapping with measures, dimensions, timeDimensions, …)");
            }
            if (node.has("query")) {
                throw fail(id, field + " holds the query itself: write its measures, dimensions… directly, without a nested 'query:'");
            }
            if (compare != null) {
                if (!QueryShift.known(compare)) {
                    throw fail(id, "compare must be previousYear or previousPeriod, got '" + compare + "'");
                }
                try {
                    QueryShift.shift(Placeholders.substitute(node, sample), compare);
                } catch (IllegalArgumentException e) {
                    throw fail(id, "compare: " + e.getMessage() + " in " + field);
                }
            }
        }

        /** {@code measure} must be one of the query's measures, or a comparison column of one. */
        private void measureOf(JsonNode spec, String id, String field) {
            String measure = spec.get(field).asText();
            JsonNode measures = spec.path("query").path("measures");
            for (JsonNode m : measures) {
                if (measure.equals(m.asText()) || measure.startsWith(m.asText() + ".")) {
                    return;
                }
            }
            throw fail(id, field + " '" + measure + "' is not among the query's measures " + measures);
        }

        private void target(JsonNode node, String id, String where) {
            requireObject(node, id, where);
            unknownKeys((ObjectNode) node, TARGET_KEYS, id, where);
            String direction = node.path("direction").asText("higher");
            if (!direction.equals("higher") && !direction.equals("lower")) {
                throw fail(id, where + ".direction must be 'higher' (higher is better) or 'lower' (lower is better), got '" + direction + "'");
            }
            if (node.has("value") && !node.get("value").isNumber() && !Placeholders.used(node.get("value")).equals(Set.of())) {
                return; // a ${…} value, e.g. ${period.elapsedPct}; its placeholders are checked with the widget's
            }
            for (String key : List.of("value", "warn")) {
                if (node.has(key) && !node.get(key).isNumber()) {
                    throw fail(id, where + "." + key + " must be a number, got '" + node.get(key).asText() + "'");
                }
            }
            if (node.has("warn") && node.get("warn").asDouble() < 0) {
                throw fail(id, where + ".warn is a tolerance and cannot be negative");
            }
        }

        /** Codes of indicator programmes (national projects, strategies) such as RF-NG-DT. */
        private void programmes(JsonNode node, String id) {
            if (!node.isArray() || node.isEmpty()) {
                throw fail(id, "programmes must be a non-empty list of programme codes like RF-NG-DT");
            }
            for (JsonNode item : node) {
                if (!item.isTextual() || !item.asText().matches("[A-Z0-9][A-Z0-9-]*")) {
                    throw fail(id, "programmes: '" + item.asText() + "' is not a programme code like RF-NG-DT");
                }
            }
        }

        private void strings(JsonNode node, String id, String field) {
            if (node == null) {
                return;
            }
            if (!node.isArray() || node.isEmpty()) {
                throw fail(id, field + " must be a non-empty list of members like budget.fact");
            }
            for (JsonNode item : node) {
                if (!item.isTextual() || !MEMBER.matcher(item.asText()).matches()) {
                    throw fail(id, field + ": '" + item.asText() + "' is not a member name like budget.fact");
                }
            }
        }

        private void columns(JsonNode node, String id) {
            if (!node.isArray() || node.isEmpty()) {
                throw fail(id, "columns must be a non-empty list of {member, title, target}");
            }
            for (JsonNode column : node) {
                requireObject(column, id, "each column");
                unknownKeys((ObjectNode) column, COLUMN_KEYS, id, "column");
                if (!MEMBER.matcher(column.path("member").asText("")).matches()) {
                    throw fail(id, "every column needs member: a name like budget.fact");
                }
                text(column.get("title"), id, "column title", false);
                if (column.has("target")) {
                    target(column.get("target"), id, "column " + column.get("member").asText() + " target");
                }
            }
        }

        private void lines(JsonNode node, String id, Map<String, String> sample) {
            if (!node.isArray() || node.isEmpty()) {
                throw fail(id, "lines must be a non-empty list of {query, measure, say, compare}");
            }
            int index = 0;
            for (JsonNode line : node) {
                String where = "lines[" + index + "]";
                requireObject(line, id, where);
                unknownKeys((ObjectNode) line, LINE_KEYS, id, where);
                if (!line.hasNonNull("query") || !line.hasNonNull("say")) {
                    throw fail(id, where + " needs query and say");
                }
                query(line.get("query"), id, where + ".query", sample, Widget.compareOf(line));
                LocalizedText say = text(line.get("say"), id, where + ".say", true);
                if (!say.ru().contains("{value}")) {
                    throw fail(id, where + ".say must contain {value} where the number goes");
                }
                if (line.has("measure")) {
                    measureOf(line, id, "measure");
                }
                if (line.has("target")) {
                    target(line.get("target"), id, where + ".target");
                }
                index++;
            }
        }

        private LocalizedText text(JsonNode node, String id, String field, boolean required) {
            if (node == null || node.isNull()) {
                if (required) {
                    throw fail(id, "needs " + field + " (a string, or {ru: …, en: …})");
                }
                return null;
            }
            if (node.isTextual()) {
                return LocalizedText.of(node.asText());
            }
            if (node.isObject() && node.hasNonNull("ru")) {
                unknownKeys((ObjectNode) node, Set.of("ru", "en"), id, field);
                return new LocalizedText(node.get("ru").asText(), node.hasNonNull("en") ? node.get("en").asText() : null);
            }
            throw fail(id, field + " must be a string or {ru: …, en: …} with the Russian text first");
        }

        private boolean bool(JsonNode node, String field) {
            if (!node.isBoolean()) {
                throw fail(null, field + " must be true or false, got '" + node.asText() + "'");
            }
            return node.asBoolean();
        }

        /**
         * {@code disclosure: {count, also, rows, columns, threshold}}: the count of persons among the query's
         * measures, the measures computed from it, the dimensions spanning the table whose totals are published.
         */
        private void disclosure(ObjectNode spec, String id) {
            JsonNode node = spec.get("disclosure");
            requireObject(node, id, "disclosure");
            unknownKeys((ObjectNode) node, DISCLOSURE_KEYS, id, "disclosure");
            JsonNode query = spec.path("query");
            List<String> measures = new ArrayList<>();
            query.path("measures").forEach(m -> measures.add(m.asText()));
            List<String> dimensions = new ArrayList<>();
            query.path("dimensions").forEach(d -> dimensions.add(d.asText()));
            if (!node.hasNonNull("count") || !measures.contains(node.get("count").asText())) {
                throw fail(id, "disclosure.count must name the count of persons among the query's measures " + measures);
            }
            for (JsonNode also : node.path("also")) {
                if (!measures.contains(also.asText())) {
                    throw fail(id, "disclosure.also '" + also.asText() + "' is not among the query's measures " + measures);
                }
            }
            for (String line : List.of("rows", "columns")) {
                if (node.hasNonNull(line) && !dimensions.contains(node.get(line).asText())) {
                    throw fail(id, "disclosure." + line + " '" + node.get(line).asText() + "' is not among the query's dimensions " + dimensions);
                }
            }
            int threshold = node.hasNonNull("threshold") ? integer(node.get("threshold"), id, "disclosure.threshold") : 0;
            if (threshold < 2 || threshold > 100) {
                throw fail(id, "disclosure.threshold must be 2..100 (counts below it are hidden), got " + node.path("threshold").asText("none"));
            }
        }

        private int integer(JsonNode node, String id, String field) {
            if (node == null || !node.canConvertToInt() || !node.isIntegralNumber()) {
                throw fail(id, field + " must be a whole number, got " + (node == null ? "nothing" : "'" + node.asText() + "'"));
            }
            return node.asInt();
        }

        private void requireObject(JsonNode node, String id, String what) {
            if (node == null || !node.isObject()) {
                throw fail(id, what + " must be a mapping");
            }
        }

        private void unknownKeys(ObjectNode node, Set<String> allowed, String id, String what) {
            Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                String key = names.next();
                if (key.equals("digits")) {
                    // Decimals were once set per widget, and the same kind of number read differently from card to card.
                    throw fail(id, "'digits' in " + what + " is no longer set: the decimals follow one rule from the measure's"
                            + " format (counts none, percents, money and other numbers one); remove it");
                }
                if (!allowed.contains(key)) {
                    Set<String> sorted = new LinkedHashSet<>(allowed.stream().sorted().toList());
                    throw fail(id, "unknown field '" + key + "' in " + what + "; known: " + String.join(", ", sorted));
                }
            }
        }

        private static String describe(GridPosition grid) {
            return "{x: " + grid.x() + ", y: " + grid.y() + ", w: " + grid.w() + ", h: " + grid.h() + "}";
        }

        private DashboardException fail(String widget, String problem) {
            return new DashboardException(file, widget, problem);
        }
    }
}
