package ru.vitrina.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * The same query over an earlier range, for "compared with a year before" on a KPI card or in a sentence.
 *
 * <p>Why not the engine's {@code compare}: it compares bucket with bucket, so a year-to-date figure
 * (January–September) would be set against the whole previous year. Shifting the {@code dateRange} asks for
 * exactly January–September of the year before, and works for non-additive measures such as execution %.
 */
public final class QueryShift {
    public static final String PREVIOUS_YEAR = "previousYear";
    public static final String PREVIOUS_PERIOD = "previousPeriod";

    private QueryShift() {
    }

    public static boolean known(String compare) {
        return PREVIOUS_YEAR.equals(compare) || PREVIOUS_PERIOD.equals(compare);
    }

    /**
     * A copy of {@code query} whose every {@code timeDimensions[].dateRange} pair of dates is moved back.
     *
     * @throws IllegalArgumentException when the query has no date pair to shift
     */
    public static JsonNode shift(JsonNode query, String compare) {
        if (!known(compare)) {
            throw new IllegalArgumentException("compare must be previousYear or previousPeriod, got '" + compare + "'");
        }
        ObjectNode copy = query.deepCopy();
        int shifted = 0;
        for (JsonNode time : copy.path("timeDimensions")) {
            JsonNode range = time.get("dateRange");
            if (range instanceof ArrayNode pair && pair.size() == 2) {
                LocalDate from = date(pair.get(0).asText());
                LocalDate to = date(pair.get(1).asText());
                Period back = compare.equals(PREVIOUS_YEAR) ? Period.ofYears(1) : lengthOf(from, to);
                pair.set(0, from.minus(back).toString());
                // The end of a month stays the end of its month (29.02 → 28.02, 30.06 → 31.05).
                LocalDate end = to.minus(back);
                if (to.getDayOfMonth() == to.lengthOfMonth()) {
                    end = end.withDayOfMonth(end.lengthOfMonth());
                }
                pair.set(1, end.toString());
                shifted++;
            }
        }
        if (shifted == 0) {
            throw new IllegalArgumentException("compare needs a timeDimensions entry with a dateRange of two dates");
        }
        return copy;
    }

    /** Whole months when the range is whole months (January–September → 9 months), else days. */
    private static Period lengthOf(LocalDate from, LocalDate to) {
        if (from.getDayOfMonth() == 1 && to.getDayOfMonth() == to.lengthOfMonth()) {
            return Period.ofMonths((int) ChronoUnit.MONTHS.between(from, to.plusDays(1)));
        }
        return Period.ofDays((int) ChronoUnit.DAYS.between(from, to) + 1);
    }

    private static LocalDate date(String text) {
        try {
            return LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("dateRange bound '" + text + "' is not a date YYYY-MM-DD");
        }
    }
}
