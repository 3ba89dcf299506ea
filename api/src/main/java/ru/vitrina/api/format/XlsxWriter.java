package ru.vitrina.api.format;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import ru.vitrina.engine.query.ColumnType;
import ru.vitrina.engine.query.QueryCursor;
import ru.vitrina.engine.query.ResultColumn;
import ru.vitrina.engine.store.DataVersion;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * An Excel workbook, written as rows arrive with fastexcel. Sheet «Данные»: a bold header row of
 * Russian titles (with units), frozen and with an autofilter; numbers as numbers formatted by the
 * column's format, dates as real Excel dates. Sheet «Сведения»: the data version, when the file
 * was made and what each column is, so a number in a forwarded file can still say where it came from.
 */
public final class XlsxWriter implements ResultWriter {
    /** A sheet holds 1 048 576 rows; one is the header. */
    public static final int MAX_DATA_ROWS = Worksheet.MAX_ROWS - 1;

    static final String DATA_SHEET = "Данные";
    static final String ABOUT_SHEET = "Сведения";

    /*
     * Number formats are stored in the file in Excel's invariant syntax, where "," means "group
     * thousands" and "." the decimal point; Excel under a Russian locale shows them as "# ##0,00"
     * (space-grouped, decimal comma). Writing "# ##0" literally would instead put a fixed space
     * into every number.
     */
    static final String CURRENCY_FORMAT = "#,##0.00";
    static final String NUMBER_FORMAT = "#,##0.00";
    static final String INTEGER_FORMAT = "#,##0";
    /** Percent values arrive already in percent (71.3, not 0.713); the unit is in the title. */
    static final String PERCENT_FORMAT = "0.0";
    static final String DATE_FORMAT = "dd.mm.yyyy";
    static final String DATE_TIME_FORMAT = "dd.mm.yyyy hh:mm:ss";

    /** Rows are kept in memory by fastexcel until flushed; this bounds them. */
    static final int FLUSH_EVERY_ROWS = 1_000;
    /** Excel refuses a cell with more text than this. */
    private static final int MAX_CELL_TEXT = 32_767;
    private static final String APPLICATION = "Vitrina";
    private static final String APPLICATION_VERSION = "1.0";
    private static final DateTimeFormatter TEXT_DATE = DateTimeFormatter.ofPattern("dd.MM.uuuu");

    private final Clock clock;

    /** @param clock gives the «generated at» time on the about sheet, in the server's zone */
    public XlsxWriter(Clock clock) {
        this.clock = requireNonNull(clock, "clock");
    }

    @Override
    public long write(QueryCursor cursor, OutputStream out) throws IOException {
        requireNonNull(cursor, "cursor");
        requireNonNull(out, "out");
        List<ResultColumn> columns = cursor.columns();
        ResultSet rows = cursor.resultSet();

        // Never closed on failure: Workbook.close() finishes the file, and a cut answer must not
        // look like a whole one.
        Workbook workbook = new Workbook(out, APPLICATION, APPLICATION_VERSION);
        Worksheet data = workbook.newWorksheet(DATA_SHEET);
        Worksheet about = workbook.newWorksheet(ABOUT_SHEET);

        String[] numberFormats = new String[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            ResultColumn column = columns.get(c);
            numberFormats[c] = numberFormat(column);
            data.value(0, c, Values.humanTitle(column));
            data.width(c, width(column));
        }
        if (!columns.isEmpty()) {
            data.range(0, 0, 0, columns.size() - 1).style().bold().wrapText(true).verticalAlignment("top").set();
        }
        // Column widths and the frozen pane go into the sheet's head, written on the first flush.
        data.freezePane(0, 1);

        int written = 0;
        while (Values.next(rows)) {
            if (written == MAX_DATA_ROWS) {
                throw tooLarge();
            }
            written++;
            for (int c = 0; c < columns.size(); c++) {
                writeCell(data, written, c, Values.read(rows, c + 1), numberFormats[c]);
            }
            if (written % FLUSH_EVERY_ROWS == 0) {
                data.flush();
                out.flush();
            }
        }
        if (!columns.isEmpty()) {
            data.setAutoFilter(0, 0, written, columns.size() - 1);
        }
        data.finish();
        writeAbout(about, cursor.dataVersion(), columns, written);
        about.finish();
        workbook.finish();
        out.flush();
        return written;
    }

    private static ResultTooLargeException tooLarge() {
        return new ResultTooLargeException(ResultFormat.XLSX, MAX_DATA_ROWS,
                "В ответе больше 1 048 575 строк — столько не помещается на лист Excel. "
                        + "Уточните запрос (фильтры, меньше измерений) или выберите CSV или Parquet. "
                        + "The answer has more than 1,048,575 rows, more than an Excel sheet holds. "
                        + "Narrow the query or choose CSV or Parquet.");
    }

    static String numberFormat(ResultColumn column) {
        String format = column.format();
        if (format == null) {
            return null;
        }
        return switch (format) {
            case "currency" -> CURRENCY_FORMAT;
            case "percent" -> PERCENT_FORMAT;
            case "integer" -> INTEGER_FORMAT;
            case "number" -> NUMBER_FORMAT;
            default -> null;
        };
    }

    private static void writeCell(Worksheet sheet, int row, int col, Object value, String numberFormat) {
        if (value == null) {
            return;
        }
        if (value instanceof Number number) {
            BigDecimal decimal = Values.toDecimal(number);
            if (decimal == null) {
                return; // NaN and infinities have no Excel form; an empty cell is the honest answer.
            }
            // BigDecimal's text would be 1E+3 for a negative scale; Excel wants plain digits.
            sheet.value(row, col, decimal.scale() < 0 ? decimal.setScale(0) : decimal);
            if (numberFormat != null) {
                sheet.style(row, col).format(numberFormat).set();
            }
        } else if (value instanceof Boolean bool) {
            sheet.value(row, col, bool);
        } else if (Values.isTemporal(value)) {
            writeDate(sheet, row, col, Values.toLocalDateTime(value));
        } else {
            writeText(sheet, row, col, cellText(value.toString()));
        }
    }

    /*
     * Inline strings, not fastexcel's shared-string table: that table holds every distinct string
     * in memory until the end, which a million distinct names would blow up. But fastexcel writes
     * inline text without xml:space="preserve", and Excel then trims it; indented budget lines
     * ("  в том числе") keep their spaces only as shared strings, and there are few of those.
     */
    private static void writeText(Worksheet sheet, int row, int col, String text) {
        boolean edgeSpace = !text.isEmpty()
                && (Character.isWhitespace(text.charAt(0)) || Character.isWhitespace(text.charAt(text.length() - 1)));
        if (edgeSpace) {
            sheet.value(row, col, text);
        } else {
            sheet.inlineString(row, col, text);
        }
    }

    private static void writeDate(Worksheet sheet, int row, int col, LocalDateTime dateTime) {
        int year = dateTime.getYear();
        if (year < 1900 || year > 9999) {
            // Outside the range of Excel's calendar: text is better than a wrong date.
            sheet.inlineString(row, col, TEXT_DATE.format(dateTime));
        } else if (Values.hasTimeOfDay(dateTime)) {
            sheet.value(row, col, dateTime);
            sheet.style(row, col).format(DATE_TIME_FORMAT).set();
        } else {
            sheet.value(row, col, dateTime.toLocalDate());
            sheet.style(row, col).format(DATE_FORMAT).set();
        }
    }

    private static String cellText(String text) {
        if (text.length() <= MAX_CELL_TEXT) {
            return text;
        }
        int end = MAX_CELL_TEXT - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }

    private static double width(ResultColumn column) {
        double byTitle = Values.humanTitle(column).length() * 1.1 + 2;
        double byType = switch (column.type()) {
            case TIME -> isDateOnly(column) ? 12 : 19;
            case NUMBER -> 16;
            case BOOLEAN -> 10;
            case STRING -> 24;
        };
        return Math.min(50, Math.max(byTitle, byType));
    }

    /** Cube names a time member by its granularity; coarser than a day it never shows a time of day. */
    private static boolean isDateOnly(ResultColumn column) {
        String key = column.key();
        return key.endsWith(".day") || key.endsWith(".week") || key.endsWith(".month")
                || key.endsWith(".quarter") || key.endsWith(".year");
    }

    private void writeAbout(Worksheet sheet, DataVersion version, List<ResultColumn> columns, int rowCount) {
        sheet.width(0, 34);
        sheet.width(1, 40);
        sheet.width(2, 40);
        sheet.width(3, 18);
        sheet.width(4, 14);
        sheet.value(0, 0, "Сведения о выгрузке / About this export");
        sheet.style(0, 0).bold().set();

        int row = 2;
        sheet.value(row, 0, "Версия данных / Data version");
        if (version != null) {
            sheet.value(row, 1, version.version());
            row++;
            sheet.value(row, 0, "Версия опубликована / Version published at");
            sheet.value(row, 1, version.publishedAt());
            sheet.style(row, 1).format(DATE_TIME_FORMAT).horizontalAlignment("left").set();
            row++;
            sheet.value(row, 0, "Опубликовал / Published by");
            writeText(sheet, row, 1, version.publishedBy());
        } else {
            sheet.value(row, 1, "нет / none");
        }
        row++;
        sheet.value(row, 0, "Файл сформирован / Generated at");
        sheet.value(row, 1, LocalDateTime.now(clock).withNano(0));
        sheet.style(row, 1).format(DATE_TIME_FORMAT).horizontalAlignment("left").set();
        row++;
        sheet.value(row, 0, "Строк данных / Data rows");
        sheet.value(row, 1, rowCount);
        sheet.style(row, 1).horizontalAlignment("left").set();

        row += 2;
        String[] header = {"Ключ / Key", "Название / Title", "Название (англ.) / Title (English)",
                "Единица / Unit", "Тип / Type"};
        for (int c = 0; c < header.length; c++) {
            sheet.value(row, c, header[c]);
        }
        sheet.range(row, 0, row, header.length - 1).style().bold().set();
        for (ResultColumn column : columns) {
            row++;
            writeText(sheet, row, 0, column.key());
            writeText(sheet, row, 1, column.title());
            if (column.titleEn() != null) {
                writeText(sheet, row, 2, column.titleEn());
            }
            if (column.unit() != null) {
                writeText(sheet, row, 3, column.unit());
            }
            writeText(sheet, row, 4, typeName(column));
        }
    }

    private static String typeName(ResultColumn column) {
        String type = column.type().cubeName();
        return column.type() == ColumnType.NUMBER && column.format() != null ? type + " / " + column.format() : type;
    }
}
