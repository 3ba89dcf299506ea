package ru.vitrina.api.format;

import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import ru.vitrina.engine.query.ColumnType;
import ru.vitrina.engine.query.ResultColumn;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class XlsxWriterTest {
    private static final ReadingOptions WITH_FORMATS = new ReadingOptions(true, false);

    @AutoClose
    private final Connection connection = DuckDbCursor.openDatabase();

    @Test
    void theSheetsAreDataThenAbout() throws Exception {
        try (ReadableWorkbook workbook = read(write(Fixtures.SQL))) {
            assertThat(workbook.getSheets().map(Sheet::getName)).containsExactly("Данные", "Сведения");
        }
    }

    @Test
    void theHeaderIsRussianTitlesWithUnits() throws Exception {
        try (ReadableWorkbook workbook = read(write(Fixtures.SQL))) {
            Row header = workbook.getFirstSheet().read().get(0);
            assertThat(header.stream().map(Cell::getText)).containsExactly(
                    "Район", "ОКТМО", "Дата операции (месяц)", "Загружено", "Исполнено, руб.", "Исполнение, %",
                    "Число операций", "Окончательные");
        }
    }

    @Test
    void everyCellReadsBackAsTheValueDuckDbReturned() throws Exception {
        List<List<Object>> expected = SourceRows.normalize(SourceRows.read(connection, Fixtures.SQL));
        try (ReadableWorkbook workbook = read(write(Fixtures.SQL))) {
            List<Row> rows = workbook.getFirstSheet().read();
            assertThat(rows).hasSize(expected.size() + 1);
            for (int r = 0; r < expected.size(); r++) {
                Row row = rows.get(r + 1);
                for (int c = 0; c < Fixtures.COLUMNS.size(); c++) {
                    assertThat(cellValue(row, c, Fixtures.COLUMNS.get(c).type()))
                            .as("row %d, column %s", r + 1, Fixtures.COLUMNS.get(c).key())
                            .isEqualTo(expected.get(r).get(c));
                }
            }
        }
    }

    @Test
    void numbersAndDatesCarryTheFormatOfTheirColumn() throws Exception {
        try (ReadableWorkbook workbook = read(write(Fixtures.SQL))) {
            Row first = workbook.getFirstSheet().read().get(1);
            assertThat(first.getCell(2).getDataFormatString()).isEqualTo("dd.mm.yyyy");
            assertThat(first.getCell(3).getDataFormatString()).isEqualTo("dd.mm.yyyy hh:mm:ss");
            assertThat(first.getCell(4).getDataFormatString()).isEqualTo("#,##0.00");
            assertThat(first.getCell(5).getDataFormatString()).isEqualTo("0.0");
            assertThat(first.getCell(6).getDataFormatString()).isEqualTo("#,##0");
            // A timestamp at midnight is a date: a month-granularity member shows as 29.02.2024.
            Row second = workbook.getFirstSheet().read().get(2);
            assertThat(second.getCell(3).getDataFormatString()).isEqualTo("dd.mm.yyyy");
        }
    }

    @Test
    void theHeaderIsBoldFrozenAndFiltered() throws Exception {
        byte[] xlsx = write(Fixtures.SQL);
        String sheet = zipEntry(xlsx, "xl/worksheets/sheet1.xml");
        String styles = zipEntry(xlsx, "xl/styles.xml");

        assertThat(sheet).containsPattern("<pane [^>]*ySplit=\"1\"[^>]*state=\"frozen\"");
        assertThat(sheet).contains("<autoFilter ref=\"A1:H6\"");
        assertThat(zipEntry(xlsx, "xl/workbook.xml")).contains("_xlnm._FilterDatabase");

        Matcher headerStyle = Pattern.compile("<c r=\"A1\" s=\"(\\d+)\"").matcher(sheet);
        assertThat(headerStyle.find()).isTrue();
        List<String> cellFormats = elements(styles, "cellXfs", "xf");
        Matcher fontId = Pattern.compile("fontId=\"(\\d+)\"").matcher(cellFormats.get(Integer.parseInt(headerStyle.group(1))));
        assertThat(fontId.find()).isTrue();
        List<String> fonts = elements(styles, "fonts", "font");
        assertThat(fonts.get(Integer.parseInt(fontId.group(1)))).contains("<b/>");
    }

    @Test
    void theAboutSheetSaysWhereTheNumbersCameFrom() throws Exception {
        try (ReadableWorkbook workbook = read(write(Fixtures.SQL))) {
            Map<Integer, Row> rows = byNumber(workbook.getSheet(1).orElseThrow().read());
            assertThat(text(rows, 0, 0)).isEqualTo("Сведения о выгрузке / About this export");
            assertThat(text(rows, 2, 0)).isEqualTo("Версия данных / Data version");
            assertThat(number(rows, 2, 1)).isEqualByComparingTo("42");
            assertThat(text(rows, 3, 0)).startsWith("Версия опубликована");
            assertThat(date(rows, 3, 1)).isEqualTo(LocalDateTime.of(2024, 4, 1, 9, 15, 0));
            assertThat(text(rows, 4, 1)).isEqualTo("ingest");
            assertThat(text(rows, 5, 0)).startsWith("Файл сформирован");
            assertThat(date(rows, 5, 1)).isEqualTo(LocalDateTime.of(2024, 4, 2, 10, 30, 5));
            assertThat(text(rows, 6, 0)).startsWith("Строк данных");
            assertThat(number(rows, 6, 1)).isEqualByComparingTo("5");

            assertThat(text(rows, 8, 0)).isEqualTo("Ключ / Key");
            List<List<String>> columnList = new ArrayList<>();
            for (int r = 9; r < 9 + Fixtures.COLUMNS.size(); r++) {
                columnList.add(List.of(text(rows, r, 0), text(rows, r, 1), text(rows, r, 2), text(rows, r, 3)));
            }
            assertThat(columnList).contains(
                    List.of("budget.region", "Район", "District", ""),
                    List.of("budget.fact", "Исполнено", "Actual", "руб."),
                    List.of("budget.execution", "Исполнение", "Execution", "%"));
            assertThat(columnList).extracting(row -> row.get(0))
                    .containsExactlyElementsOf(Fixtures.COLUMNS.stream().map(ResultColumn::key).toList());
        }
    }

    @Test
    void withoutADataVersionTheAboutSheetSaysSo() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DuckDbCursor cursor = new DuckDbCursor(connection, Fixtures.SQL, Fixtures.COLUMNS, null)) {
            new XlsxWriter(Fixtures.CLOCK).write(cursor, out);
        }
        try (ReadableWorkbook workbook = read(out.toByteArray())) {
            Map<Integer, Row> rows = byNumber(workbook.getSheet(1).orElseThrow().read());
            assertThat(text(rows, 2, 1)).isEqualTo("нет / none");
            assertThat(text(rows, 3, 0)).startsWith("Файл сформирован");
        }
    }

    @Test
    void anEmptyAnswerIsAHeaderWithAFilter() throws Exception {
        byte[] xlsx = write("SELECT * FROM (" + Fixtures.SQL + ") WHERE false");
        try (ReadableWorkbook workbook = read(xlsx)) {
            assertThat(workbook.getFirstSheet().read()).hasSize(1);
        }
        assertThat(zipEntry(xlsx, "xl/worksheets/sheet1.xml")).contains("<autoFilter ref=\"A1:H1\"");
    }

    @Test
    void textKeepsItsEdgeSpacesAndControlCharactersDoNotBreakTheFile() throws Exception {
        String sql = "SELECT '  в том числе ' AS a, 'колокол' || chr(7) AS b, '' AS c";
        List<ResultColumn> columns = List.of(
                new ResultColumn("t.a", "А", "A", ColumnType.STRING, null, null),
                new ResultColumn("t.b", "Б", "B", ColumnType.STRING, null, null),
                new ResultColumn("t.c", "В", "C", ColumnType.STRING, null, null));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DuckDbCursor cursor = new DuckDbCursor(connection, sql, columns, Fixtures.VERSION)) {
            new XlsxWriter(Fixtures.CLOCK).write(cursor, out);
        }
        try (ReadableWorkbook workbook = read(out.toByteArray())) {
            Row row = workbook.getFirstSheet().read().get(1);
            assertThat(row.getCell(0).getText()).isEqualTo("  в том числе ");
            // Characters XML 1.0 cannot carry (BEL here) are dropped rather than corrupting the sheet.
            assertThat(row.getCell(1).getText()).isEqualTo("колокол");
        }
    }

    /**
     * One row past Excel's limit is refused with a message a person can act on, before the file is
     * finished: what was written is no valid workbook. 1 048 576 one-integer rows take seconds.
     */
    @Test
    void refusesMoreRowsThanASheetHolds() {
        String sql = "SELECT range AS n FROM range(" + (XlsxWriter.MAX_DATA_ROWS + 1) + ")";
        List<ResultColumn> columns = List.of(new ResultColumn("t.n", "Номер", "Number", ColumnType.NUMBER, null, "integer"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThatThrownBy(() -> {
            try (DuckDbCursor cursor = new DuckDbCursor(connection, sql, columns, Fixtures.VERSION)) {
                new XlsxWriter(Fixtures.CLOCK).write(cursor, out);
            }
        })
                .isInstanceOf(ResultTooLargeException.class)
                .hasMessageContaining("1 048 575 строк")
                .hasMessageContaining("Excel")
                .hasMessageContaining("CSV")
                .hasMessageContaining("more than 1,048,575 rows")
                .satisfies(e -> assertThat(((ResultTooLargeException) e).limit()).isEqualTo(1_048_575))
                .satisfies(e -> assertThat(((ResultTooLargeException) e).format()).isEqualTo(ResultFormat.XLSX));
        assertThatThrownBy(() -> read(out.toByteArray()).getFirstSheet().read())
                .as("a refused workbook must not open as a shorter one");
    }

    private byte[] write(String sql) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DuckDbCursor cursor = new DuckDbCursor(connection, sql, Fixtures.COLUMNS, Fixtures.VERSION)) {
            new XlsxWriter(Fixtures.CLOCK).write(cursor, out);
        }
        return out.toByteArray();
    }

    private static ReadableWorkbook read(byte[] xlsx) throws IOException {
        return new ReadableWorkbook(new ByteArrayInputStream(xlsx), WITH_FORMATS);
    }

    /** The cell in the normal form of {@link SourceRows#normalize(Object)}. */
    private static Object cellValue(Row row, int column, ColumnType type) {
        if (!row.hasCell(column)) {
            return null;
        }
        Cell cell = row.getCell(column);
        if (cell.getType() == CellType.EMPTY) {
            return null;
        }
        return switch (type) {
            // Excel keeps time as a fraction of a day; a millisecond is as exact as it gets.
            case TIME -> cell.asDate().truncatedTo(ChronoUnit.MILLIS);
            case NUMBER -> cell.asNumber().stripTrailingZeros();
            case BOOLEAN -> cell.asBoolean();
            case STRING -> cell.asString();
        };
    }

    /** Rows by their 0-based index in the sheet; the reader skips rows that have no cells. */
    private static Map<Integer, Row> byNumber(List<Row> rows) {
        return rows.stream().collect(Collectors.toMap(row -> row.getRowNum() - 1, row -> row));
    }

    private static String text(Map<Integer, Row> rows, int row, int column) {
        Row r = rows.get(row);
        return r != null && r.hasCell(column) && r.getCell(column).getType() != CellType.EMPTY
                ? r.getCell(column).getText() : "";
    }

    private static BigDecimal number(Map<Integer, Row> rows, int row, int column) {
        return rows.get(row).getCell(column).asNumber();
    }

    private static LocalDateTime date(Map<Integer, Row> rows, int row, int column) {
        return rows.get(row).getCell(column).asDate().truncatedTo(ChronoUnit.SECONDS);
    }

    /** Through the central directory, as Excel reads it (the entries carry data descriptors). */
    private static String zipEntry(byte[] zip, String name) throws IOException {
        Path file = Files.createTempFile("vitrina-xlsx-", ".zip");
        try {
            Files.write(file, zip);
            try (ZipFile archive = new ZipFile(file.toFile())) {
                ZipEntry entry = archive.getEntry(name);
                assertThat(entry).as(name).isNotNull();
                try (InputStream in = archive.getInputStream(entry)) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        } finally {
            Files.delete(file);
        }
    }

    /** The elements {@code <name ...>} inside the first {@code <list>} of {@code xml}, in order. */
    private static List<String> elements(String xml, String list, String name) {
        String section = xml.substring(xml.indexOf("<" + list), xml.indexOf("</" + list + ">"));
        Matcher matcher = Pattern.compile("<" + name + "(?=[ >/])[^>]*?(?:/>|>.*?</" + name + ">)").matcher(section);
        List<String> found = new ArrayList<>();
        while (matcher.find()) {
            found.add(matcher.group());
        }
        return found;
    }
}
