package ru.vitrina.dashboards;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The widgets a screen can show, each with the fields its YAML may carry. Unknown fields are refused so a typo
 * ({@code tagret:}) fails at start instead of silently showing a grey tile on the wall.
 */
public enum WidgetType {
    /** A big number with unit, status colour against the target, change against the previous period, sparkline. */
    KPI(Set.of("query"), Set.of("measure", "compare", "trend", "target", "link", "disclosure")),
    /** Lines over time: plan against fact, monthly dynamics, this year against the last. */
    LINE(Set.of("query"), Set.of("series", "x", "target", "area", "cumulative", "link")),
    /** Bars over time or categories. */
    BAR(Set.of("query"), Set.of("series", "x", "target", "stack", "horizontal", "cumulative", "link", "disclosure")),
    /** Choropleth of the municipal formations keyed by OKTMO; a click opens the municipality card. */
    MAP(Set.of("query"), Set.of("measure", "target", "link", "disclosure")),
    /** Municipal formations sorted by a measure, with the regional figure as a line. */
    RANKING(Set.of("query"), Set.of("measure", "target", "link", "disclosure")),
    /** A dial for a percentage such as execution of the plan. */
    GAUGE(Set.of("query"), Set.of("measure", "max", "target", "compare", "link")),
    /** Structure of a total (expenditure by section → subsection); a click goes one level down. */
    TREEMAP(Set.of("query", "levels"), Set.of("measure", "link")),
    SUNBURST(Set.of("query", "levels"), Set.of("measure", "link")),
    /** Rows of a query with conditional colours on the columns that have a target. */
    TABLE(Set.of("query", "columns"), Set.of("link", "disclosure")),
    /** Sentences in Russian written from the numbers («Исполнение бюджета за 9 месяцев 2024 года составило …»). */
    TEXT(Set.of("lines"), Set.of()),
    /** Shares of the indicators of each listed programme on track, at risk, off track and without data (the indicator API). */
    INDICATORS(Set.of("programmes"), Set.of("link"));

    /** Fields every widget may have. */
    public static final Set<String> COMMON = Set.of("id", "type", "title", "subtitle", "grid", "note");

    private final Set<String> required;
    private final Set<String> optional;

    WidgetType(Set<String> required, Set<String> optional) {
        this.required = required;
        this.optional = optional;
    }

    public Set<String> required() {
        return required;
    }

    /** Every field this type accepts, common ones included, in a stable order for messages. */
    public Set<String> allowed() {
        Set<String> all = new LinkedHashSet<>();
        Stream.of(COMMON, required, optional).flatMap(Set::stream).sorted().forEach(all::add);
        return all;
    }

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<WidgetType> fromYaml(String name) {
        return Arrays.stream(values()).filter(t -> t.yamlName().equals(name)).findFirst();
    }
}
