package ru.vitrina.ingest.health;

import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;
import org.duckdb.DuckDBAppender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.vitrina.engine.store.TableAppender;
import ru.vitrina.ingest.budget.TreasuryCsv;
import ru.vitrina.ingest.load.LoadContext;
import ru.vitrina.ingest.load.Rejection;
import ru.vitrina.ingest.load.SourceLoad;
import ru.vitrina.ingest.load.SourceFiles;
import ru.vitrina.ingest.load.SourceLocation;
import ru.vitrina.ingest.load.TableCounts;
import ru.vitrina.ingest.quality.Findings;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DateTimeException;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * Loads the regional health ministry's monthly reports — XLSX workbooks (a sheet per form) and CSV files (one form
 * each, {@code ;}, cp1251 or UTF-8) — from a drop folder into health.morbidity and health.resources.
 *
 * <p>A form is read as {@link ReportLayout} describes; every territory row of it gives one health.resources row,
 * or one health.morbidity row per ICD-10 chapter column. A row goes to quarantine, with its sheet, row and column,
 * when its territory is unknown (by name, see {@link Territories}, or by OKTMO), its cell is empty, not a whole
 * number or negative, its chapter is not in ref.icd10_chapter, the form has no report month, or the territory was
 * already reported on that form for that month in this load. «-» and «–» in a cell mean zero, as on statistical
 * forms; «Итого»/«Всего» rows are sums, not records, and are skipped. Population is the municipality's for the
 * report year from ref.population (the nearest year when that one is missing).
 *
 * <p>A file that cannot be read at all (not a workbook, a truncated ZIP, a format other than XLSX and CSV, a
 * workbook over {@link ReportReader#MAX_REPORT_BYTES} unpacked), a sheet that is no form it recognises, and a
 * form whose chapter labels are out of order ({@link ReportLayout}) are quarantined, never skipped: one record for a
 * file or a sheet, every figure of a refused form. A cell in a column the header does not label is quarantined, one
 * record a row. Raw text in quarantine is cut at {@link Grid#MAX_RAW} characters with its length and SHA-256, and a
 * reason quotes at most {@link Grid#MAX_QUOTED}. A workbook without one of the two forms is loaded and gets a
 * warning in meta.quality. Files already read by a published health load (SHA-256 in meta.load_source) are
 * skipped, with a log line; a file nothing was loaded from is not recorded there, so it is read again by the next
 * load, except a file refused whole, which is recorded with its one quarantine record and skipped until its bytes
 * change; the rows of a (month, municipality) an extract carries replace those in the store, so a rerun never
 * duplicates a row. Each file is read from disk once — its SHA-256 is taken from the bytes that fastexcel's streaming
 * reader then parses — by {@link ReportReader} on two threads ahead of this load's thread, the only one that writes to
 * DuckDB, in file order; a few workbooks are held at a time, so memory is bounded by the workbooks, not by the drop
 * folder.
 */
public final class HealthReportLoad implements SourceLoad {
    public static final String JOB = "health";
    public static final String MORBIDITY = "health.morbidity";
    public static final String RESOURCES = "health.resources";

    private static final Logger LOG = LoggerFactory.getLogger(HealthReportLoad.class);

    /** Cell formats read too: a date cell is known by its format only (Excel stores a date as a day number). */
    private static final ReadingOptions WITH_FORMATS = new ReadingOptions(true, false);

    /** What a number format shows that is not a date part: quoted text, [colour] and [$locale] sections, \x escapes. */
    private static final Pattern DATE_FORMAT_NOISE = Pattern.compile("\"[^\"]*\"|\\[[^\\]]*]|\\\\.");

    /** Workbooks are read on two threads while this load's thread writes them: the machines have two cores. */
    private static final int READERS = 2;

    private final Path path;
    private final int readers;
    private final long aheadBytes;

    /** @param path a drop folder (every *.xlsx and *.csv in it) or one report file */
    public HealthReportLoad(Path path) {
        this(path, READERS, ReportReader.AHEAD_BYTES);
    }

    /**
     * @param readers    threads reading files ahead of the writer
     * @param aheadBytes size on disk of the files read ahead at most; the rows and the quarantine depend on neither
     */
    HealthReportLoad(Path path, int readers, long aheadBytes) {
        this.path = requireNonNull(path, "path");
        this.readers = readers;
        this.aheadBytes = aheadBytes;
    }

    @Override
    public String job() {
        return JOB;
    }

    @Override
    public List<TableCounts> load(LoadContext context) throws Exception {
        requireNonNull(context, "context");
        Connection transaction = context.transaction();
        try (Statement statement = transaction.createStatement()) {
            // Also opens the transaction, which the appenders below only join once a statement has started it.
            statement.execute("CREATE OR REPLACE TEMP TABLE health_morbidity_staging (report_month DATE, oktmo VARCHAR,"
                    + " icd10_chapter VARCHAR, cases BIGINT, population BIGINT)");
            statement.execute("CREATE OR REPLACE TEMP TABLE health_resources_staging (report_month DATE, oktmo VARCHAR,"
                    + " hospital_beds INTEGER, doctors INTEGER, deaths INTEGER, population BIGINT)");
        }
        List<Path> files = files();
        Set<String> processed = SourceFiles.processed(transaction, JOB);
        Forms forms = new Forms(context, Territories.read(transaction), chapters(transaction), Population.read(transaction));
        try (TableAppender morbidity = TableAppender.temporary(transaction, "health_morbidity_staging");
             TableAppender resources = TableAppender.temporary(transaction, "health_resources_staging");
             ReportReader reader = new ReportReader(files, processed, readers, aheadBytes)) {
            forms.morbidityAppender = morbidity.rows();
            forms.resourcesAppender = resources.rows();
            for (int i = 1; reader.hasNext(); i++) {
                ReportReader.Report report = reader.next();
                if (report.loadedBefore()) {
                    LOG.info("Отчёт {} (SHA-256 {}) уже прочитан опубликованной загрузкой — загружен или целиком в карантине,"
                            + " пропущен / already read by a published load — loaded, or quarantined as a whole — skipped",
                            report.name(), report.checksum());
                    continue;
                }
                // A file nothing was loaded from is not recorded as read (meta.load_source's SHA-256 is what later
                // loads skip): the same bytes are read again next time, when a fix of the reference data may take
                // them, and reported again until then; its quarantine records name it meanwhile. A file refused whole
                // (not a report, damaged, too large) is recorded: no reference data makes the same bytes readable,
                // and its one record would otherwise be written again by every run. Other bytes are read again.
                if (forms.file(report) > 0 || report.refused() != null) {
                    context.sourceFile(report.name(), report.checksum());
                }
                context.progress(i, files.size());
            }
        }
        try (Statement statement = transaction.createStatement()) {
            statement.execute("DELETE FROM health.morbidity t USING (SELECT DISTINCT report_month, oktmo FROM"
                    + " health_morbidity_staging) s WHERE t.report_month = s.report_month AND t.oktmo = s.oktmo");
            statement.execute("INSERT INTO health.morbidity SELECT report_month, oktmo, icd10_chapter, cases, population, "
                    + context.loadId() + " FROM health_morbidity_staging ORDER BY report_month, oktmo, icd10_chapter");
            statement.execute("DELETE FROM health.resources t USING health_resources_staging s"
                    + " WHERE t.report_month = s.report_month AND t.oktmo = s.oktmo");
            statement.execute("INSERT INTO health.resources SELECT report_month, oktmo, hospital_beds, doctors, deaths,"
                    + " population, " + context.loadId() + " FROM health_resources_staging ORDER BY report_month, oktmo");
            statement.execute("DROP TABLE health_morbidity_staging");
            statement.execute("DROP TABLE health_resources_staging");
        }
        return List.of(forms.morbidity.counts(MORBIDITY), forms.resources.counts(RESOURCES));
    }

    private List<Path> files() throws IOException {
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> listed = Files.list(path)) {
            // Every file but hidden ones (.DS_Store and the like): a report saved as .xls must be told, not skipped.
            return listed.filter(f -> Files.isRegularFile(f) && !f.getFileName().toString().startsWith("."))
                    .sorted().toList();
        }
    }

    static boolean csv(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv");
    }

    /** Reads one file into grids: the sheets of a workbook, or the lines of a CSV file. */
    static List<Grid> grids(Path file) throws IOException {
        String name = file.getFileName().toString();
        return csv(file) ? List.of(csv(file, name)) : workbook(name, Files.readAllBytes(file));
    }

    /**
     * The sheets of a workbook already read into memory, a sheet at a time. A date cell reads as its ISO date
     * (2024-03-01), not as Excel's serial number, so that a report period typed as a date is a month.
     */
    static List<Grid> workbook(String name, byte[] content) throws IOException {
        List<Grid> grids = new ArrayList<>();
        try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(content), WITH_FORMATS)) {
            for (Sheet sheet : workbook.getSheets().toList()) {
                List<Grid.Line> lines = new ArrayList<>();
                try (Stream<Row> rows = sheet.openStream()) {
                    rows.forEach(row -> {
                        List<String> cells = new ArrayList<>(row.getCellCount());
                        for (int c = 0; c < row.getCellCount(); c++) {
                            cells.add(text(row.getCell(c)));
                        }
                        Grid.Line line = new Grid.Line(row.getRowNum(), cells);
                        if (!line.blank()) {
                            lines.add(line);
                        }
                    });
                }
                grids.add(new Grid(name, sheet.getName(), lines));
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return grids;
    }

    private static String text(Cell cell) {
        if (cell == null || cell.getText() == null) {
            return "";
        }
        if (cell.getType() == CellType.NUMBER && dateFormat(cell.getDataFormatId(), cell.getDataFormatString())) {
            try {
                return cell.asDate().toLocalDate().toString();
            } catch (DateTimeException e) {
                return cell.getText();  // beyond the calendar: the number, which no month or count reads
            }
        }
        return cell.getText();
    }

    /**
     * Whether a number format shows a date: Excel's built-in date formats, or a custom one with a day, month or year
     * outside its quoted text, [colour]/[$locale] sections and escaped characters.
     */
    static boolean dateFormat(Integer id, String format) {
        if (id == null) {
            return false;
        }
        if (id >= 14 && id <= 22 || id >= 45 && id <= 47) {
            return true;
        }
        if (id < 164 || format == null) {
            return false;  // other built-in formats are numbers, percentages, fractions, text
        }
        String shown = DATE_FORMAT_NOISE.matcher(format).replaceAll("").toLowerCase(Locale.ROOT);
        return shown.indexOf('y') >= 0 || shown.indexOf('m') >= 0 || shown.indexOf('d') >= 0;
    }

    private static Grid csv(Path file, String name) throws IOException {
        TreasuryCsv.Encoding encoding = TreasuryCsv.detect(file);
        List<Grid.Line> lines = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(encoding.bomBytes());
            // Bytes the encoding does not allow become U+FFFD and their line is quarantined, as the budget job does
            // (TreasuryCsv.decodeCheck): a file is read to its end whatever one line holds.
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, encoding.charset().newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE)));
            String charset = encoding.charset().name();
            String text;
            int number = 0;
            while ((text = reader.readLine()) != null) {
                number++;
                if (text.isBlank()) {
                    continue;
                }
                if (text.indexOf('\uFFFD') >= 0) {
                    lines.add(Grid.Line.unsplit(number, text, "Недопустимые байты для кодировки " + charset
                            + " / bytes invalid in " + charset));
                    continue;
                }
                try {
                    lines.add(new Grid.Line(number, TreasuryCsv.split(text)));
                } catch (TreasuryCsv.BadLine e) {
                    lines.add(Grid.Line.unsplit(number, text, e.getMessage()));
                }
            }
        }
        return new Grid(name, null, lines);
    }

    /** Reads the forms of the files and keeps the rows in staging; one instance per load. */
    private static final class Forms {
        private final LoadContext context;
        private final Territories territories;
        private final Set<String> chapters;
        private final Population population;
        private final Counter morbidity = new Counter();
        private final Counter resources = new Counter();
        private final Set<String> seen = new HashSet<>();
        private DuckDBAppender morbidityAppender;
        private DuckDBAppender resourcesAppender;

        Forms(LoadContext context, Territories territories, Set<String> chapters, Population population) {
            this.context = context;
            this.territories = territories;
            this.chapters = chapters;
            this.population = population;
        }

        /** Reads one file's forms into staging; returns how many rows of it were loaded. */
        long file(ReportReader.Report report) throws SQLException {
            String name = report.name();
            long before = morbidity.loaded + resources.loaded;
            if (report.refused() != null) {
                morbidity.quarantine(context, MORBIDITY, new SourceLocation(name, "файл / file"), "(весь файл / whole file)",
                        report.refused());
                return 0;
            }
            List<Grid> grids = report.grids();
            EnumSet<ReportLayout.Kind> found = EnumSet.noneOf(ReportLayout.Kind.class);
            for (Grid grid : grids) {
                Optional<ReportLayout> layout = ReportLayout.of(grid);
                if (layout.isEmpty()) {
                    // A sheet that is no form we know may be a form whose header was reworded: one record, never
                    // silence. An empty sheet holds nothing to lose.
                    if (grid.sheet() == null || !grid.rows().isEmpty()) {
                        morbidity.quarantine(context, MORBIDITY, new SourceLocation(name, grid.sheet() == null
                                        ? "файл / file" : "лист «" + grid.sheet() + "» / sheet"),
                                grid.sheet() == null ? "(весь файл / whole file)" : "(весь лист / whole sheet)",
                                "Нет строки заголовка с графой «Муниципальное образование» — форма не распознана"
                                        + " / no header row with a territory column, the form is not recognised");
                    }
                    continue;
                }
                found.add(layout.get().kind());
                if (layout.get().kind() == ReportLayout.Kind.MORBIDITY) {
                    morbidity(grid, layout.get());
                } else {
                    resources(grid, layout.get());
                }
            }
            if (grids.stream().anyMatch(grid -> grid.sheet() != null)) {
                for (ReportLayout.Kind kind : EnumSet.complementOf(found)) {
                    missing(name, kind);
                }
            }
            return morbidity.loaded + resources.loaded - before;
        }

        private void missing(String file, ReportLayout.Kind kind) throws SQLException {
            String form = kind == ReportLayout.Kind.MORBIDITY ? "заболеваемость / morbidity" : "ресурсы / resources";
            Findings.warning(context.transaction(), context.loadId(), JOB,
                    kind == ReportLayout.Kind.MORBIDITY ? MORBIDITY : RESOURCES, "missing_form", file,
                    "В книге нет формы «" + form + "» / the workbook lacks the form");
        }

        private void morbidity(Grid grid, ReportLayout layout) throws SQLException {
            // Once a form rather than once a cell: a form holds hundreds of cells of the same month.
            int firstDay = firstDay(layout);
            for (Grid.Line line : layout.data(grid)) {
                if (skipped(line, layout)) {
                    continue;
                }
                if (unsplit(grid, line, morbidity, MORBIDITY)) {
                    continue;
                }
                stray(grid, line, layout, morbidity, MORBIDITY);
                String name = line.cell(layout.territoryColumn());
                String code = line.cell(layout.oktmoColumn());
                Territories.Match match = null;
                String rowProblem = layout.refused().orElse(null);
                if (rowProblem == null) {
                    // Matching a territory normalises its name with regular expressions: once a row, not once a cell.
                    match = territories.match(name, code);
                    rowProblem = rowProblem(layout, match, ReportLayout.Kind.MORBIDITY);
                }
                OptionalPopulation people = rowProblem == null
                        ? population.of(match.oktmo(), layout.month().orElseThrow()) : null;
                String rawRow = null;
                for (Map.Entry<Integer, String> column : layout.valueColumns().entrySet()) {
                    String chapter = column.getValue();
                    String value = line.cell(column.getKey());
                    String reason = rowProblem;
                    if (reason == null && !chapters.contains(chapter)) {
                        reason = "Неизвестный класс МКБ-10 «" + Grid.quoted(chapter) + "» / unknown ICD-10 chapter";
                    }
                    long cases = 0;
                    if (reason == null) {
                        Count parsed = count(value);
                        reason = parsed.problem;
                        cases = reason == null ? parsed.value : 0;
                    }
                    if (reason == null) {
                        reason = people.problem;
                    }
                    if (reason != null) {
                        // The territory part once a row: a 10 MB name is cut once, not once a chapter.
                        rawRow = rawRow != null ? rawRow : Grid.excerpt(name) + "; ОКТМО " + Grid.excerpt(code) + "; ";
                        String label = chapter.isEmpty() ? "графа / column " + Grid.columnName(column.getKey()) : chapter;
                        morbidity.quarantine(context, MORBIDITY, location(grid, line, column.getKey()),
                                rawRow + Grid.quoted(label) + " = " + Grid.excerpt(value), reason);
                        continue;
                    }
                    morbidityAppender.beginRow().appendEpochDays(firstDay).append(match.oktmo()).append(chapter)
                            .append(cases).append(people.value.longValue()).endRow();
                    morbidity.loaded();
                }
            }
        }

        private void resources(Grid grid, ReportLayout layout) throws SQLException {
            int firstDay = firstDay(layout);
            List<String> missingColumns = layout.missingResources();
            for (Grid.Line line : layout.data(grid)) {
                if (skipped(line, layout)) {
                    continue;
                }
                if (unsplit(grid, line, resources, RESOURCES)) {
                    continue;
                }
                stray(grid, line, layout, resources, RESOURCES);
                String name = line.cell(layout.territoryColumn());
                String code = line.cell(layout.oktmoColumn());
                Territories.Match match = territories.match(name, code);
                Map<String, Long> values = new HashMap<>();
                String reason = rowProblem(layout, match, ReportLayout.Kind.RESOURCES);
                if (reason == null && !missingColumns.isEmpty()) {
                    reason = "В форме нет граф " + missingColumns + " / the form lacks columns " + missingColumns;
                }
                for (Map.Entry<Integer, String> column : layout.valueColumns().entrySet()) {
                    Count parsed = count(line.cell(column.getKey()));
                    if (reason == null && parsed.problem != null) {
                        reason = "Графа " + Grid.columnName(column.getKey()) + ": " + parsed.problem;
                    }
                    values.put(column.getValue(), parsed.value);
                }
                OptionalPopulation people = null;
                if (reason == null) {
                    people = population.of(match.oktmo(), layout.month().orElseThrow());
                    reason = people.problem;
                }
                if (reason == null && values.values().stream().anyMatch(v -> v > Integer.MAX_VALUE)) {
                    reason = "Число вне допустимого диапазона / number out of range";
                }
                if (reason != null) {
                    // The row as the form shows it, built only for the quarantine: most rows never need it.
                    StringBuilder raw = new StringBuilder(Grid.excerpt(name)).append("; ОКТМО ").append(Grid.excerpt(code));
                    layout.valueColumns().forEach((column, label) ->
                            raw.append("; ").append(label).append(" = ").append(Grid.excerpt(line.cell(column))));
                    resources.quarantine(context, RESOURCES, location(grid, line, -1), raw.toString(), reason);
                    continue;
                }
                resourcesAppender.beginRow().appendEpochDays(firstDay).append(match.oktmo())
                        .append(values.get(ReportLayout.BEDS).intValue()).append(values.get(ReportLayout.DOCTORS).intValue())
                        .append(values.get(ReportLayout.DEATHS).intValue()).append(people.value.longValue()).endRow();
                resources.loaded();
            }
        }

        /** A CSV line that is no row of cells: one record, its text kept once and the reason without it. */
        private boolean unsplit(Grid grid, Grid.Line line, Counter counter, String table) {
            if (line.problem() == null) {
                return false;
            }
            counter.quarantine(context, table, location(grid, line, -1), Grid.excerpt(line.cell(0)),
                    "Строка CSV не разбирается / the CSV line cannot be split: " + line.problem());
            return true;
        }

        /**
         * Values in columns the form's header does not label (a CSV line longer than its header, a figure typed
         * beside the table): nothing says what they are, so they are one record a row, with the cells named.
         */
        private void stray(Grid grid, Grid.Line line, ReportLayout layout, Counter counter, String table) {
            List<Integer> columns = layout.strayColumns(line);
            if (columns.isEmpty()) {
                return;
            }
            StringBuilder raw = new StringBuilder();
            for (int column : columns) {
                raw.append(raw.length() == 0 ? "" : "; ").append(Grid.columnName(column)).append(line.number())
                        .append(" = ").append(Grid.excerpt(line.cell(column)));
            }
            String names = Grid.quoted(String.join(", ", columns.stream().map(Grid::columnName).toList()));
            counter.quarantine(context, table, location(grid, line, -1), raw.toString(),
                    "Значения в графах без подписи в заголовке формы: " + names
                            + " / values in columns without a label in the form's header: " + names);
        }

        /** The report month's first day as DuckDB's epoch days; 0 when the form has no month (its rows are quarantined). */
        private static int firstDay(ReportLayout layout) {
            return layout.month().map(month -> (int) month.atDay(1).toEpochDay()).orElse(0);
        }

        /** What is wrong with a whole territory row, or null; a row that passes is remembered for the duplicate check. */
        private String rowProblem(ReportLayout layout, Territories.Match match, ReportLayout.Kind kind) {
            if (!match.found()) {
                return match.problem();
            }
            if (layout.month().isEmpty()) {
                return "В форме не указан отчётный период / the form names no report month";
            }
            if (!seen.add(kind + "/" + layout.month().get() + "/" + match.oktmo())) {
                return "Повтор: территория " + match.oktmo() + " уже есть в форме за " + layout.month().get()
                        + " / duplicate territory row for the month";
            }
            return null;
        }

        /** Blank rows and «Итого» rows carry no record. */
        private static boolean skipped(Grid.Line line, ReportLayout layout) {
            if (line.blank()) {
                return true;
            }
            String territory = line.cell(layout.territoryColumn()).strip().toLowerCase(Locale.ROOT);
            return territory.startsWith("итого") || territory.startsWith("всего");
        }

        private static SourceLocation location(Grid grid, Grid.Line line, int column) {
            return new SourceLocation(grid.source(), grid.position(line.number(), column));
        }
    }

    /** A count from a cell, or why it is not one. */
    record Count(Long value, String problem) {
    }

    /** A non-negative whole number as forms print it: spaces between thousands, «-» or «–» for zero. */
    static Count count(String text) {
        // Almost every cell is plain digits: read those without the replacements and the BigDecimal of the general path.
        long digits = plainDigits(text);
        if (digits >= 0) {
            return new Count(digits, null);
        }
        String plain = text == null ? "" : text.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").strip();
        if (plain.isEmpty()) {
            return new Count(null, "Пустая ячейка / empty cell");
        }
        if (plain.equals("-") || plain.equals("–") || plain.equals("—")) {
            return new Count(0L, null);
        }
        BigDecimal number;
        try {
            number = new BigDecimal(plain.replace(',', '.'));
        } catch (NumberFormatException e) {
            return new Count(null, "Не число: «" + Grid.quoted(text) + "» / not a number");
        }
        if (number.signum() < 0) {
            return new Count(null, "Отрицательное число: " + Grid.quoted(text) + " / negative count");
        }
        if (number.stripTrailingZeros().scale() > 0) {
            return new Count(null, "Не целое число: " + Grid.quoted(text) + " / not a whole number");
        }
        try {
            return new Count(number.longValueExact(), null);
        } catch (ArithmeticException e) {
            return new Count(null, "Число слишком велико: " + Grid.quoted(text) + " / number too large");
        }
    }

    /** The value of a text of 1 to 18 ASCII digits (it always fits a long), else -1. */
    private static long plainDigits(String text) {
        if (text == null || text.isEmpty() || text.length() > 18) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private record OptionalPopulation(Long value, String problem) {
    }

    /** ref.population by municipality and year. */
    private record Population(Map<String, TreeMap<Integer, Long>> byTerritory) {
        static Population read(Connection connection) throws SQLException {
            Map<String, TreeMap<Integer, Long>> figures = new HashMap<>();
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT oktmo, year, population FROM ref.population")) {
                while (rows.next()) {
                    figures.computeIfAbsent(rows.getString(1), k -> new TreeMap<>()).put(rows.getInt(2), rows.getLong(3));
                }
            }
            return new Population(figures);
        }

        /** The figure for the month's year, else the nearest year's. */
        OptionalPopulation of(String oktmo, YearMonth month) {
            TreeMap<Integer, Long> years = byTerritory.get(oktmo);
            if (years == null || years.isEmpty()) {
                return new OptionalPopulation(null, "Нет численности населения для ОКТМО " + oktmo
                        + " / no population figure for the territory");
            }
            int year = month.getYear();
            Map.Entry<Integer, Long> below = years.floorEntry(year);
            Map.Entry<Integer, Long> above = years.ceilingEntry(year);
            Map.Entry<Integer, Long> nearest = below == null ? above : above == null ? below
                    : year - below.getKey() <= above.getKey() - year ? below : above;
            return new OptionalPopulation(nearest.getValue(), null);
        }
    }

    private static final class Counter {
        long read;
        long loaded;
        long quarantined;

        void loaded() {
            read++;
            loaded++;
        }

        void quarantine(LoadContext context, String table, SourceLocation location, String raw, String reason) {
            read++;
            quarantined++;
            context.quarantine(new Rejection(table, location, raw, reason));
        }

        TableCounts counts(String table) {
            return new TableCounts(table, read, loaded, quarantined);
        }
    }

    private static Set<String> chapters(Connection transaction) throws SQLException {
        Set<String> codes = new HashSet<>();
        try (Statement statement = transaction.createStatement();
             ResultSet rows = statement.executeQuery("SELECT code FROM ref.icd10_chapter")) {
            while (rows.next()) {
                codes.add(rows.getString(1));
            }
        }
        return codes;
    }
}
