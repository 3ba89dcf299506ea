package ru.vitrina.opendata.v3;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * CSV as the recommendations and RFC 4180 want it: comma-separated, UTF-8, a value quoted only when it holds a
 * comma, a quote or a line break (quotes doubled), lines ended by CRLF.
 */
public final class Csv {
    public static final String LINE_END = "\r\n";

    private Csv() {
    }

    public static String line(List<String> values) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(quote(values.get(i)));
        }
        return line.append(LINE_END).toString();
    }

    public static String quote(String value) {
        if (value == null) {
            return "";
        }
        if (value.isEmpty() || value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }

    /** A normalised value (String, BigDecimal, LocalDate, Boolean or null) as CSV text; null is an empty field. */
    public static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal) {
            return ((BigDecimal) value).toPlainString();
        }
        if (value instanceof LocalDate) {
            return value.toString();
        }
        return value.toString();
    }
}
