package ru.vitrina.engine.query;

import ru.vitrina.cubes.model.Cube;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A validated query against one cube, in the shape of Cube's REST query format, plus Vitrina's extensions:
 * drill-down along a hierarchy, period comparison and totals.
 *
 * @param filter all filters, and-ed; null when there are none
 * @param drillDown the hierarchy position the query was made from, or null
 * @param compare period comparison, or null
 */
public record CubeQuery(
        Cube cube,
        List<MemberRef> measures,
        List<MemberRef> dimensions,
        List<TimeDimensionQuery> timeDimensions,
        Filter filter,
        List<OrderItem> order,
        int limit,
        int offset,
        boolean total,
        DrillDown drillDown,
        Compare compare,
        Totals totals) {
    public CubeQuery {
        requireNonNull(cube, "cube");
        measures = List.copyOf(measures);
        dimensions = List.copyOf(dimensions);
        timeDimensions = List.copyOf(timeDimensions);
        order = List.copyOf(order);
        requireNonNull(totals, "totals");
    }

    /** Which totals to add beside the rows. */
    public enum Totals {
        NONE,
        /** One row over everything the filters keep. */
        GRAND,
        /** Every prefix of the dimensions, down to the grand total (SQL's ROLLUP). */
        SUBTOTALS
    }

    public record OrderItem(String key, boolean descending) {
        public OrderItem {
            requireNonNull(key, "key");
        }
    }

    /**
     * Period comparison: each measure also shown one period and one year before, with absolute and relative change.
     */
    public record Compare(TimeDimensionQuery on, boolean previousPeriod, boolean previousYear) {
        public Compare {
            requireNonNull(on, "on");
        }
    }

    /** Where a drill-down stands: the hierarchy, the chosen members of the levels above, and the level shown. */
    public record DrillDown(String hierarchy, List<String> levels, List<String> path) {
        public DrillDown {
            requireNonNull(hierarchy, "hierarchy");
            levels = List.copyOf(levels);
            path = List.copyOf(path);
        }

        public String level() {
            return levels.get(path.size());
        }
    }
}
