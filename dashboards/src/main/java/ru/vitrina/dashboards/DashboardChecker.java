package ru.vitrina.dashboards;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Checks every query of a dashboard — as the browser will send it, variables filled with sample values and
 * comparisons derived — against the cube model, naming file, widget and query on failure.
 */
public final class DashboardChecker {
    private final QueryCheck check;

    public DashboardChecker(QueryCheck check) {
        this.check = requireNonNull(check, "check");
    }

    public void check(DashboardCatalog catalog) {
        catalog.all().forEach(this::check);
    }

    public void check(Dashboard dashboard) {
        DashboardResolver.Resolution sample = new DashboardResolver(dashboard).sample();
        for (Widget widget : dashboard.widgets()) {
            JsonNode resolved = sample.widget(widget.id());
            for (NamedQuery query : queries(resolved)) {
                try {
                    check.check(query.query());
                } catch (RuntimeException e) {
                    throw new DashboardException(dashboard.file(), widget.id(), query.path() + ": " + e.getMessage(), e);
                }
            }
        }
    }

    /** The queries a resolved widget will send: {@code query}, {@code previousQuery}, {@code trend}, and those of its lines. */
    public static List<NamedQuery> queries(JsonNode widget) {
        List<NamedQuery> queries = new ArrayList<>();
        add(queries, widget, "");
        int index = 0;
        for (JsonNode line : widget.path("lines")) {
            add(queries, line, "lines[" + index++ + "].");
        }
        return queries;
    }

    private static void add(List<NamedQuery> queries, JsonNode node, String prefix) {
        for (String field : List.of("query", "previousQuery", "trend")) {
            if (node.hasNonNull(field)) {
                queries.add(new NamedQuery(prefix + field, node.get(field)));
            }
        }
    }

    public record NamedQuery(String path, JsonNode query) {
    }
}
