package ru.vitrina.ingest.health;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Where things are on a report form, found by reading it rather than by fixed addresses, because forms drift:
 * a title row more or less, a column moved. The header row is the first with a cell «Муниципальное образование»
 * (or «Территория»); the row under it holds the labels of merged group headers («Койки», «Врачи» under «Ресурсы на
 * конец месяца»; I … XXII under «Заболеваемость по классам МКБ-10»), so a column's label is the lower cell, or the
 * upper one where the header is merged down. The report month comes from a cell above the header: «Отчётный
 * период: 03.2024», «за март 2024 г.» or a date cell (which {@link HealthReportLoad#workbook} gives as 2024-03-01).
 *
 * <p>A form with the columns Койки, Врачи, Умерло is the resources form; any other form lists ICD-10 chapters. The
 * chapter labels are checked as a whole, because a label row shifted by one column would otherwise load every figure
 * under its neighbour's chapter: from the first chapter column (or the group header above it) to the last, each
 * column needs a label, no label may repeat, the chapters must run in their order (I, II, … XXII, gaps allowed) and the
 * sub-header cell under the OKTMO column must be empty. A form failing that is {@link #refused()}: all its figures
 * are quarantined with the cells named. The reader does not see merged ranges, so a group header is taken to span the
 * columns to its right that have a sub-label and no header of their own; a column right of the last label is outside
 * the form, and its non-empty cells are {@link #strayColumns stray}.
 */
record ReportLayout(Kind kind, Optional<YearMonth> month, int headerRow, int territoryColumn, int oktmoColumn,
                    Map<Integer, String> valueColumns, Set<Integer> labelledColumns, Optional<String> refused) {
    enum Kind { MORBIDITY, RESOURCES }

    static final String BEDS = "beds";
    static final String DOCTORS = "doctors";
    static final String DEATHS = "deaths";

    private static final Pattern NUMERIC_MONTH = Pattern.compile("(?<!\\d)(0?[1-9]|1[0-2])\\.(\\d{4})(?!\\d)");
    private static final Pattern ISO_MONTH = Pattern.compile("(?<!\\d)(\\d{4})-(0[1-9]|1[0-2])(?!\\d)");
    private static final Pattern WORD_MONTH = Pattern.compile("([а-яё]+)\\s+(\\d{4})");
    private static final Pattern ROMAN = Pattern.compile("X{0,3}(IX|IV|V?I{0,3})");
    private static final List<String> MONTH_STEMS = List.of("январ", "феврал", "март", "апрел", "ма", "июн", "июл",
            "август", "сентябр", "октябр", "ноябр", "декабр");
    /** Label problems named in a reason at most; a sheet shifted wholesale has one per column. */
    private static final int PROBLEMS_NAMED = 3;

    ReportLayout {
        requireNonNull(kind, "kind");
        requireNonNull(month, "month");
        requireNonNull(refused, "refused");
        // In sheet order, so quarantine records of a row come out in the same order on every run.
        valueColumns = Collections.unmodifiableSortedMap(new TreeMap<>(valueColumns));
        labelledColumns = Set.copyOf(labelledColumns);
    }

    /** The layout of {@code grid}, or empty when no row of it is a header with a territory column. */
    static Optional<ReportLayout> of(Grid grid) {
        List<Grid.Line> rows = grid.rows();
        for (int h = 0; h < rows.size(); h++) {
            Grid.Line header = rows.get(h);
            int territory = -1;
            int oktmo = -1;
            for (int c = 0; c < header.cells().size(); c++) {
                String text = header.cell(c).strip().toLowerCase(Locale.ROOT);
                if (territory < 0 && (text.startsWith("муниципальн") || text.equals("территория")
                        || text.startsWith("наименование территории"))) {
                    territory = c;
                } else if (oktmo < 0 && (text.equals("октмо") || text.startsWith("код октмо"))) {
                    oktmo = c;
                }
            }
            if (territory < 0) {
                continue;
            }
            Grid.Line below = h + 1 < rows.size() ? rows.get(h + 1) : new Grid.Line(header.number() + 1, List.of());
            boolean subHeader = below.cell(territory).isBlank();
            Map<Integer, String> labels = new LinkedHashMap<>();
            Set<Integer> groups = new HashSet<>();
            int width = Math.max(header.cells().size(), subHeader ? below.cells().size() : 0);
            for (int c = 0; c < width; c++) {
                if (c == territory || c == oktmo) {
                    continue;
                }
                String upper = header.cell(c).strip();
                String lower = subHeader ? below.cell(c).strip() : "";
                // A header over sub-labelled columns to its right is a group's, not this column's label.
                if (subHeader && lower.isEmpty() && !upper.isEmpty() && header.cell(c + 1).isBlank()
                        && !below.cell(c + 1).isBlank()) {
                    groups.add(c);
                    continue;
                }
                String label = lower.isEmpty() ? upper : lower;
                if (!label.isEmpty()) {
                    labels.put(c, label);
                }
            }
            Set<Integer> labelled = new HashSet<>(labels.keySet());
            labelled.add(territory);
            labelled.add(oktmo);
            Map<Integer, String> resources = new LinkedHashMap<>();
            labels.forEach((column, label) -> resource(label).ifPresent(name -> resources.put(column, name)));
            Optional<YearMonth> month = month(rows.subList(0, h));
            int dataFrom = subHeader ? h + 2 : h + 1;
            if (!resources.isEmpty()) {
                return Optional.of(new ReportLayout(Kind.RESOURCES, month, dataFrom, territory, oktmo, resources,
                        labelled, Optional.empty()));
            }
            Chapters chapters = new Chapters(subHeader ? below : header, header.number(), territory, oktmo);
            chapters.read(labels, groups);
            if (subHeader && oktmo >= 0 && !below.cell(oktmo).isBlank()) {
                chapters.problem(cell(oktmo, below) + " «" + Grid.quoted(below.cell(oktmo).strip()) + "» под графой ОКТМО",
                        cell(oktmo, below) + " «" + Grid.quoted(below.cell(oktmo).strip()) + "» is under the OKTMO column");
            }
            return Optional.of(new ReportLayout(Kind.MORBIDITY, month, dataFrom, territory, oktmo, chapters.columns,
                    labelled, chapters.refusal()));
        }
        return Optional.empty();
    }

    /** The chapter columns of a morbidity form and what is wrong with their labels. */
    private static final class Chapters {
        private final Grid.Line labelRow;
        private final int headerNumber;
        private final int territory;
        private final int oktmo;
        private final Map<Integer, String> columns = new LinkedHashMap<>();
        private final List<String> russian = new ArrayList<>();
        private final List<String> english = new ArrayList<>();

        Chapters(Grid.Line labelRow, int headerNumber, int territory, int oktmo) {
            this.labelRow = labelRow;
            this.headerNumber = headerNumber;
            this.territory = territory;
            this.oktmo = oktmo;
        }

        /** Every column from the first labelled one (or its group header) to the last labelled one is a chapter's. */
        void read(Map<Integer, String> labels, Set<Integer> groups) {
            int first = Integer.MAX_VALUE;
            int last = -1;
            for (int column : labels.keySet()) {
                first = Math.min(first, column);
                last = Math.max(last, column);
            }
            for (int group : groups) {
                first = Math.min(first, group);
            }
            Map<String, Integer> seen = new HashMap<>();
            int previous = -1;
            for (int c = first; c <= last; c++) {
                if (c == territory || c == oktmo) {
                    continue;
                }
                String label = labels.get(c);
                if (label == null) {
                    columns.put(c, "");
                    if (groups.contains(c)) {
                        problem(cell(c, labelRow) + " пуста под заголовком группы в " + Grid.columnName(c) + headerNumber,
                                cell(c, labelRow) + " is empty under the group header in " + Grid.columnName(c) + headerNumber);
                    } else {
                        problem(cell(c, labelRow) + " пуста: у графы " + Grid.columnName(c) + " нет подписи",
                                cell(c, labelRow) + " is empty: column " + Grid.columnName(c) + " has no label");
                    }
                    continue;
                }
                String code = code(label);
                columns.put(c, code);
                int number = roman(code);
                if (number < 0) {
                    continue;  // not a chapter at all: its figures are quarantined as an unknown chapter
                }
                Integer repeated = seen.putIfAbsent(code, c);
                if (repeated != null) {
                    problem("«" + code + "» повторена: " + cell(repeated, labelRow) + " и " + cell(c, labelRow),
                            "«" + code + "» repeated: " + cell(repeated, labelRow) + " and " + cell(c, labelRow));
                } else if (previous >= 0 && number < roman(columns.get(previous))) {
                    problem("«" + code + "» в " + cell(c, labelRow) + " после «" + columns.get(previous) + "» в "
                                    + cell(previous, labelRow),
                            "«" + code + "» in " + cell(c, labelRow) + " after «" + columns.get(previous) + "» in "
                                    + cell(previous, labelRow));
                }
                if (repeated == null && (previous < 0 || number > roman(columns.get(previous)))) {
                    previous = c;
                }
            }
        }

        void problem(String ru, String en) {
            russian.add(ru);
            english.add(en);
        }

        Optional<String> refusal() {
            if (russian.isEmpty()) {
                return Optional.empty();
            }
            int more = russian.size() - PROBLEMS_NAMED;
            String row = Integer.toString(labelRow.number());
            return Optional.of("Подписи классов МКБ-10 в строке " + row + " не по порядку, лист не загружен: "
                    + String.join("; ", russian.subList(0, Math.min(PROBLEMS_NAMED, russian.size())))
                    + (more > 0 ? " и ещё " + more : "")
                    + " / ICD-10 chapter labels in row " + row + " are out of order, the sheet is not loaded: "
                    + String.join("; ", english.subList(0, Math.min(PROBLEMS_NAMED, english.size())))
                    + (more > 0 ? " and " + more + " more" : ""));
        }
    }

    private static String cell(int column, Grid.Line line) {
        return Grid.columnName(column) + line.number();
    }

    /** The value of a Roman numeral up to XXXIX (the chapters run to XXII), or -1. */
    static int roman(String code) {
        if (code.isEmpty() || !ROMAN.matcher(code).matches()) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < code.length(); i++) {
            int digit = romanDigit(code.charAt(i));
            int next = i + 1 < code.length() ? romanDigit(code.charAt(i + 1)) : 0;
            value += digit < next ? -digit : digit;
        }
        return value;
    }

    private static int romanDigit(char c) {
        return c == 'X' ? 10 : c == 'V' ? 5 : 1;
    }

    /** The columns of {@code line} outside the form, no label above them, holding something: nothing there is read. */
    List<Integer> strayColumns(Grid.Line line) {
        List<Integer> stray = new ArrayList<>();
        for (int c = 0; c < line.cells().size(); c++) {
            if (!labelledColumns.contains(c) && !valueColumns.containsKey(c) && !line.cell(c).isBlank()) {
                stray.add(c);
            }
        }
        return stray;
    }

    /** The rows below the header. */
    List<Grid.Line> data(Grid grid) {
        return grid.rows().subList(Math.min(headerRow, grid.rows().size()), grid.rows().size());
    }

    /** The resource columns missing from a resources form. */
    List<String> missingResources() {
        List<String> missing = new ArrayList<>(List.of(BEDS, DOCTORS, DEATHS));
        missing.removeAll(valueColumns.values());
        return missing;
    }

    private static Optional<String> resource(String label) {
        String text = label.toLowerCase(Locale.ROOT);
        if (text.contains("койк")) {
            return Optional.of(BEDS);
        }
        if (text.contains("врач")) {
            return Optional.of(DOCTORS);
        }
        if (text.contains("умер") || text.contains("смерт")) {
            return Optional.of(DEATHS);
        }
        return Optional.empty();
    }

    /** A chapter label as its code: «Класс X» and «X» are both X; the code is checked against ref.icd10_chapter later. */
    private static String code(String label) {
        return label.toUpperCase(Locale.ROOT).replaceFirst("^КЛАСС\\s+", "").replaceAll("\\s+", "");
    }

    private static Optional<YearMonth> month(List<Grid.Line> above) {
        for (Grid.Line line : above) {
            for (String cell : line.cells()) {
                Optional<YearMonth> month = month(cell);
                if (month.isPresent()) {
                    return month;
                }
            }
        }
        return Optional.empty();
    }

    static Optional<YearMonth> month(String text) {
        Matcher numeric = NUMERIC_MONTH.matcher(text);
        if (numeric.find()) {
            return Optional.of(YearMonth.of(Integer.parseInt(numeric.group(2)), Integer.parseInt(numeric.group(1))));
        }
        Matcher iso = ISO_MONTH.matcher(text);
        if (iso.find()) {
            return Optional.of(YearMonth.of(Integer.parseInt(iso.group(1)), Integer.parseInt(iso.group(2))));
        }
        Matcher words = WORD_MONTH.matcher(text.toLowerCase(Locale.ROOT));
        while (words.find()) {
            String word = words.group(1);
            for (int m = 0; m < MONTH_STEMS.size(); m++) {
                String stem = MONTH_STEMS.get(m);
                // «ма» must be the whole stem of май/мая, not the start of any word.
                boolean may = m == 4 && (word.equals("май") || word.equals("мая"));
                if (may || (m != 4 && word.startsWith(stem))) {
                    return Optional.of(YearMonth.of(Integer.parseInt(words.group(2)), m + 1));
                }
            }
        }
        return Optional.empty();
    }
}
