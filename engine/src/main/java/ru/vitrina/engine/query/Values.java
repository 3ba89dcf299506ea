package ru.vitrina.engine.query;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/** Turns what the DuckDB driver returns into the few Java types answers are written from. */
public final class Values {
    private Values() {
    }

    public static Object normalize(Object value) {
        if (value instanceof Timestamp timestamp) {
            return timestamp.toLocalDateTime();
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate();
        }
        if (value instanceof OffsetDateTime time) {
            return time.toLocalDateTime();
        }
        if (value instanceof BigInteger integer) {
            return new BigDecimal(integer);
        }
        if (value instanceof LocalDate || value == null) {
            return value;
        }
        return value;
    }
}
