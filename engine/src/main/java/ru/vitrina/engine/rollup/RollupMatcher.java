package ru.vitrina.engine.rollup;

import ru.vitrina.cubes.model.Cube;
import ru.vitrina.cubes.model.Dimension;
import ru.vitrina.cubes.model.Granularity;
import ru.vitrina.cubes.model.Measure;
import ru.vitrina.cubes.model.MeasureType;
import ru.vitrina.cubes.model.Rollup;
import ru.vitrina.cubes.model.SqlTemplate;
import ru.vitrina.engine.query.CubeQuery;
import ru.vitrina.engine.query.DateRange;
import ru.vitrina.engine.query.Filter;
import ru.vitrina.engine.query.MemberRef;
import ru.vitrina.engine.query.Operator;
import ru.vitrina.engine.query.TimeDimensionQuery;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds a rollup that answers a query exactly and rewrites the query onto it. A rollup answers when it holds
 * every dimension the query groups or filters by, every measure (or what a number measure is made of) in an
 * additive form, and buckets time no coarser than the query — with date bounds on its bucket edges.
 * Anything else (a count distinct, a raw-SQL number measure, a range starting mid-month) goes to the base table.
 */
public final class RollupMatcher {

    /**
     * Smallest first: fewer dimensions, then fewer time buckets, then as declared. Row counts are not known when a
     * query is planned, but a rollup with a subset of another's dimensions, or coarser buckets, never has more rows,
     * and the rollups of one cube are declared as such refinements of each other.
     */
    private static final Comparator<Rollup> SMALLEST_FIRST = Comparator
            .comparingInt((Rollup rollup) -> rollup.dimensions().size())
            .thenComparing(rollup -> rollup.granularity() == null ? -1 : Granularity.YEAR.ordinal() - rollup.granularity().ordinal());

    /** The query rewritten onto the smallest rollup of its cube that can answer it exactly, if any. */
    public Optional<Match> match(CubeQuery query) {
        return query.cube().rollups().stream()
                .sorted(SMALLEST_FIRST)
                .map(rollup -> match(query, rollup))
                .flatMap(Optional::stream)
                .findFirst();
    }

    /**
     * A query rewritten onto a rollup table.
     *
     * @param rowsAreGroups each row of the table that the query keeps is one of its groups, its time already bucketed
     *                      as the query asks, so the answer needs no aggregation (see {@link #rowsAreGroups})
     */
    public record Match(String rollup, CubeQuery query, boolean rowsAreGroups) {
    }

    private static Optional<Match> match(CubeQuery query, Rollup rollup) {
        Cube cube = query.cube();
        Set<String> measures = RollupTables.storedMeasures(cube, rollup).stream().map(Measure::name).collect(Collectors.toSet());
        Set<String> dimensions = Set.copyOf(rollup.dimensions());
        List<MemberRef> used = Stream.of(query.measures().stream(), query.dimensions().stream(), filterMembers(query.filter()))
                .flatMap(s -> s).toList();
        for (MemberRef member : used) {
            boolean held = member.isMeasure() ? answerable(cube, member.measure(), measures)
                    : member.isTime() ? member.name().equals(rollup.timeDimension()) && query.dimensions().stream().noneMatch(MemberRef::isTime)
                    : dimensions.contains(member.name());
            if (!held) {
                return Optional.empty();
            }
        }
        for (TimeDimensionQuery time : query.timeDimensions()) {
            if (!time.dimension().name().equals(rollup.timeDimension())
                    || time.grouped() && !time.granularity().canRollUpFrom(rollup.granularity())
                    || time.dateRange() != null && !aligned(time.dateRange(), rollup.granularity())) {
                return Optional.empty();
            }
        }
        if (!timeFiltersAligned(query.filter(), rollup.granularity())) {
            return Optional.empty();
        }
        Cube table = rollupCube(cube, rollup, measures);
        return Optional.of(new Match(cube.name() + "." + rollup.name(), rebind(query, table), rowsAreGroups(query, rollup)));
    }

    /**
     * A rollup holds one row per value of its dimensions and time bucket. When the query groups by, or holds to a
     * single value, every one of its dimensions, and groups time in the rollup's own buckets or reads only one of
     * them, the rows it keeps are already its groups: DuckDB then reads them as they are instead of grouping again
     * (a third of a small answer's time there). A query without groups still aggregates: it answers one row even
     * when no row matches.
     */
    private static boolean rowsAreGroups(CubeQuery query, Rollup rollup) {
        if (query.dimensions().stream().anyMatch(MemberRef::isTime)) {
            return false;
        }
        Set<String> grouped = query.dimensions().stream().map(MemberRef::name).collect(Collectors.toSet());
        Set<String> fixed = fixedToOneValue(query.filter()).collect(Collectors.toSet());
        List<TimeDimensionQuery> timeGroups = query.timeDimensions().stream().filter(TimeDimensionQuery::grouped).toList();
        boolean timeInRollupBuckets = timeGroups.stream().allMatch(time -> time.granularity() == rollup.granularity());
        boolean everyKeyGroupedOrFixed = rollup.dimensions().stream().allMatch(d -> grouped.contains(d) || fixed.contains(d))
                && (rollup.timeDimension() == null || !timeGroups.isEmpty() || readsOneBucket(query, rollup.granularity()));
        return timeInRollupBuckets && everyKeyGroupedOrFixed && (!timeGroups.isEmpty() || !grouped.isEmpty());
    }

    private static boolean readsOneBucket(CubeQuery query, Granularity granularity) {
        return query.timeDimensions().stream().map(TimeDimensionQuery::dateRange)
                .anyMatch(range -> range != null && range.from().plus(granularity.length()).equals(range.toExclusive()));
    }

    /** The dimensions that a condition of the filter's conjunction holds to exactly one value. */
    private static Stream<String> fixedToOneValue(Filter filter) {
        if (filter instanceof Filter.And and) {
            return and.parts().stream().flatMap(RollupMatcher::fixedToOneValue);
        }
        return filter instanceof Filter.Condition condition && !condition.member().isMeasure()
                && condition.operator() == Operator.EQUALS && condition.values().size() == 1
                ? Stream.of(condition.member().name()) : Stream.empty();
    }

    /** A number measure is answerable when it is built only from stored measures, not from raw rows. */
    private static boolean answerable(Cube cube, Measure measure, Set<String> stored) {
        if (measure.type() != MeasureType.NUMBER) {
            return stored.contains(measure.name());
        }
        Set<String> references = SqlTemplate.references(measure.sql());
        return !references.isEmpty() && references.stream().allMatch(reference -> cube.measure(reference)
                .map(part -> answerable(cube, part, stored)).orElse(false));
    }

    private static boolean aligned(DateRange range, Granularity granularity) {
        return onEdge(range.from(), granularity) && onEdge(range.toExclusive(), granularity);
    }

    private static boolean onEdge(LocalDateTime time, Granularity granularity) {
        if (!time.toLocalTime().equals(java.time.LocalTime.MIDNIGHT)) {
            return false;
        }
        return switch (granularity) {
            case DAY -> true;
            case WEEK -> time.getDayOfWeek() == DayOfWeek.MONDAY;
            case MONTH -> time.getDayOfMonth() == 1;
            case QUARTER -> time.getDayOfMonth() == 1 && (time.getMonthValue() - 1) % 3 == 0;
            case YEAR -> time.getDayOfYear() == 1;
        };
    }

    private static boolean timeFiltersAligned(Filter filter, Granularity granularity) {
        if (filter == null) {
            return true;
        }
        if (filter instanceof Filter.Condition condition) {
            return !condition.member().isTime() || condition.values().stream()
                    .allMatch(value -> value instanceof LocalDateTime time && onEdge(time, granularity));
        }
        List<Filter> parts = filter instanceof Filter.And and ? and.parts() : ((Filter.Or) filter).parts();
        return parts.stream().allMatch(part -> timeFiltersAligned(part, granularity));
    }

    private static Stream<MemberRef> filterMembers(Filter filter) {
        if (filter == null) {
            return Stream.empty();
        }
        if (filter instanceof Filter.Condition condition) {
            return Stream.of(condition.member());
        }
        List<Filter> parts = filter instanceof Filter.And and ? and.parts() : ((Filter.Or) filter).parts();
        return parts.stream().flatMap(RollupMatcher::filterMembers);
    }

    /** The cube as seen through a rollup table: same names, columns of the table, sums of sums. */
    private static Cube rollupCube(Cube cube, Rollup rollup, Set<String> stored) {
        List<Dimension> dimensions = new ArrayList<>();
        for (Dimension dimension : cube.dimensions()) {
            if (rollup.dimensions().contains(dimension.name())) {
                dimensions.add(withSql(dimension, column(cube.name() + "." + dimension.name())));
            } else if (dimension.name().equals(rollup.timeDimension())) {
                dimensions.add(withSql(dimension, column(cube.name() + "." + dimension.name() + "." + rollup.granularity().apiName())));
            }
        }
        List<Measure> measures = new ArrayList<>();
        for (Measure measure : cube.measures()) {
            if (stored.contains(measure.name())) {
                MeasureType type = measure.type() == MeasureType.COUNT ? MeasureType.SUM : measure.type();
                measures.add(new Measure(measure.name(), type, column(cube.name() + "." + measure.name()), null, measure.title(),
                        measure.description(), measure.unit(), measure.format(), measure.isPublic()));
            } else if (measure.type() == MeasureType.NUMBER && answerable(cube, measure, stored)) {
                measures.add(measure);
            }
        }
        return new Cube(cube.name(), cube.title(), cube.description(), RollupTables.tableName(cube, rollup), null, List.of(),
                measures, dimensions, List.of(), List.of(), cube.security(), cube.sourceFile());
    }

    private static String column(String name) {
        return "{CUBE}.\"" + name + "\"";
    }

    private static Dimension withSql(Dimension dimension, String sql) {
        return new Dimension(dimension.name(), dimension.type(), sql, dimension.title(), dimension.description(),
                dimension.unit(), dimension.format(), dimension.label(), dimension.isPublic());
    }

    private static CubeQuery rebind(CubeQuery query, Cube table) {
        return new CubeQuery(table, rebind(query.measures(), table), rebind(query.dimensions(), table),
                query.timeDimensions().stream().map(t -> new TimeDimensionQuery(rebind(t.dimension(), table), t.granularity(), t.dateRange())).toList(),
                rebind(query.filter(), table), query.order(), query.limit(), query.offset(), query.total(),
                query.drillDown(),
                query.compare() == null ? null : new CubeQuery.Compare(new TimeDimensionQuery(rebind(query.compare().on().dimension(), table),
                        query.compare().on().granularity(), query.compare().on().dateRange()), query.compare().previousPeriod(), query.compare().previousYear()),
                query.totals());
    }

    private static List<MemberRef> rebind(List<MemberRef> members, Cube table) {
        return members.stream().map(m -> rebind(m, table)).toList();
    }

    private static MemberRef rebind(MemberRef member, Cube table) {
        return member.isMeasure()
                ? new MemberRef(table, table.measure(member.name()).orElseThrow(), null)
                : new MemberRef(table, null, table.dimension(member.name()).orElseThrow());
    }

    private static Filter rebind(Filter filter, Cube table) {
        if (filter == null) {
            return null;
        }
        if (filter instanceof Filter.Condition condition) {
            return new Filter.Condition(rebind(condition.member(), table), condition.operator(), condition.values());
        }
        if (filter instanceof Filter.And and) {
            return new Filter.And(and.parts().stream().map(p -> rebind(p, table)).toList());
        }
        return new Filter.Or(((Filter.Or) filter).parts().stream().map(p -> rebind(p, table)).toList());
    }
}
