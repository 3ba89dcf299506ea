package ru.vitrina.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ru.vitrina.cubes.model.LocalizedText;

import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Fills a dashboard's variables — from the URL, else the default, else the newest month with data — into its
 * widgets, giving the definition the browser draws: queries ready to send, comparison queries derived, every
 * title as {@code {ru, en}}.
 */
public final class DashboardResolver {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** How a screen's file names the totals line (a ranking's {@code totals: true}), and what it becomes for a limited user. */
    static final String REGION_TOTAL_RU = "в целом по области";
    static final String REGION_TOTAL_EN = "the region as a whole";
    static final String OWN_TOTAL_RU = "итого по вашим территориям";
    static final String OWN_TOTAL_EN = "total of your territories";

    private final Dashboard dashboard;

    public DashboardResolver(Dashboard dashboard) {
        this.dashboard = requireNonNull(dashboard, "dashboard");
    }

    /** The newest month with data in a time dimension such as {@code budget.operation_date}, if any. */
    @FunctionalInterface
    public interface LatestMonth {
        Optional<YearMonth> of(String timeDimension);
    }

    /**
     * @param requested values from the URL by variable name; names that are not variables are ignored
     * @param latest    where {@code latest} defaults come from
     * @param fallback  the month used when {@code latest} finds no data at all
     * @throws IllegalArgumentException when a requested value does not fit its variable, or is a month after the
     *                                  latest with data of a {@code latestOf} variable
     */
    public Resolution resolve(Map<String, String> requested, LatestMonth latest, YearMonth fallback) {
        return resolve(requested, latest, fallback, List.of());
    }

    /**
     * @param territories the territories the user is limited to, in order (empty: no limit); a territory variable
     *                    then defaults to the first of them, offers only them and refuses any other
     * @throws TerritoryRefused when a requested territory is not one of {@code territories}
     */
    public Resolution resolve(Map<String, String> requested, LatestMonth latest, YearMonth fallback, List<String> territories) {
        requireNonNull(requested, "requested");
        requireNonNull(territories, "territories");
        requireNonNull(latest, "latest");
        requireNonNull(fallback, "fallback");
        Map<String, String> chosen = new LinkedHashMap<>();
        Map<String, Boolean> isLatest = new LinkedHashMap<>();
        Map<String, String> placeholders = new LinkedHashMap<>();
        Map<String, YearMonth> dataMonths = new LinkedHashMap<>();
        for (Variable variable : dashboard.variables()) {
            String value = requested.get(variable.name());
            boolean fromData = false;
            if (value == null || value.isBlank() || value.equals(Variable.LATEST) && variable.defaultsToLatest()) {
                if (variable.defaultsToLatest()) {
                    value = latest.of(variable.latestOf()).orElse(fallback).toString();
                    fromData = true;
                } else if (variable.kind() == VariableKind.TERRITORY && !territories.isEmpty()) {
                    value = territories.get(0);
                } else {
                    value = variable.defaultValue();
                }
            } else if (!variable.kind().accepts(value)) {
                throw new IllegalArgumentException("Значение «" + value + "» не подходит переменной «" + variable.name()
                        + "» (" + variable.kind().described() + ") / value '" + value + "' does not fit variable '"
                        + variable.name() + "' (" + variable.kind().described() + ")");
            } else if (variable.latestOf() != null && variable.kind() == VariableKind.MONTH) {
                // A month after the data (typed into the URL past the picker) would draw «—» beside last year's lines.
                String asked = value;
                Optional<YearMonth> newest = latest.of(variable.latestOf()).filter(month -> YearMonth.parse(asked).isAfter(month));
                if (newest.isPresent()) {
                    throw new IllegalArgumentException("Нет данных за " + value + ": последний месяц с данными — " + newest.get()
                            + " / no data for " + value + ": the latest month with data is " + newest.get());
                }
            } else if (variable.kind() == VariableKind.TERRITORY && !territories.isEmpty() && !territories.contains(value)) {
                throw new TerritoryRefused("Территория «" + value + "» вам недоступна; ваши: " + territories
                        + " / territory '" + value + "' is not yours; yours: " + territories);
            }
            chosen.put(variable.name(), value);
            isLatest.put(variable.name(), fromData);
            if (variable.kind() == VariableKind.MONTH) {
                placeholders.putAll(PeriodValues.of(variable.name(), YearMonth.parse(value)));
                if (fromData) {
                    dataMonths.put(variable.name(), YearMonth.parse(value));
                }
            } else {
                placeholders.put(variable.name(), value);
            }
        }
        Map<String, ObjectNode> widgets = new LinkedHashMap<>();
        TileMonths tileMonths = new TileMonths(placeholders, dataMonths, latest);
        for (Widget widget : dashboard.widgets()) {
            ObjectNode spec = widget(tileMonths.substitute(widget.spec()));
            if (!territories.isEmpty()) {
                ownTotals(spec);
            }
            widgets.put(widget.id(), spec);
        }
        return new Resolution(dashboard, chosen, isLatest, widgets, territories);
    }

    /** A territory asked for in the URL that the user's row-level rights do not cover: answered as forbidden. */
    public static final class TerritoryRefused extends RuntimeException {
        TerritoryRefused(String message) {
            super(message);
        }
    }

    /** With sample values (September 2024, the city of Tomsk) for checking files without data. */
    public Resolution sample() {
        Map<String, String> requested = new LinkedHashMap<>();
        for (Variable variable : dashboard.variables()) {
            if (variable.kind() == VariableKind.TERRITORY && variable.defaultValue().startsWith("69000")) {
                requested.put(variable.name(), DashboardReader.SAMPLE_TERRITORY);
            }
        }
        return resolve(requested, dimension -> Optional.of(DashboardReader.SAMPLE_MONTH), DashboardReader.SAMPLE_MONTH);
    }

    private static ObjectNode widget(ObjectNode spec) {
        localize(spec, "title");
        localize(spec, "subtitle");
        localize(spec, "note");
        derivePrevious(spec);
        numericTargets(spec);
        for (JsonNode line : spec.path("lines")) {
            localize((ObjectNode) line, "say");
            derivePrevious((ObjectNode) line);
        }
        for (JsonNode column : spec.path("columns")) {
            localize((ObjectNode) column, "title");
        }
        return spec;
    }

    /**
     * For a user limited to territories the engine totals only his rows: the subtitle's words for the region as a
     * whole (as the shipped screens write them) would label his district's figure as the region's.
     */
    private static void ownTotals(ObjectNode spec) {
        JsonNode subtitle = spec.get("subtitle");
        if (subtitle != null && subtitle.isObject()) {
            ObjectNode texts = (ObjectNode) subtitle;
            texts.put("ru", texts.path("ru").asText().replace(REGION_TOTAL_RU, OWN_TOTAL_RU));
            texts.put("en", texts.path("en").asText().replace(REGION_TOTAL_EN, OWN_TOTAL_EN));
        }
    }

    /** A target written as ${period.elapsedPct} is a number once filled in; the browser compares numbers. */
    private static void numericTargets(JsonNode node) {
        if (node.isObject()) {
            JsonNode target = node.get("target");
            if (target != null && target.isObject() && target.path("value").isTextual()) {
                String text = target.get("value").asText();
                try {
                    ((ObjectNode) target).put("value", new java.math.BigDecimal(text.trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("target value '" + text + "' is not a number");
                }
            }
        }
        if (node.isContainerNode()) {
            node.forEach(DashboardResolver::numericTargets);
        }
    }

    private static void derivePrevious(ObjectNode node) {
        String compare = Widget.compareOf(node);
        if (compare != null && node.hasNonNull("query")) {
            node.set("previousQuery", QueryShift.shift(node.get("query"), compare));
        }
    }

    /** A plain string becomes {ru, en} with the same text, so the browser reads one shape. */
    private static void localize(ObjectNode node, String field) {
        JsonNode value = node.get(field);
        if (value != null && value.isTextual()) {
            node.set(field, texts(LocalizedText.of(value.asText())));
        } else if (value != null && value.isObject() && !value.hasNonNull("en")) {
            ((ObjectNode) value).put("en", value.get("ru").asText());
        }
    }

    static ObjectNode texts(LocalizedText text) {
        ObjectNode node = NODES.objectNode();
        node.put("ru", text.ru());
        node.put("en", text.en());
        return node;
    }

    /** A dashboard with its variables chosen: what {@code GET /api/v1/dashboards/{id}} answers. */
    public record Resolution(Dashboard dashboard, Map<String, String> values, Map<String, Boolean> latest,
                             Map<String, ObjectNode> widgets, List<String> territories) {
        public Resolution {
            requireNonNull(dashboard, "dashboard");
            territories = List.copyOf(territories);
            values = Map.copyOf(values);
            latest = Map.copyOf(latest);
            widgets = new LinkedHashMap<>(widgets);
        }

        public ObjectNode widget(String id) {
            ObjectNode widget = widgets.get(id);
            if (widget == null) {
                throw new IllegalArgumentException("no widget '" + id + "' in dashboard '" + dashboard.id() + "'");
            }
            return widget.deepCopy();
        }

        public ObjectNode toJson() {
            ObjectNode root = NODES.objectNode();
            root.put("id", dashboard.id());
            root.set("title", texts(dashboard.title()));
            if (dashboard.description() != null) {
                root.set("description", texts(dashboard.description()));
            }
            if (dashboard.parent() != null) {
                root.put("parent", dashboard.parent());
            }
            root.put("file", dashboard.file());
            root.putObject("layout").put("columns", dashboard.layout().columns()).put("rows", dashboard.layout().rows());
            root.put("refresh", dashboard.refreshSeconds());
            root.putObject("freshness").put("graceDays", dashboard.freshness().graceDays());
            ArrayNode variables = root.putArray("variables");
            for (Variable variable : dashboard.variables()) {
                ObjectNode v = variables.addObject();
                v.put("name", variable.name());
                v.put("type", variable.kind().yamlName());
                v.set("title", texts(variable.title()));
                v.put("default", variable.defaultValue());
                v.put("value", values.get(variable.name()));
                v.put("latest", latest.getOrDefault(variable.name(), false));
                if (variable.kind() == VariableKind.TERRITORY && !territories.isEmpty()) {
                    // The only values the user may pick: his own territories, not the whole region's list.
                    ArrayNode choices = v.putArray("choices");
                    territories.forEach(choices::add);
                }
            }
            // The page labels a ranking's totals line by it: the user's territories, not the region.
            root.put("ownTerritories", !territories.isEmpty());
            ArrayNode list = root.putArray("widgets");
            List.copyOf(widgets.values()).forEach(w -> list.add(w.deepCopy()));
            return root;
        }
    }
}
