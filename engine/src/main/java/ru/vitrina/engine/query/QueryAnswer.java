package ru.vitrina.engine.query;

import ru.vitrina.engine.store.DataVersion;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A whole JSON-sized answer: rows in column order, with what Cube returns beside them ({@code total}) and
 * Vitrina's additions: totals, the drill-down position and the data version the numbers come from.
 *
 * @param total rows without limit and offset, or null when not asked
 * @param totals total rows (last column {@code $level}), or null when not asked
 * @param drillDown path of the drill-down with member labels, or null
 * @param cached whether the answer came from the result cache
 * @param rollup the rollup that answered ({@code cube.rollup}), or null for the base table
 */
public record QueryAnswer(
        CubeQuery query,
        CompiledQuery compiled,
        List<Object[]> rows,
        Long total,
        List<Object[]> totals,
        CompiledQuery totalsQuery,
        DrillPath drillDown,
        DataVersion dataVersion,
        long durationNanos,
        boolean cached,
        String rollup) {
    public QueryAnswer {
        requireNonNull(query, "query");
        requireNonNull(compiled, "compiled");
        rows = List.copyOf(rows);
    }

    /** The same answer, served again from the result cache. */
    public QueryAnswer fromCache(long lookupNanos) {
        return new QueryAnswer(query, compiled, rows, total, totals, totalsQuery, drillDown, dataVersion, lookupNanos, true, rollup);
    }

    public List<ResultColumn> columns() {
        return compiled.columns();
    }

    /** A drill-down position: the level shown and the members chosen above it, with their names. */
    public record DrillPath(String hierarchy, String level, int depth, List<Step> path, String nextLevel) {
        public DrillPath {
            path = List.copyOf(path);
        }

        public record Step(String level, String member, String label) {
        }
    }
}
