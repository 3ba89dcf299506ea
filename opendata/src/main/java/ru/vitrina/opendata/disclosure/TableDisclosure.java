package ru.vitrina.opendata.disclosure;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Applies {@link CellSuppression} to rows in long form (one row per cell): the rows are split into tables by the
 * {@code by} fields, each table is spanned by the {@code rows} and {@code columns} fields, and the count field
 * (and the fields computed from it) of every hidden cell is set to null.
 */
public final class TableDisclosure {
    private final CellSuppression suppression;
    private final int count;
    private final int[] also;
    private final int rowField;
    private final int columnField;
    private final int[] by;

    /** @param fields the names of the row's values, in order */
    public TableDisclosure(List<String> fields, String count, List<String> also, String rows, String columns,
                           List<String> by, int threshold) {
        requireNonNull(fields, "fields");
        this.suppression = new CellSuppression(threshold);
        this.count = index(fields, count);
        this.also = also.stream().mapToInt(name -> index(fields, name)).toArray();
        this.rowField = index(fields, rows);
        this.columnField = index(fields, columns);
        this.by = by.stream().mapToInt(name -> index(fields, name)).toArray();
    }

    private static int index(List<String> fields, String name) {
        int index = fields.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("disclosure names field '" + name + "', which the data set does not have " + fields);
        }
        return index;
    }

    /** Hides cells in place; returns how many rows lost their count. */
    public int apply(List<Object[]> rows) {
        Map<List<Object>, List<Object[]>> tables = new LinkedHashMap<>();
        for (Object[] row : rows) {
            List<Object> key = new ArrayList<>(by.length);
            for (int field : by) {
                key.add(row[field]);
            }
            tables.computeIfAbsent(key, k -> new ArrayList<>()).add(row);
        }
        int hidden = 0;
        for (List<Object[]> table : tables.values()) {
            hidden += applyToTable(table);
        }
        return hidden;
    }

    private int applyToTable(List<Object[]> table) {
        Map<Object, Integer> rowIndex = new LinkedHashMap<>();
        Map<Object, Integer> columnIndex = new LinkedHashMap<>();
        for (Object[] row : table) {
            rowIndex.putIfAbsent(row[rowField], rowIndex.size());
            columnIndex.putIfAbsent(row[columnField], columnIndex.size());
        }
        BigDecimal[][] counts = new BigDecimal[rowIndex.size()][columnIndex.size()];
        Object[][][] cells = new Object[rowIndex.size()][columnIndex.size()][];
        for (Object[] row : table) {
            int r = rowIndex.get(row[rowField]);
            int c = columnIndex.get(row[columnField]);
            if (cells[r][c] != null) {
                throw new IllegalArgumentException("two rows share the cell " + row[rowField] + " × " + row[columnField]
                        + ": add the field that tells them apart to 'by'");
            }
            cells[r][c] = row;
            counts[r][c] = row[count] == null ? null : new BigDecimal(row[count].toString());
        }
        Mark[][] marks = suppression.suppress(counts);
        int hidden = 0;
        for (int r = 0; r < marks.length; r++) {
            for (int c = 0; c < marks[r].length; c++) {
                if (marks[r][c].hidden()) {
                    Object[] row = cells[r][c];
                    row[count] = null;
                    for (int field : also) {
                        row[field] = null;
                    }
                    hidden++;
                }
            }
        }
        return hidden;
    }
}
