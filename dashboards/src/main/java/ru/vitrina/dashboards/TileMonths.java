package ru.vitrina.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The month each tile shows when a screen's month comes from the data ({@code default: latest}). The screen follows
 * one cube's newest finished month ({@code latestOf}); the other sources report on their own days — the health
 * ministry's forms a month or two after the Treasury's payments — so a tile whose cube has no data for the screen's
 * month yet shows its own newest month before it, and says which ({@code "shownMonth": "2026-08"}), instead of «—»
 * beside last year's figure. A tile is never moved after the screen's month, and a month chosen by the viewer holds for
 * every tile: then «—» is the honest answer.
 *
 * <p>The tile's cube is read from the time dimension of its main query (or its trend); each line of a text tile has
 * its own.
 */
final class TileMonths {
    private final Map<String, String> placeholders;
    private final Map<String, YearMonth> dataMonths;
    private final DashboardResolver.LatestMonth latest;

    /**
     * @param placeholders the screen's values of every variable
     * @param dataMonths   the month variables taken from the data, with the screen's month
     */
    TileMonths(Map<String, String> placeholders, Map<String, YearMonth> dataMonths, DashboardResolver.LatestMonth latest) {
        this.placeholders = Map.copyOf(placeholders);
        this.dataMonths = Map.copyOf(dataMonths);
        this.latest = requireNonNull(latest, "latest");
    }

    /** The widget's file spec with its variables filled in, each part with its own month. */
    ObjectNode substitute(JsonNode widget) {
        ObjectNode spec = own(widget);
        JsonNode lines = widget.path("lines");
        for (int i = 0; i < lines.size(); i++) {
            ((ArrayNode) spec.get("lines")).set(i, own(lines.get(i)));
        }
        return spec;
    }

    private ObjectNode own(JsonNode part) {
        Map<String, String> values = new LinkedHashMap<>(placeholders);
        YearMonth shown = null;
        Optional<YearMonth> newest = timeDimension(part).flatMap(latest::of);
        for (Map.Entry<String, YearMonth> screen : dataMonths.entrySet()) {
            if (newest.isPresent() && newest.get().isBefore(screen.getValue())) {
                values.putAll(PeriodValues.of(screen.getKey(), newest.get()));
                shown = newest.get();
            }
        }
        ObjectNode spec = (ObjectNode) Placeholders.substitute(part, values);
        if (shown != null) {
            spec.put("shownMonth", shown.toString());
        }
        return spec;
    }

    private static Optional<String> timeDimension(JsonNode part) {
        for (String field : new String[]{"query", "trend"}) {
            String dimension = part.path(field).path("timeDimensions").path(0).path("dimension").asText("");
            if (!dimension.isEmpty()) {
                return Optional.of(dimension);
            }
        }
        return Optional.empty();
    }
}
