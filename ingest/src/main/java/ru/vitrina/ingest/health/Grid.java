package ru.vitrina.ingest.health;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * One report form as a table of cell texts: a sheet of a workbook or a whole CSV file. Merged cells arrive as the
 * spreadsheet stores them — the value in the first cell of the range, the others empty.
 *
 * @param source the file name
 * @param sheet  the sheet's name, or null for a CSV file
 * @param rows   the non-empty rows, each with its 1-based number in the sheet or file
 */
record Grid(String source, String sheet, List<Line> rows) {
    /** A row; {@code problem} says why a CSV line could not be split into cells (then it has none), else null. */
    record Line(int number, List<String> cells, String problem) {
        Line {
            cells = List.copyOf(cells);
        }

        Line(int number, List<String> cells) {
            this(number, cells, null);
        }

        String cell(int column) {
            return column >= 0 && column < cells.size() ? cells.get(column) : "";
        }

        boolean blank() {
            return problem == null && cells.stream().allMatch(String::isBlank);
        }
    }

    Grid {
        requireNonNull(source, "source");
        rows = List.copyOf(rows);
    }

    /** Where a row is, as a person finds it: «лист «Ресурсы», строка 7 / sheet, row 7» or «строка 7 / line 7». */
    String position(int row, int column) {
        String cell = column < 0 ? "" : ", " + columnName(column);
        return sheet == null ? "строка " + row + cell + " / line " + row
                : "лист «" + sheet + "», строка " + row + cell + " / sheet row " + row;
    }

    /** A, B, ... Z, AA: the spreadsheet's name of a 0-based column. */
    static String columnName(int column) {
        StringBuilder name = new StringBuilder();
        for (int c = column + 1; c > 0; c = (c - 1) / 26) {
            name.insert(0, (char) ('A' + (c - 1) % 26));
        }
        return name.toString();
    }
}
