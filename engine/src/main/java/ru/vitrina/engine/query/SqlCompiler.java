package ru.vitrina.engine.query;

import ru.vitrina.cubes.model.Cube;
import ru.vitrina.cubes.model.Dimension;
import ru.vitrina.cubes.model.Granularity;
import ru.vitrina.cubes.model.Join;
import ru.vitrina.cubes.model.LocalizedText;
import ru.vitrina.cubes.model.Measure;
import ru.vitrina.cubes.model.MeasureType;
import ru.vitrina.cubes.model.SqlTemplate;
import ru.vitrina.engine.query.CubeQuery.Compare;
import ru.vitrina.engine.query.CubeQuery.OrderItem;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns a {@link CubeQuery} into one DuckDB statement: the cube's measure and dimension definitions are
 * expanded here and nowhere else, so every answer computes a measure the same way.
 */
public final class SqlCompiler {
    private static final String CUBE_ALIAS = "\"c\"";
    private static final String BUCKET = "__bucket";

    /** The rows of the query, ordered and paged. */
    public CompiledQuery compile(CubeQuery query) {
        return compile(query, false);
    }

    /**
     * The rows of the query, ordered and paged.
     *
     * @param rowsAreGroups each row of the cube's table that the query keeps is one of its groups, time already in the
     *                      query's buckets (a rollup table, {@code RollupMatcher.Match}): the rows are read as they are,
     *                      a measure is its column and a condition on a measure a condition on the rows
     */
    public CompiledQuery compile(CubeQuery query, boolean rowsAreGroups) {
        Statement statement = new Statement(query, rowsAreGroups);
        return statement.finish(query.compare() == null ? statement.rows() : statement.compared());
    }

    /** All rows of the query, unordered and unpaged: the body of a rollup table. */
    public CompiledQuery compileUnpaged(CubeQuery query) {
        Statement statement = new Statement(query, false);
        CompiledQuery grouped = statement.finish(statement.grouped(List.of(), false));
        return new CompiledQuery(grouped.sql(), grouped.parameters(), statement.rows().columns());
    }

    /** How many rows the query has without limit and offset (Cube's {@code total}). */
    public CompiledQuery compileCount(CubeQuery query) {
        Statement statement = new Statement(query, false);
        CompiledQuery grouped = statement.finish(statement.grouped(List.of(), false));
        return new CompiledQuery("SELECT count(*) AS \"total\" FROM (" + grouped.sql() + ") AS grouped",
                grouped.parameters(), List.of(new ResultColumn("total", "Всего строк", "Total rows", ColumnType.NUMBER, null, "integer")));
    }

    /**
     * Totals over the rows the dimension filters keep: a grand total, or every prefix of the dimensions.
     * The last column, {@code $level}, counts the dimensions the row keeps (0 for the grand total).
     */
    public CompiledQuery compileTotals(CubeQuery query) {
        Statement statement = new Statement(query, false);
        return statement.finish(statement.totals());
    }

    /** The SQL of one query; collects parameters and joins as expressions are rendered. */
    private static final class Statement {
        private final CubeQuery query;
        private final Cube cube;
        private final List<Object> parameters = new ArrayList<>();
        private final Set<String> usedJoins = new LinkedHashSet<>();
        private final boolean rowsAreGroups;

        Statement(CubeQuery query, boolean rowsAreGroups) {
            this.query = query;
            this.cube = query.cube();
            this.rowsAreGroups = rowsAreGroups;
        }

        CompiledQuery rows() {
            List<Grouping> groupings = groupings();
            CompiledQuery grouped = grouped(query.order(), true);
            return new CompiledQuery(grouped.sql(), grouped.parameters(), columns(groupings, query.measures()));
        }

        /** SELECT dimensions, measures FROM ... WHERE ... GROUP BY ... HAVING ... [ORDER BY ... LIMIT ...]. */
        CompiledQuery grouped(List<OrderItem> order, boolean paged) {
            List<Grouping> groupings = groupings();
            List<String> select = new ArrayList<>();
            groupings.forEach(g -> select.add(g.sql + " AS " + quote(g.key)));
            query.measures().forEach(m -> select.add(measureSql(m.measure()) + " AS " + quote(m.key())));
            String where = where(query.timeDimensions());
            String having = query.filter() == null ? "" : having(query.filter());
            if (rowsAreGroups && !having.isEmpty()) {
                where += (where.isEmpty() ? " WHERE (" : " AND (") + having + ")";
                having = "";
            }
            StringBuilder sql = new StringBuilder("SELECT ").append(String.join(", ", select))
                    .append(from()).append(where).append(groupBy(groupings));
            if (!having.isEmpty()) {
                sql.append(" HAVING ").append(having);
            }
            if (paged) {
                sql.append(orderBy(order, groupings, "")).append(page());
            }
            return new CompiledQuery(sql.toString(), parameters, List.of());
        }

        /**
         * Each measure beside its value one period and one year before. The inner query covers the asked range
         * widened back by as much as the comparisons asked for reach (a year, a period, or the longer of the two),
         * so the first buckets have something to compare with and no older rows are read.
         */
        CompiledQuery compared() {
            Compare compare = query.compare();
            TimeDimensionQuery on = compare.on();
            String bucketKey = on.key();
            LocalDateTime from = on.dateRange().from();
            LocalDateTime earliest = from;
            if (compare.previousYear()) {
                earliest = from.minusYears(1);
            }
            if (compare.previousPeriod() && from.minus(on.granularity().length()).isBefore(earliest)) {
                earliest = from.minus(on.granularity().length());
            }
            DateRange reach = new DateRange(earliest, on.dateRange().toExclusive());
            List<TimeDimensionQuery> widened = query.timeDimensions().stream()
                    .map(t -> t.equals(on) ? new TimeDimensionQuery(t.dimension(), t.granularity(), reach) : t)
                    .toList();
            List<Grouping> groupings = groupings();
            List<String> select = new ArrayList<>();
            groupings.forEach(g -> select.add(g.sql + " AS " + quote(g.key)));
            query.measures().forEach(m -> select.add(measureSql(m.measure()) + " AS " + quote(m.key())));
            StringBuilder base = new StringBuilder("SELECT ").append(String.join(", ", select)).append(from())
                    .append(where(widened)).append(groupBy(groupings));

            List<String> outer = new ArrayList<>();
            groupings.forEach(g -> outer.add("cur." + quote(g.key)));
            List<ResultColumn> columns = new ArrayList<>(columns(groupings, query.measures()));
            StringBuilder joins = new StringBuilder();
            String otherKeys = groupings.stream().filter(g -> !g.key.equals(bucketKey))
                    .map(g -> " AND %s." + quote(g.key) + " IS NOT DISTINCT FROM cur." + quote(g.key))
                    .collect(Collectors.joining());
            for (MemberRef measure : query.measures()) {
                outer.add("cur." + quote(measure.key()));
            }
            if (compare.previousPeriod()) {
                joins.append(" LEFT JOIN base AS pp ON pp.").append(quote(bucketKey)).append(" = cur.").append(quote(bucketKey))
                        .append(" - ").append(interval(on.granularity())).append(otherKeys.replace("%s", "pp"));
                addComparison(outer, columns, "pp", "previousPeriod", "предыдущий период", "previous period");
            }
            if (compare.previousYear()) {
                joins.append(" LEFT JOIN base AS py ON py.").append(quote(bucketKey)).append(" = cur.").append(quote(bucketKey))
                        .append(" - INTERVAL 1 YEAR").append(otherKeys.replace("%s", "py"));
                addComparison(outer, columns, "py", "previousYear", "год назад", "a year before");
            }
            parameters.add(on.dateRange().from());
            parameters.add(on.dateRange().toExclusive());
            StringBuilder sql = new StringBuilder("WITH base AS (").append(base).append(") SELECT ")
                    .append(String.join(", ", outer)).append(" FROM base AS cur").append(joins)
                    .append(" WHERE cur.").append(quote(bucketKey)).append(" >= ? AND cur.").append(quote(bucketKey)).append(" < ?");
            if (query.filter() != null && query.filter().onMeasures()) {
                sql.append(" AND ").append(render(measureFilter(query.filter()), member -> "cur." + quote(member.key())));
            }
            sql.append(orderBy(query.order(), groupings, "cur.")).append(page());
            return new CompiledQuery(sql.toString(), parameters, columns);
        }

        private void addComparison(List<String> outer, List<ResultColumn> columns, String alias, String suffix, String ru, String en) {
            for (MemberRef member : query.measures()) {
                String current = "cur." + quote(member.key());
                String previous = alias + "." + quote(member.key());
                Measure measure = member.measure();
                outer.add(previous + " AS " + quote(member.key() + "." + suffix));
                // Rounded so that a difference of two doubles does not show binary noise (−3.7300000000000004).
                outer.add("round(" + current + " - " + previous + ", 6) AS " + quote(member.key() + "." + suffix + "Change"));
                outer.add("round(100.0 * (" + current + " - " + previous + ") / NULLIF(abs(" + previous + "), 0), 2) AS "
                        + quote(member.key() + "." + suffix + "ChangePct"));
                columns.add(measureColumn(member.key() + "." + suffix, measure, ", " + ru, ", " + en, measure.unit(), measure.format()));
                columns.add(measureColumn(member.key() + "." + suffix + "Change", measure, ": изменение к " + ru.replace("период", "периоду"),
                        ": change from " + en, measure.unit(), measure.format()));
                columns.add(measureColumn(member.key() + "." + suffix + "ChangePct", measure, ": изменение к " + ru.replace("период", "периоду") + ", %",
                        ": change from " + en + ", %", new LocalizedText("%", "%"), "percent"));
            }
        }

        CompiledQuery totals() {
            List<Grouping> groupings = groupings();
            int keep = query.totals() == CubeQuery.Totals.SUBTOTALS ? groupings.size() - 1 : 0;
            List<Grouping> kept = groupings.subList(0, Math.max(0, keep));
            List<String> sets = new ArrayList<>();
            for (int size = kept.size(); size >= 0; size--) {
                sets.add("(" + kept.subList(0, size).stream().map(g -> g.sql).collect(Collectors.joining(", ")) + ")");
            }
            List<String> select = new ArrayList<>();
            // A column no total keeps is null in every total row.
            groupings.forEach(g -> select.add((kept.contains(g) ? g.sql : "NULL") + " AS " + quote(g.key)));
            query.measures().forEach(m -> select.add(measureSql(m.measure()) + " AS " + quote(m.key())));
            String level = kept.isEmpty() ? "0" : kept.stream()
                    .map(g -> "(1 - GROUPING(" + g.sql + "))").collect(Collectors.joining(" + "));
            select.add(level + " AS \"$level\"");
            String sql = "SELECT " + String.join(", ", select) + from() + where(query.timeDimensions())
                    + (kept.isEmpty() ? "" : " GROUP BY GROUPING SETS (" + String.join(", ", sets) + ")")
                    + " ORDER BY \"$level\" DESC" + kept.stream().map(g -> ", " + quote(g.key) + " NULLS FIRST").collect(Collectors.joining());
            List<ResultColumn> columns = new ArrayList<>(columns(groupings, query.measures()));
            columns.add(new ResultColumn("$level", "Уровень итога", "Total level", ColumnType.NUMBER, null, "integer"));
            return new CompiledQuery(sql, parameters, columns);
        }

        private String groupBy(List<Grouping> groupings) {
            if (rowsAreGroups || groupings.isEmpty()) {
                return "";
            }
            return query.measures().isEmpty() ? " GROUP BY ALL" : " GROUP BY " + ordinals(groupings.size());
        }

        /** The grouped columns: dimensions, then bucketed time dimensions, in the order Cube returns them. */
        private List<Grouping> groupings() {
            List<Grouping> groupings = new ArrayList<>();
            for (MemberRef dimension : query.dimensions()) {
                groupings.add(new Grouping(dimension.key(), dimensionSql(dimension.dimension()), dimension, null));
            }
            for (TimeDimensionQuery time : query.timeDimensions()) {
                if (time.grouped() && groupings.stream().noneMatch(g -> g.key.equals(time.key()))) {
                    String column = dimensionSql(time.dimension().dimension());
                    String bucket = rowsAreGroups ? column : "CAST(date_trunc('" + time.granularity().apiName() + "', " + column + ") AS TIMESTAMP)";
                    groupings.add(new Grouping(time.key(), bucket, time.dimension(), time.granularity()));
                }
            }
            return groupings;
        }

        private List<ResultColumn> columns(List<Grouping> groupings, List<MemberRef> measures) {
            List<ResultColumn> columns = new ArrayList<>();
            for (Grouping grouping : groupings) {
                Dimension dimension = grouping.member.dimension();
                String suffixRu = grouping.granularity == null ? "" : ", " + granularityRu(grouping.granularity);
                String suffixEn = grouping.granularity == null ? "" : ", " + grouping.granularity.apiName();
                columns.add(new ResultColumn(grouping.key, dimension.title().ru() + suffixRu, dimension.title().en() + suffixEn,
                        grouping.granularity != null ? ColumnType.TIME : columnType(dimension),
                        dimension.unit() == null ? null : dimension.unit().ru(), dimension.format()));
            }
            for (MemberRef member : measures) {
                Measure measure = member.measure();
                columns.add(measureColumn(member.key(), measure, "", "", measure.unit(), measure.format()));
            }
            return columns;
        }

        private static ResultColumn measureColumn(String key, Measure measure, String suffixRu, String suffixEn,
                                                  LocalizedText unit, String format) {
            return new ResultColumn(key, measure.title().ru() + suffixRu, measure.title().en() + suffixEn,
                    ColumnType.NUMBER, unit == null ? null : unit.ru(), format);
        }

        private String from() {
            StringBuilder from = new StringBuilder(" FROM ").append(cube.fromSql()).append(" AS ").append(CUBE_ALIAS);
            // Joins are rendered last because expressions above decide which ones are needed.
            return from.toString() + "%JOINS%";
        }

        private String where(List<TimeDimensionQuery> timeDimensions) {
            List<String> conditions = new ArrayList<>();
            for (TimeDimensionQuery time : timeDimensions) {
                if (time.dateRange() != null) {
                    String expression = dimensionSql(time.dimension().dimension());
                    conditions.add(expression + " >= ? AND " + expression + " < ?");
                    parameters.add(time.dateRange().from());
                    parameters.add(time.dateRange().toExclusive());
                }
            }
            if (query.filter() != null) {
                Filter dimensionFilter = dimensionFilter(query.filter());
                if (dimensionFilter != null) {
                    conditions.add(render(dimensionFilter, member -> dimensionSql(member.dimension())));
                }
            }
            return conditions.isEmpty() ? "" : " WHERE " + conditions.stream().map(c -> "(" + c + ")").collect(Collectors.joining(" AND "));
        }

        private String having(Filter filter) {
            Filter onMeasures = measureFilter(filter);
            return onMeasures == null ? "" : render(onMeasures, member -> measureSql(member.measure()));
        }

        /** The part of a top-level and that constrains dimensions. */
        private static Filter dimensionFilter(Filter filter) {
            if (filter instanceof Filter.And and) {
                List<Filter> parts = and.parts().stream().filter(f -> !f.onMeasures()).toList();
                return parts.isEmpty() ? null : new Filter.And(parts);
            }
            return filter.onMeasures() ? null : filter;
        }

        private static Filter measureFilter(Filter filter) {
            if (filter instanceof Filter.And and) {
                List<Filter> parts = and.parts().stream().filter(Filter::onMeasures).toList();
                return parts.isEmpty() ? null : new Filter.And(parts);
            }
            return filter.onMeasures() ? filter : null;
        }

        private String render(Filter filter, Function<MemberRef, String> expressionOf) {
            if (filter instanceof Filter.And and) {
                return and.parts().stream().map(p -> "(" + render(p, expressionOf) + ")").collect(Collectors.joining(" AND "));
            }
            if (filter instanceof Filter.Or or) {
                return or.parts().stream().map(p -> "(" + render(p, expressionOf) + ")").collect(Collectors.joining(" OR "));
            }
            Filter.Condition condition = (Filter.Condition) filter;
            String e = expressionOf.apply(condition.member());
            List<Object> values = condition.values();
            return switch (condition.operator()) {
                case EQUALS -> e + " IN (" + placeholders(values) + ")";
                case NOT_EQUALS -> "(" + e + " NOT IN (" + placeholders(values) + ") OR " + e + " IS NULL)";
                case CONTAINS -> likeAny(e, values, "%", "%");
                case STARTS_WITH -> likeAny(e, values, "", "%");
                case ENDS_WITH -> likeAny(e, values, "%", "");
                case NOT_CONTAINS -> "(NOT (" + likeAny(e, values, "%", "%") + ") OR " + e + " IS NULL)";
                case NOT_STARTS_WITH -> "(NOT (" + likeAny(e, values, "", "%") + ") OR " + e + " IS NULL)";
                case NOT_ENDS_WITH -> "(NOT (" + likeAny(e, values, "%", "") + ") OR " + e + " IS NULL)";
                case GT -> e + " > " + placeholders(values);
                case GTE -> e + " >= " + placeholders(values);
                case LT -> e + " < " + placeholders(values);
                case LTE -> e + " <= " + placeholders(values);
                case SET -> e + " IS NOT NULL";
                case NOT_SET -> e + " IS NULL";
                case IN_DATE_RANGE -> e + " >= " + placeholders(values.subList(0, 1)) + " AND " + e + " < " + placeholders(values.subList(1, 2));
                case NOT_IN_DATE_RANGE -> "(" + e + " < " + placeholders(values.subList(0, 1)) + " OR " + e + " >= " + placeholders(values.subList(1, 2)) + ")";
                case BEFORE_DATE, BEFORE_OR_ON_DATE -> e + " < " + placeholders(values);
                case AFTER_DATE, AFTER_OR_ON_DATE -> e + " >= " + placeholders(values);
            };
        }

        private String likeAny(String expression, List<Object> values, String before, String after) {
            return values.stream().map(value -> {
                parameters.add(before + escapeLike(value.toString()) + after);
                return expression + " ILIKE ? ESCAPE '\\'";
            }).collect(Collectors.joining(" OR "));
        }

        private static String escapeLike(String value) {
            return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        }

        private String placeholders(List<Object> values) {
            parameters.addAll(values);
            return values.stream().map(v -> "?").collect(Collectors.joining(", "));
        }

        private String orderBy(List<OrderItem> order, List<Grouping> groupings, String prefix) {
            List<String> terms = new ArrayList<>();
            Set<String> used = new LinkedHashSet<>();
            for (OrderItem item : order) {
                String key = groupings.stream().anyMatch(g -> g.key.equals(item.key())) || isMeasure(item.key())
                        ? item.key() : timeKey(item.key(), groupings);
                terms.add(prefix + quote(key) + (item.descending() ? " DESC" : " ASC") + " NULLS LAST");
                used.add(key);
            }
            // Ties are broken by every grouped column, so that pages of one answer never overlap or skip rows.
            groupings.stream().filter(g -> !used.contains(g.key)).forEach(g -> terms.add(prefix + quote(g.key) + " ASC NULLS LAST"));
            return terms.isEmpty() ? "" : " ORDER BY " + String.join(", ", terms);
        }

        private boolean isMeasure(String key) {
            return query.measures().stream().anyMatch(m -> m.key().equals(key));
        }

        /** {@code budget.operation_date} in an order means its bucketed column. */
        private static String timeKey(String key, List<Grouping> groupings) {
            return groupings.stream().filter(g -> g.granularity != null && g.member.key().equals(key))
                    .map(g -> g.key).findFirst().orElse(key);
        }

        private String page() {
            return " LIMIT " + query.limit() + (query.offset() > 0 ? " OFFSET " + query.offset() : "");
        }

        private String dimensionSql(Dimension dimension) {
            return expand(dimension.sql(), false);
        }

        private String measureSql(Measure measure) {
            if (measure.type() == MeasureType.NUMBER) {
                return "(" + expand(measure.sql(), true) + ")";
            }
            String argument = measure.sql() == null ? "*" : expand(measure.sql(), false);
            if (rowsAreGroups) {
                return rowValue(measure, argument);
            }
            String aggregate = switch (measure.type()) {
                case COUNT -> "count(" + argument + ")";
                case COUNT_DISTINCT -> "count(DISTINCT " + argument + ")";
                case SUM -> "sum(" + argument + ")";
                case AVG -> "avg(" + argument + ")";
                case MIN -> "min(" + argument + ")";
                case MAX -> "max(" + argument + ")";
                case NUMBER -> throw new IllegalStateException("handled above");
            };
            return measure.filter() == null ? aggregate : aggregate + " FILTER (WHERE " + expand(measure.filter(), false) + ")";
        }

        /** A measure of a row that is its own group: the value the aggregate of that one row would give. */
        private static String rowValue(Measure measure, String argument) {
            boolean sameOnOneRow = measure.filter() == null
                    && (measure.type() == MeasureType.SUM || measure.type() == MeasureType.MIN || measure.type() == MeasureType.MAX);
            if (!sameOnOneRow) {
                throw new IllegalStateException("measure " + measure.name() + " (" + measure.type() + ") is not the value of its one row");
            }
            return argument;
        }

        private String expand(String template, boolean measuresAllowed) {
            return SqlTemplate.substitute(template, reference -> {
                if (reference.equals(SqlTemplate.CUBE)) {
                    return CUBE_ALIAS;
                }
                if (measuresAllowed && cube.measure(reference).isPresent()) {
                    return measureSql(cube.measure(reference).get());
                }
                usedJoins.add(reference);
                return joinAlias(reference);
            });
        }

        private static String joinAlias(String join) {
            return "\"j_" + join + "\"";
        }

        /** Puts the joins that rendered expressions asked for into the FROM clause. */
        CompiledQuery finish(CompiledQuery compiled) {
            StringBuilder joins = new StringBuilder();
            Set<String> rendered = new LinkedHashSet<>();
            // A join's own condition may name another join; keep expanding until nothing new is asked for.
            while (!rendered.containsAll(usedJoins)) {
                for (Join join : cube.joins()) {
                    if (usedJoins.contains(join.name()) && rendered.add(join.name())) {
                        joins.append(" LEFT JOIN ").append(join.sqlTable()).append(" AS ").append(joinAlias(join.name()))
                                .append(" ON ").append(expand(join.sql(), false));
                    }
                }
            }
            return new CompiledQuery(compiled.sql().replace("%JOINS%", joins), compiled.parameters(), compiled.columns());
        }

        private record Grouping(String key, String sql, MemberRef member, Granularity granularity) {
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static String ordinals(int count) {
        StringBuilder out = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            out.append(i == 1 ? "" : ", ").append(i);
        }
        return out.toString();
    }

    private static ColumnType columnType(Dimension dimension) {
        return switch (dimension.type()) {
            case STRING -> ColumnType.STRING;
            case NUMBER -> ColumnType.NUMBER;
            case BOOLEAN -> ColumnType.BOOLEAN;
            case TIME -> ColumnType.TIME;
        };
    }

    private static String granularityRu(Granularity granularity) {
        return switch (granularity) {
            case DAY -> "день";
            case WEEK -> "неделя";
            case MONTH -> "месяц";
            case QUARTER -> "квартал";
            case YEAR -> "год";
        };
    }

    private static String interval(Granularity granularity) {
        return switch (granularity) {
            case DAY -> "INTERVAL 1 DAY";
            case WEEK -> "INTERVAL 7 DAY";
            case MONTH -> "INTERVAL 1 MONTH";
            case QUARTER -> "INTERVAL 3 MONTH";
            case YEAR -> "INTERVAL 1 YEAR";
        };
    }
}
