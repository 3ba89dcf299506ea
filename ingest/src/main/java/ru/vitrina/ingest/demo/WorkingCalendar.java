package ru.vitrina.ingest.demo;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Working days of the demo period: Monday to Friday except the public holidays of the Labour Code
 * (ст. 112 ТК РФ). The yearly transfers of days off by government decree are left out, so a few bridge days
 * count as working days; nobody reads demo operations that closely.
 */
final class WorkingCalendar {
    private static final Set<MonthDay> HOLIDAYS = Set.of(
            MonthDay.of(1, 1), MonthDay.of(1, 2), MonthDay.of(1, 3), MonthDay.of(1, 4), MonthDay.of(1, 5),
            MonthDay.of(1, 6), MonthDay.of(1, 7), MonthDay.of(1, 8), MonthDay.of(2, 23), MonthDay.of(3, 8),
            MonthDay.of(5, 1), MonthDay.of(5, 9), MonthDay.of(6, 12), MonthDay.of(11, 4));

    private final YearMonth first;
    private final YearMonth last;
    /** Epoch days of the working days of each month from {@code first}, ascending. */
    private final int[][] days;

    WorkingCalendar(YearMonth first, YearMonth last) {
        this.first = requireNonNull(first, "first");
        this.last = requireNonNull(last, "last");
        if (last.isBefore(first)) {
            throw new IllegalArgumentException(first + " is after " + last);
        }
        int months = monthIndex(last) + 1;
        days = new int[months][];
        for (int m = 0; m < months; m++) {
            YearMonth month = first.plusMonths(m);
            List<Integer> working = new ArrayList<>();
            for (int d = 1; d <= month.lengthOfMonth(); d++) {
                LocalDate date = month.atDay(d);
                if (isWorking(date)) {
                    working.add((int) date.toEpochDay());
                }
            }
            days[m] = working.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    static boolean isWorking(LocalDate date) {
        DayOfWeek day = date.getDayOfWeek();
        return day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY && !HOLIDAYS.contains(MonthDay.from(date));
    }

    YearMonth first() {
        return first;
    }

    YearMonth last() {
        return last;
    }

    /** Number of months in the period. */
    int months() {
        return days.length;
    }

    /** Working days (epoch days, ascending) of {@code year}-{@code month}; never empty. */
    int[] workingDays(int year, int month) {
        return days[monthIndex(YearMonth.of(year, month))];
    }

    /** The first working day of the year: the day the budget's initial allocations are brought to administrators. */
    int firstWorkingDay(int year) {
        return workingDays(year, 1)[0];
    }

    private int monthIndex(YearMonth month) {
        int index = (month.getYear() - first.getYear()) * 12 + month.getMonthValue() - first.getMonthValue();
        if (index < 0 || month.isAfter(last)) {
            throw new IllegalArgumentException(month + " is outside " + first + ".." + last);
        }
        return index;
    }
}
