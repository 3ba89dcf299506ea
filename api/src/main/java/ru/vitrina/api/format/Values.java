package ru.vitrina.api.format;

import ru.vitrina.engine.query.ResultColumn;
import ru.vitrina.engine.store.StoreException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/** What the writers share about reading DuckDB's JDBC values and naming columns for people. */
final class Values {
    private Values() {
    }

    /** The value of column {@code index} (1-based) of the current row, as DuckDB's driver gives it. */
    static Object read(ResultSet rows, int index) {
        try {
            return rows.getObject(index);
        } catch (SQLException e) {
            throw readFailure(e);
        }
    }

    static boolean next(ResultSet rows) {
        try {
            return rows.next();
        } catch (SQLException e) {
            throw readFailure(e);
        }
    }

    static StoreException readFailure(SQLException e) {
        return new StoreException("Не удалось прочитать результат запроса / Could not read the query result: "
                + e.getMessage(), e);
    }

    /** True for every class DuckDB's driver uses for DATE and TIMESTAMP values. */
    static boolean isTemporal(Object value) {
        return value instanceof java.util.Date || value instanceof LocalDate || value instanceof LocalDateTime
                || value instanceof OffsetDateTime || value instanceof ZonedDateTime || value instanceof Instant;
    }

    /**
     * A date or timestamp on the wall clock it was stored with. TIMESTAMP WITH TIME ZONE values keep
     * the offset DuckDB gave them: an export shows what the query showed, not a server-zone shift.
     */
    static LocalDateTime toLocalDateTime(Object value) {
        if (value instanceof LocalDateTime dateTime) {
            return dateTime;
        }
        if (value instanceof LocalDate date) {
            return date.atStartOfDay();
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toLocalDateTime();
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate().atStartOfDay();
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toLocalDateTime();
        }
        if (value instanceof ZonedDateTime zoned) {
            return zoned.toLocalDateTime();
        }
        if (value instanceof Instant instant) {
            return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        }
        if (value instanceof java.util.Date date) {
            return new java.sql.Timestamp(date.getTime()).toLocalDateTime();
        }
        throw new IllegalArgumentException("Not a date or time: " + value.getClass().getName());
    }

    /** True when a timestamp carries a time of day, so a date-only rendering would lose it. */
    static boolean hasTimeOfDay(LocalDateTime dateTime) {
        return !dateTime.toLocalTime().equals(LocalTime.MIDNIGHT);
    }

    /** True for a date-only value (DuckDB DATE), which machine formats write without a time part. */
    static boolean isDateOnly(Object value) {
        return value instanceof LocalDate || value instanceof java.sql.Date;
    }

    /**
     * The exact decimal of a number, or null for NaN and infinities, which no spreadsheet can hold.
     * Floats and doubles go through their shortest decimal form, so 0.1 stays 0.1.
     */
    static BigDecimal toDecimal(Number number) {
        if (number instanceof BigDecimal decimal) {
            return decimal;
        }
        if (number instanceof Long || number instanceof Integer || number instanceof Short || number instanceof Byte) {
            return BigDecimal.valueOf(number.longValue());
        }
        if (number instanceof BigInteger integer) {
            return new BigDecimal(integer);
        }
        if (number instanceof Float f) {
            return Float.isFinite(f) ? new BigDecimal(Float.toString(f)) : null;
        }
        double d = number.doubleValue();
        if (!Double.isFinite(d)) {
            return null;
        }
        return number instanceof Double ? BigDecimal.valueOf(d) : new BigDecimal(number.toString());
    }

    /**
     * A number as plain digits with a point, never in exponent form (1E+3 is not read as a number
     * everywhere). Doubles lose a meaningless trailing ".0"; decimals keep their scale, which is the
     * column's type. NaN and infinities are spelled as Java spells them.
     */
    static String plainNumber(Number number) {
        BigDecimal decimal = toDecimal(number);
        if (decimal == null) {
            return number.toString();
        }
        if (number instanceof Double || number instanceof Float) {
            decimal = decimal.stripTrailingZeros();
        }
        if (decimal.scale() < 0) {
            decimal = decimal.setScale(0);
        }
        return decimal.toPlainString();
    }

    /** The header a person reads: the Russian title, with the unit when the title does not already say it. */
    static String humanTitle(ResultColumn column) {
        String unit = column.unit();
        if (unit == null || unit.isBlank() || column.title().contains(unit)) {
            return column.title();
        }
        return column.title() + ", " + unit;
    }
}
