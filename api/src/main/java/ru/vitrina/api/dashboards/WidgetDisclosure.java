package ru.vitrina.api.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import ru.vitrina.engine.query.MemberRef;
import ru.vitrina.engine.query.QueryAnswer;
import ru.vitrina.engine.query.ResultColumn;
import ru.vitrina.engine.query.TimeDimensionQuery;
import ru.vitrina.opendata.disclosure.TableDisclosure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * The open-data disclosure control of a widget that shows counts of persons ({@code disclosure:} in its YAML):
 * counts under the threshold are hidden and, where a row or column of the table would then hide a single cell that
 * its published total gives away, one more ({@link TableDisclosure}). The table is spanned by {@code rows} (default:
 * the query's first dimension) and {@code columns} (default: none, one column whose total is the regional figure);
 * every other grouped dimension and time period makes a table of its own.
 */
final class WidgetDisclosure {
    /** The single column of a one-way table. */
    private static final String ALL = "$all";

    private final String count;
    private final List<String> also;
    private final String rows;
    private final String columns;
    private final int threshold;

    private WidgetDisclosure(String count, List<String> also, String rows, String columns, int threshold) {
        this.count = requireNonNull(count, "count");
        this.also = List.copyOf(also);
        this.rows = rows;
        this.columns = columns;
        this.threshold = threshold;
    }

    /** The control a resolved widget declares, if any (the dashboard reader has checked its fields). */
    static Optional<WidgetDisclosure> of(JsonNode widget) {
        JsonNode node = widget.get("disclosure");
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        List<String> also = new ArrayList<>();
        node.path("also").forEach(member -> also.add(member.asText()));
        return Optional.of(new WidgetDisclosure(node.get("count").asText(), also, node.path("rows").asText(null),
                node.path("columns").asText(null), node.get("threshold").asInt()));
    }

    /** The answer with hidden cells set to null; the engine's rows (perhaps cached and shared) are left untouched. */
    QueryAnswer apply(QueryAnswer answer) {
        List<String> fields = new ArrayList<>(answer.columns().stream().map(ResultColumn::key).toList());
        int width = fields.size();
        fields.add(ALL);
        Set<String> grouped = Stream.concat(answer.query().dimensions().stream().map(MemberRef::key),
                        answer.query().timeDimensions().stream().filter(TimeDimensionQuery::grouped).map(TimeDimensionQuery::key))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        String rowField = rows != null ? rows : grouped.stream().findFirst().orElse(ALL);
        String columnField = columns != null ? columns : ALL;
        List<String> by = grouped.stream().filter(key -> !key.equals(rowField) && !key.equals(columnField)).toList();
        List<Object[]> copies = new ArrayList<>(answer.rows().size());
        for (Object[] row : answer.rows()) {
            Object[] copy = Arrays.copyOf(row, width + 1);
            copy[width] = ALL;
            copies.add(copy);
        }
        new TableDisclosure(fields, count, also, rowField, columnField, by, threshold).apply(copies);
        List<Object[]> shown = copies.stream().map(row -> Arrays.copyOf(row, width)).toList();
        return new QueryAnswer(answer.query(), answer.compiled(), shown, answer.total(), answer.totals(), answer.totalsQuery(),
                answer.drillDown(), answer.dataVersion(), answer.durationNanos(), false, answer.rollup());
    }
}
