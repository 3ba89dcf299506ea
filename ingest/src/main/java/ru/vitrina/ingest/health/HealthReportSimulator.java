package ru.vitrina.ingest.health;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import ru.vitrina.ingest.budget.TreasuryCsv;
import ru.vitrina.ingest.demo.Draws;
import ru.vitrina.ingest.demo.HealthRates;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static java.util.Objects.requireNonNull;

/**
 * The regional health ministry's monthly reports as it sends them: one XLSX workbook a month with the sheets
 * «Ф1 Заболеваемость» (first-diagnosed cases by ICD-10 chapter, I … XXII under one merged group header) and
 * «Ф2 Ресурсы» (beds and doctors at the end of the month under a merged «Ресурсы» header, deaths in the month),
 * a title and a report period above the header, a row per municipal formation and an «Итого» row; or the same
 * forms as CSV files. Territories are written the way clerks write them — «г. Томск», «Томск», «город Томск»,
 * «Томский р-н» — and the OKTMO cell is left empty on some rows, so the loader has to match names.
 *
 * <p>Deterministic: the figures and the spelling of every row follow from the seed, the month and the territory.
 */
public final class HealthReportSimulator {
    public static final String MORBIDITY_SHEET = "Ф1 Заболеваемость";
    public static final String RESOURCES_SHEET = "Ф2 Ресурсы";

    /** A municipal formation as the reference data knows it. */
    public record Municipality(String oktmo, String nameRu, long population) {
        public Municipality {
            requireNonNull(oktmo, "oktmo");
            requireNonNull(nameRu, "nameRu");
        }
    }

    /** One territory row of a month's report. */
    public record Row(String oktmo, String writtenName, boolean oktmoWritten, List<Long> cases, int beds, int doctors,
                      int deaths) {
        public Row {
            cases = List.copyOf(cases);
        }
    }

    private final List<Municipality> municipalities;
    private final long seed;

    public HealthReportSimulator(List<Municipality> municipalities, long seed) {
        this.municipalities = List.copyOf(municipalities);
        this.seed = seed;
    }

    /** The level-2 municipal formations of ref.territory with their latest population. */
    public static HealthReportSimulator fromReference(Connection connection, long seed) throws SQLException {
        List<Municipality> municipalities = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT t.oktmo, t.name_ru,"
                + " (SELECT p.population FROM ref.population p WHERE p.oktmo = t.oktmo ORDER BY p.year DESC LIMIT 1)"
                + " FROM ref.territory t WHERE t.level = 2 ORDER BY t.oktmo");
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                municipalities.add(new Municipality(rows.getString(1), rows.getString(2), rows.getLong(3)));
            }
        }
        return new HealthReportSimulator(municipalities, seed);
    }

    /** The chapters the forms report, in column order. */
    public static List<String> chapters() {
        return HealthRates.CHAPTERS.stream().map(HealthRates.Chapter::code).toList();
    }

    /** The report of {@code month}: a row per municipality, in OKTMO order. */
    public List<Row> report(YearMonth month) {
        List<Row> rows = new ArrayList<>();
        int m = month.getMonthValue() - 1;
        for (Municipality municipality : municipalities) {
            SplittableRandom random = new SplittableRandom(seed * 1_000_003L + month.getYear() * 12L + m
                    + 7919L * Long.parseLong(municipality.oktmo()));
            double people = municipality.population() / 1000.0;
            List<Long> cases = new ArrayList<>();
            for (HealthRates.Chapter chapter : HealthRates.CHAPTERS) {
                cases.add(Draws.poisson(random, people * chapter.ratePer1000() / 12 * chapter.season(m)
                        * Draws.noise(random, 0.05)));
            }
            int beds = (int) Math.round(people * 7.6 * (1 + 0.004 * random.nextGaussian()));
            int doctors = (int) Math.round(people * 4.6 * (1 + 0.004 * random.nextGaussian()));
            int deaths = (int) Draws.poisson(random, people * 13.0 / 12 * HealthRates.deathSeason(m));
            rows.add(new Row(municipality.oktmo(), spelling(municipality.nameRu(), random),
                    random.nextInt(5) != 0, cases, beds, doctors, deaths));
        }
        return rows;
    }

    /** Writes the workbooks of the months {@code from} … {@code to} as {@code minzdrav_YYYY-MM.xlsx}. */
    public List<Path> writeWorkbooks(Path folder, YearMonth from, YearMonth to) throws IOException {
        Files.createDirectories(folder);
        List<Path> files = new ArrayList<>();
        for (YearMonth month = from; !month.isAfter(to); month = month.plusMonths(1)) {
            Path file = folder.resolve("minzdrav_" + month + ".xlsx");
            writeWorkbook(file, month);
            files.add(file);
        }
        return files;
    }

    public void writeWorkbook(Path file, YearMonth month) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            Workbook workbook = new Workbook(out, "Vitrina health simulator", "1.0");
            forms(workbook, month, MORBIDITY_SHEET, RESOURCES_SHEET);
            workbook.finish();
        }
    }

    /**
     * One workbook with the forms of every month {@code from} … {@code to}, two sheets a month («Ф1 2024-03»,
     * «Ф2 2024-03»), as the ministry sends a year's collection; the same figures as the monthly workbooks.
     */
    public void writeCollection(Path file, YearMonth from, YearMonth to) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            Workbook workbook = new Workbook(out, "Vitrina health simulator", "1.0");
            for (YearMonth month = from; !month.isAfter(to); month = month.plusMonths(1)) {
                forms(workbook, month, "Ф1 " + month, "Ф2 " + month);
            }
            workbook.finish();
        }
    }

    private void forms(Workbook workbook, YearMonth month, String morbiditySheet, String resourcesSheet) {
        List<Row> rows = report(month);
        Worksheet morbidity = workbook.newWorksheet(morbiditySheet);
        List<String> chapters = chapters();
        title(morbidity, "Сведения о заболеваниях, зарегистрированных у пациентов с впервые установленным диагнозом",
                month, 2 + chapters.size());
        morbidity.value(3, 0, "Муниципальное образование");
        morbidity.range(3, 0, 4, 0).merge();
        morbidity.value(3, 1, "ОКТМО");
        morbidity.range(3, 1, 4, 1).merge();
        morbidity.value(3, 2, "Зарегистрировано заболеваний по классам МКБ-10");
        morbidity.range(3, 2, 3, 1 + chapters.size()).merge();
        for (int c = 0; c < chapters.size(); c++) {
            morbidity.value(4, 2 + c, chapters.get(c));
        }
        long[] totals = new long[chapters.size()];
        int r = 5;
        for (Row row : rows) {
            territory(morbidity, r, row);
            for (int c = 0; c < chapters.size(); c++) {
                morbidity.value(r, 2 + c, row.cases().get(c));
                totals[c] += row.cases().get(c);
            }
            r++;
        }
        morbidity.value(r, 0, "Итого по области");
        for (int c = 0; c < chapters.size(); c++) {
            morbidity.value(r, 2 + c, totals[c]);
        }

        Worksheet resources = workbook.newWorksheet(resourcesSheet);
        title(resources, "Коечный фонд, врачебные кадры и смертность", month, 5);
        resources.value(3, 0, "Муниципальное образование");
        resources.range(3, 0, 4, 0).merge();
        resources.value(3, 1, "ОКТМО");
        resources.range(3, 1, 4, 1).merge();
        resources.value(3, 2, "Ресурсы на конец месяца");
        resources.range(3, 2, 3, 3).merge();
        resources.value(4, 2, "Койки");
        resources.value(4, 3, "Врачи");
        resources.value(3, 4, "Умерло за месяц");
        resources.range(3, 4, 4, 4).merge();
        r = 5;
        for (Row row : rows) {
            territory(resources, r, row);
            resources.value(r, 2, row.beds());
            resources.value(r, 3, row.doctors());
            resources.value(r, 4, row.deaths());
            r++;
        }
    }

    /** The morbidity form of {@code month} as a CSV file in cp1251, {@code ;}, as the ministry's older system exports it. */
    public void writeMorbidityCsv(Path file, YearMonth month) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, TreasuryCsv.CP1251)) {
            out.write("Сведения о заболеваемости;Отчётный период: " + period(month) + "\r\n");
            out.write("Муниципальное образование;ОКТМО;" + String.join(";", chapters()) + "\r\n");
            for (Row row : report(month)) {
                out.write(TreasuryCsv.quote(row.writtenName()) + ";" + (row.oktmoWritten() ? row.oktmo() : ""));
                for (long cases : row.cases()) {
                    out.write(";" + cases);
                }
                out.write("\r\n");
            }
        }
    }

    private static void title(Worksheet sheet, String title, YearMonth month, int width) {
        sheet.value(0, 0, title);
        sheet.range(0, 0, 0, width - 1).merge();
        sheet.value(1, 0, "Отчётный период: " + period(month));
    }

    private static String period(YearMonth month) {
        return String.format("%02d.%d", month.getMonthValue(), month.getYear());
    }

    private static void territory(Worksheet sheet, int r, Row row) {
        sheet.value(r, 0, row.writtenName());
        if (row.oktmoWritten()) {
            sheet.value(r, 1, row.oktmo());
        }
    }

    /** The name as one clerk or another writes it: «город Томск», «г. Томск», «Томск»; «Томский р-н». */
    static String spelling(String name, SplittableRandom random) {
        int variant = random.nextInt(3);
        if (name.startsWith("город ")) {
            String proper = name.substring("город ".length());
            return variant == 0 ? name : variant == 1 ? "г. " + proper : proper;
        }
        if (name.endsWith(" район")) {
            String proper = name.substring(0, name.length() - " район".length());
            return variant == 0 ? name : variant == 1 ? proper + " р-н" : proper + " муниципальный район";
        }
        if (name.startsWith("ЗАТО ")) {
            return variant == 0 ? name : "городской округ " + name;
        }
        return name;
    }
}
