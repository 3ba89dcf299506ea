package ru.vitrina.api.format;

import ru.vitrina.engine.query.QueryCursor;
import ru.vitrina.engine.query.ResultColumn;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * CSV in two dialects. Both are UTF-8 with a byte-order mark (without it Excel reads UTF-8 as
 * Windows-1251 and shows mojibake), end lines with CRLF and quote as RFC 4180 says. A null is an
 * empty field and an empty string is {@code ""}, so the two stay apart.
 */
public final class CsvWriter implements ResultWriter {
    static final int FLUSH_EVERY_ROWS = 8_192;
    private static final int BUFFER_CHARS = 64 * 1024;
    private static final char BOM = '\uFEFF';
    private static final String LINE_END = "\r\n";

    /** Excel keeps a formula's text literal to 255 characters. */
    private static final int EXCEL_FORMULA_TEXT_LIMIT = 255;

    private static final DateTimeFormatter ISO_DATE = DateTimeFormatter.ISO_LOCAL_DATE;
    /** Seconds always, a fraction only when there is one: 2024-03-31T14:30:00, 2024-03-31T14:30:00.25. */
    private static final DateTimeFormatter ISO_DATE_TIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral('T')
            .appendPattern("HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .toFormatter(Locale.ROOT);
    private static final DateTimeFormatter RU_DATE = DateTimeFormatter.ofPattern("dd.MM.uuuu");
    private static final DateTimeFormatter RU_DATE_TIME = DateTimeFormatter.ofPattern("dd.MM.uuuu HH:mm:ss");

    private final Dialect dialect;

    private CsvWriter(Dialect dialect) {
        this.dialect = requireNonNull(dialect, "dialect");
    }

    /**
     * For programs (pandas, DuckDB, R): comma, decimal point, no digit grouping, ISO 8601 dates
     * ({@code 2024-03-31}, {@code 2024-03-31T14:30:00}), {@code true}/{@code false}; header of
     * column keys such as {@code budget.fact}. Text is written exactly as stored.
     */
    public static CsvWriter standard() {
        return new CsvWriter(Dialect.STANDARD);
    }

    /**
     * For double-clicking in Excel with Russian regional settings: semicolon (the list separator
     * there), decimal comma and no digit grouping so every number is parsed as a number,
     * {@code dd.MM.yyyy} dates ({@code dd.MM.yyyy HH:mm:ss} when there is a time of day),
     * ИСТИНА/ЛОЖЬ as Russian Excel spells booleans; header of Russian titles with the unit.
     * NaN and infinities are empty. Text that Excel would mangle or run is guarded: digit-only
     * codes (ОКТМО, КБК, ИНН) keep leading zeros and all 20 digits, and text starting with
     * {@code = + - @} is shown as text rather than evaluated as a formula.
     */
    public static CsvWriter russianExcel() {
        return new CsvWriter(Dialect.RUSSIAN_EXCEL);
    }

    @Override
    public long write(QueryCursor cursor, OutputStream out) throws IOException {
        requireNonNull(cursor, "cursor");
        requireNonNull(out, "out");
        List<ResultColumn> columns = cursor.columns();
        ResultSet rows = cursor.resultSet();
        // Not closed: closing would close the caller's stream.
        Writer text = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), BUFFER_CHARS);
        text.write(BOM);
        for (int c = 0; c < columns.size(); c++) {
            if (c > 0) {
                text.write(dialect.separator);
            }
            text.write(dialect.quote(dialect.header.apply(columns.get(c))));
        }
        text.write(LINE_END);
        long written = 0;
        while (Values.next(rows)) {
            for (int c = 0; c < columns.size(); c++) {
                if (c > 0) {
                    text.write(dialect.separator);
                }
                text.write(dialect.field(Values.read(rows, c + 1)));
            }
            text.write(LINE_END);
            if (++written % FLUSH_EVERY_ROWS == 0) {
                text.flush();
            }
        }
        text.flush();
        return written;
    }

    /**
     * Excel opening a CSV turns 04701000 into 4701000, a 20-digit КБК into 1,82E+19, and runs
     * {@code =HYPERLINK(...)} or shows #ИМЯ? for "- в том числе". Writing such text as the
     * formula {@code ="..."} makes Excel show it exactly, as text. Longer or multi-line text
     * cannot be a formula literal; a leading apostrophe still stops it from being run.
     */
    static String excelSafe(String value) {
        if (value.isEmpty()) {
            return value;
        }
        boolean formulaLike = "=+-@\t\r".indexOf(value.charAt(0)) >= 0;
        boolean digitsOnly = value.chars().allMatch(ch -> ch >= '0' && ch <= '9');
        if (!formulaLike && !digitsOnly) {
            return value;
        }
        boolean fitsFormula = value.length() <= EXCEL_FORMULA_TEXT_LIMIT
                && value.indexOf('\n') < 0 && value.indexOf('\r') < 0;
        if (fitsFormula) {
            return "=\"" + value.replace("\"", "\"\"") + "\"";
        }
        return formulaLike ? "'" + value : value;
    }

    private enum Dialect {
        STANDARD(',', ResultColumn::key) {
            @Override
            String text(String value) {
                return quote(value);
            }

            @Override
            String number(Number value) {
                return Values.plainNumber(value);
            }

            @Override
            String bool(boolean value) {
                return value ? "true" : "false";
            }

            @Override
            String temporal(Object value) {
                LocalDateTime dateTime = Values.toLocalDateTime(value);
                return Values.isDateOnly(value) ? ISO_DATE.format(dateTime) : ISO_DATE_TIME.format(dateTime);
            }
        },
        RUSSIAN_EXCEL(';', Values::humanTitle) {
            @Override
            String text(String value) {
                return quote(excelSafe(value));
            }

            @Override
            String number(Number value) {
                return Values.toDecimal(value) == null ? "" : Values.plainNumber(value).replace('.', ',');
            }

            @Override
            String bool(boolean value) {
                return value ? "ИСТИНА" : "ЛОЖЬ";
            }

            @Override
            String temporal(Object value) {
                LocalDateTime dateTime = Values.toLocalDateTime(value);
                return Values.hasTimeOfDay(dateTime) ? RU_DATE_TIME.format(dateTime) : RU_DATE.format(dateTime);
            }
        };

        final char separator;
        final Function<ResultColumn, String> header;

        Dialect(char separator, Function<ResultColumn, String> header) {
            this.separator = separator;
            this.header = header;
        }

        abstract String text(String value);

        abstract String number(Number value);

        abstract String bool(boolean value);

        abstract String temporal(Object value);

        final String field(Object value) {
            if (value == null) {
                return "";
            }
            if (value instanceof String s) {
                return text(s);
            }
            if (value instanceof Number n) {
                return number(n);
            }
            if (value instanceof Boolean b) {
                return bool(b);
            }
            if (Values.isTemporal(value)) {
                return temporal(value);
            }
            return text(value.toString());
        }

        /** RFC 4180: a field with the separator, a quote or a line break is quoted, quotes doubled. */
        final String quote(String value) {
            if (value.isEmpty()) {
                return "\"\"";
            }
            boolean needsQuotes = false;
            for (int i = 0; i < value.length() && !needsQuotes; i++) {
                char ch = value.charAt(i);
                needsQuotes = ch == separator || ch == '"' || ch == '\n' || ch == '\r';
            }
            return needsQuotes ? '"' + value.replace("\"", "\"\"") + '"' : value;
        }
    }
}
