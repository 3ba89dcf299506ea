package ru.vitrina.ingest.health;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
 * период: 03.2024» or «за март 2024 г.».
 *
 * <p>A form with the columns Койки, Врачи, Умерло is the resources form; any other form lists ICD-10 chapters.
 */
record ReportLayout(Kind kind, Optional<YearMonth> month, int headerRow, int territoryColumn, int oktmoColumn,
                    Map<Integer, String> valueColumns) {
    enum Kind { MORBIDITY, RESOURCES }

    static final String BEDS = "beds";
    static final String DOCTORS = "doctors";
    static final String DEATHS = "deaths";

    private static final Pattern NUMERIC_MONTH = Pattern.compile("(?<!\\d)(0?[1-9]|1[0-2])\\.(\\d{4})(?!\\d)");
    private static final Pattern ISO_MONTH = Pattern.compile("(?<!\\d)(\\d{4})-(0[1-9]|1[0-2])(?!\\d)");
    private static final Pattern WORD_MONTH = Pattern.compile("([а-яё]+)\\s+(\\d{4})");
    private static final List<String> MONTH_STEMS = List.of("январ", "феврал", "март", "апрел", "ма", "июн", "июл",
            "август", "сентябр", "октябр", "ноябр", "декабр");

    ReportLayout {
        requireNonNull(kind, "kind");
        requireNonNull(month, "month");
        // In sheet order, so quarantine records of a row come out in the same order on every run.
        valueColumns = Collections.unmodifiableSortedMap(new TreeMap<>(valueColumns));
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
            int width = Math.max(header.cells().size(), subHeader ? below.cells().size() : 0);
            for (int c = 0; c < width; c++) {
                if (c == territory || c == oktmo) {
                    continue;
                }
                String lower = subHeader ? below.cell(c).strip() : "";
                String label = lower.isEmpty() ? header.cell(c).strip() : lower;
                if (!label.isEmpty()) {
                    labels.put(c, label);
                }
            }
            Map<Integer, String> resources = new LinkedHashMap<>();
            labels.forEach((column, label) -> resource(label).ifPresent(name -> resources.put(column, name)));
            Kind kind = resources.isEmpty() ? Kind.MORBIDITY : Kind.RESOURCES;
            Map<Integer, String> values = kind == Kind.RESOURCES ? resources : chapters(labels);
            int dataFrom = subHeader ? h + 2 : h + 1;
            return Optional.of(new ReportLayout(kind, month(rows.subList(0, h)), dataFrom, territory, oktmo, values));
        }
        return Optional.empty();
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

    /** Chapter labels as codes: «Класс X» and «X» are both X; the code is checked against ref.icd10_chapter later. */
    private static Map<Integer, String> chapters(Map<Integer, String> labels) {
        Map<Integer, String> codes = new LinkedHashMap<>();
        labels.forEach((column, label) -> codes.put(column,
                label.toUpperCase(Locale.ROOT).replaceFirst("^КЛАСС\\s+", "").replaceAll("\\s+", "")));
        return codes;
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
