package ru.vitrina.engine.query;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Cube's date ranges: {@code ["2024-01-01", "2024-06-30"]} (both ends inclusive; a date end means the whole day)
 * and relative phrases: {@code today}, {@code yesterday}, {@code this|last week|month|quarter|year},
 * {@code last N days|weeks|months|quarters|years}, {@code from A to B}.
 */
public final class DateRangeParser {
    private static final Pattern LAST_N = Pattern.compile("last (\\d+) (day|week|month|quarter|year)s?");
    private static final Pattern THIS_OR_LAST = Pattern.compile("(this|last) (week|month|quarter|year)");
    private static final Pattern FROM_TO = Pattern.compile("from (.+) to (.+)");
    /**
     * The dates a query may name, as the indicators' periods: wide for any history or plan, and narrow enough that
     * the date arithmetic here and in the database never overflows (DuckDB failed on year -273788674 with a 500).
     */
    private static final LocalDate FIRST_DAY = LocalDate.of(1900, 1, 1);
    private static final LocalDate LAST_DAY = LocalDate.of(2200, 12, 31);
    /** More digits than any span of allowed dates in days: refused before the count is read into a long. */
    private static final int MAX_COUNT_DIGITS = 6;

    private final Clock clock;

    public DateRangeParser(Clock clock) {
        this.clock = requireNonNull(clock, "clock");
    }

    public DateRange parse(List<String> bounds) {
        if (bounds.size() != 2) {
            throw QueryException.badRequest(
                    "Период задаётся двумя датами [начало, конец], получено значений: " + bounds.size(),
                    "a date range needs two dates [from, to], got " + bounds.size());
        }
        return new DateRange(start(bounds.get(0)), endExclusive(bounds.get(1)));
    }

    /** The day relative ranges ("last 7 days", "this month") are resolved against now. */
    public LocalDate today() {
        return LocalDate.now(clock);
    }

    public DateRange parse(String phrase) {
        String text = phrase.trim().toLowerCase(Locale.ROOT);
        LocalDate today = today();
        Matcher fromTo = FROM_TO.matcher(text);
        if (fromTo.matches()) {
            return new DateRange(start(fromTo.group(1).trim()), endExclusive(fromTo.group(2).trim()));
        }
        if (text.equals("today")) {
            return days(today, today.plusDays(1), phrase);
        }
        if (text.equals("yesterday")) {
            return days(today.minusDays(1), today, phrase);
        }
        Matcher lastN = LAST_N.matcher(text);
        if (lastN.matches()) {
            if (lastN.group(1).length() > MAX_COUNT_DIGITS) {
                throw outOfRange(phrase);
            }
            long count = Long.parseLong(lastN.group(1)) * (lastN.group(2).equals("quarter") ? 3 : 1);
            LocalDate end = today.plusDays(1);
            return days(end.minus(count, unit(lastN.group(2))), end, phrase);
        }
        Matcher thisOrLast = THIS_OR_LAST.matcher(text);
        if (thisOrLast.matches()) {
            LocalDate start = periodStart(today, thisOrLast.group(2));
            int months = thisOrLast.group(2).equals("quarter") ? 3 : 1;
            ChronoUnit unit = unit(thisOrLast.group(2));
            if (thisOrLast.group(1).equals("last")) {
                start = unit == ChronoUnit.MONTHS ? start.minusMonths(months) : start.minus(1, unit);
            }
            LocalDate end = unit == ChronoUnit.MONTHS ? start.plusMonths(months) : start.plus(1, unit);
            return days(start, end, phrase);
        }
        throw QueryException.badRequest(
                "Не удалось разобрать период «" + phrase + "»: ожидается [\"2024-01-01\", \"2024-12-31\"], "
                        + "«this year», «last month», «last 7 days» или «from 2024-01-01 to 2024-03-31»",
                "cannot read the date range '" + phrase + "': expected [\"2024-01-01\", \"2024-12-31\"], "
                        + "'this year', 'last month', 'last 7 days' or 'from 2024-01-01 to 2024-03-31'");
    }

    /** A single date or timestamp value, as filters like beforeDate take it. */
    public static LocalDateTime start(String value) {
        String text = value.trim();
        LocalDateTime start;
        try {
            start = text.length() == 10 ? LocalDate.parse(text).atStartOfDay()
                    : LocalDateTime.parse(text.endsWith("Z") ? text.substring(0, text.length() - 1) : text);
        } catch (DateTimeParseException e) {
            throw QueryException.badRequest(
                    "Неверная дата «" + value + "»: ожидается ГГГГ-ММ-ДД или ГГГГ-ММ-ДДTчч:мм:сс",
                    "bad date '" + value + "': expected YYYY-MM-DD or YYYY-MM-DDTHH:mm:ss");
        }
        if (start.toLocalDate().isBefore(FIRST_DAY) || start.toLocalDate().isAfter(LAST_DAY)) {
            throw QueryException.badRequest(
                    "Дата «" + value + "» вне допустимых дат с " + FIRST_DAY + " по " + LAST_DAY,
                    "date '" + value + "' is outside the allowed dates, " + FIRST_DAY + " to " + LAST_DAY);
        }
        return start;
    }

    /** The end of an inclusive bound: a date means its whole day, a timestamp the millisecond it names. */
    public static LocalDateTime endExclusive(String value) {
        LocalDateTime end = start(value);
        return value.trim().length() == 10 ? end.plusDays(1) : end.plus(1, ChronoUnit.MILLIS);
    }

    private static DateRange days(LocalDate from, LocalDate toExclusive, String phrase) {
        if (from.isBefore(FIRST_DAY) || toExclusive.isAfter(LAST_DAY.plusDays(1))) {
            throw outOfRange(phrase);
        }
        return new DateRange(from.atStartOfDay(), toExclusive.atStartOfDay());
    }

    private static QueryException outOfRange(String phrase) {
        return QueryException.badRequest(
                "Период «" + phrase + "» выходит за допустимые даты с " + FIRST_DAY + " по " + LAST_DAY,
                "the date range '" + phrase + "' reaches beyond the allowed dates, " + FIRST_DAY + " to " + LAST_DAY);
    }

    private static ChronoUnit unit(String name) {
        return switch (name) {
            case "day" -> ChronoUnit.DAYS;
            case "week" -> ChronoUnit.WEEKS;
            case "month", "quarter" -> ChronoUnit.MONTHS;
            default -> ChronoUnit.YEARS;
        };
    }

    private static LocalDate periodStart(LocalDate day, String period) {
        return switch (period) {
            case "week" -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case "month" -> day.withDayOfMonth(1);
            case "quarter" -> day.withDayOfMonth(1).withMonth(((day.getMonthValue() - 1) / 3) * 3 + 1);
            default -> day.withDayOfYear(1);
        };
    }
}
