package ru.vitrina.ingest.health;

import ru.vitrina.ingest.load.SourceFiles;

import java.nio.charset.StandardCharsets;
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
    /**
     * Raw text kept in a quarantine record at most: a row is quarantined a cell at a time, and a 10 MB cell copied
     * into each of its row's records would be hundreds of megabytes of quarantine.
     */
    static final int MAX_RAW = 1_000;

    /** A cell's text quoted in a reason at most: the record's raw content holds the rest. */
    static final int MAX_QUOTED = 100;

    /**
     * A row; {@code problem} says why a CSV line could not be split into cells, and then its one cell is the line's
     * text, else null.
     */
    record Line(int number, List<String> cells, String problem) {
        Line {
            cells = List.copyOf(cells);
        }

        Line(int number, List<String> cells) {
            this(number, cells, null);
        }

        /** A CSV line that is not a row of cells: its text and why. */
        static Line unsplit(int number, String text, String problem) {
            return new Line(number, List.of(text), requireNonNull(problem, "problem"));
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

    /**
     * The text as a quarantine record keeps it: whole up to {@link #MAX_RAW} characters, else cut there with its full
     * length and SHA-256 (of its UTF-8 bytes), so that the whole can still be found in the source and checked.
     */
    static String excerpt(String text) {
        if (text.length() <= MAX_RAW) {
            return text;
        }
        String sha256 = SourceFiles.sha256(text.getBytes(StandardCharsets.UTF_8));
        return text.substring(0, MAX_RAW) + "… [обрезано / cut: " + text.length() + " знаков / characters, SHA-256 "
                + sha256 + "]";
    }

    /** The text as a reason quotes it: at most {@link #MAX_QUOTED} characters. */
    static String quoted(String text) {
        return text.length() <= MAX_QUOTED ? text : text.substring(0, MAX_QUOTED) + "…";
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
