package ru.vitrina.opendata.disclosure;

import java.math.BigDecimal;

/**
 * Statistical disclosure control of one two-way table of counts whose row and column totals are published
 * (by the dashboards or the query API): counts from 1 to threshold − 1 are hidden (primary suppression), and then,
 * in every row and every column that would otherwise hold exactly one hidden cell, one more cell is hidden
 * (complementary suppression) — with one unknown, total minus the shown cells gives it away; with two, it does not.
 *
 * <p>The complementary cell is chosen to cost least: a cell whose other line also needs a partner (one cell fixes
 * two lines), then the smallest positive count, then a zero. Zero counts are never primary (a zero reveals
 * nothing about a person). A line with a single cell cannot be protected by its total and is left as it is: such a
 * total should not be published. Absent cells (null) take no part.
 */
public final class CellSuppression {
    private final int threshold;

    public CellSuppression(int threshold) {
        if (threshold <= 0) {
            throw new IllegalArgumentException("threshold must be positive, was " + threshold);
        }
        this.threshold = threshold;
    }

    public int threshold() {
        return threshold;
    }

    /** @param counts rows × columns, null where the table has no cell */
    public Mark[][] suppress(BigDecimal[][] counts) {
        int rows = counts.length;
        int columns = rows == 0 ? 0 : counts[0].length;
        Mark[][] marks = new Mark[rows][columns];
        BigDecimal limit = BigDecimal.valueOf(threshold);
        for (int r = 0; r < rows; r++) {
            if (counts[r].length != columns) {
                throw new IllegalArgumentException("row " + r + " has " + counts[r].length + " cells, expected " + columns);
            }
            for (int c = 0; c < columns; c++) {
                BigDecimal value = counts[r][c];
                boolean sensitive = value != null && value.signum() > 0 && value.compareTo(limit) < 0;
                marks[r][c] = sensitive ? Mark.PRIMARY : Mark.SHOWN;
            }
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int r = 0; r < rows; r++) {
                if (hiddenInRow(marks, r) == 1) {
                    changed |= hideOne(counts, marks, r, true);
                }
            }
            for (int c = 0; c < columns; c++) {
                if (hiddenInColumn(marks, c) == 1) {
                    changed |= hideOne(counts, marks, c, false);
                }
            }
        }
        return marks;
    }

    /** Hides the cheapest shown cell of a row (or column); false when the line has no other cell. */
    private static boolean hideOne(BigDecimal[][] counts, Mark[][] marks, int line, boolean isRow) {
        int size = isRow ? marks[0].length : marks.length;
        int best = -1;
        for (int i = 0; i < size; i++) {
            int r = isRow ? line : i;
            int c = isRow ? i : line;
            if (counts[r][c] == null || marks[r][c].hidden()) {
                continue;
            }
            if (best < 0 || cheaper(counts, marks, r, c, isRow ? line : best, isRow ? best : line, isRow)) {
                best = i;
            }
        }
        if (best < 0) {
            return false;
        }
        marks[isRow ? line : best][isRow ? best : line] = Mark.COMPLEMENTARY;
        return true;
    }

    private static boolean cheaper(BigDecimal[][] counts, Mark[][] marks, int r, int c, int bestR, int bestC, boolean isRow) {
        boolean fixes = crossNeedsPartner(marks, r, c, isRow);
        boolean bestFixes = crossNeedsPartner(marks, bestR, bestC, isRow);
        if (fixes != bestFixes) {
            return fixes;
        }
        BigDecimal value = counts[r][c];
        BigDecimal best = counts[bestR][bestC];
        boolean positive = value.signum() > 0;
        boolean bestPositive = best.signum() > 0;
        if (positive != bestPositive) {
            return positive;
        }
        return value.compareTo(best) < 0;
    }

    /** Whether the other line through the cell (its column when choosing in a row) has exactly one hidden cell. */
    private static boolean crossNeedsPartner(Mark[][] marks, int r, int c, boolean isRow) {
        return isRow ? hiddenInColumn(marks, c) == 1 : hiddenInRow(marks, r) == 1;
    }

    private static int hiddenInRow(Mark[][] marks, int r) {
        int hidden = 0;
        for (Mark mark : marks[r]) {
            hidden += mark.hidden() ? 1 : 0;
        }
        return hidden;
    }

    private static int hiddenInColumn(Mark[][] marks, int c) {
        int hidden = 0;
        for (Mark[] row : marks) {
            hidden += row[c].hidden() ? 1 : 0;
        }
        return hidden;
    }
}
