package ru.vitrina.dashboards;

import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * What a month variable {@code p} set to {@code 2024-09} gives a query:
 * <pre>
 * ${p}            2024-09      the month itself
 * ${p.year}       2024
 * ${p.start}      2024-09-01   first day of the month
 * ${p.end}        2024-09-30   last day of the month
 * ${p.yearStart}  2024-01-01   start of the year to date
 * ${p.yearEnd}    2024-12-31
 * ${p.trendStart} 2023-10-01   start of the twelve months ending with the month (sparklines, dynamics)
 * ${p.quarterStart} 2024-07-01
 * ${p.previousYearStart} 2023-01-01  start of the year before (two-year charts)
 * ${p.elapsedPct} 75           share of the year elapsed by the month's end, % — the even pace a
 *                              year-to-date execution target is measured against
 * </pre>
 */
public final class PeriodValues {
    public static final Set<String> PARTS = Set.of("year", "start", "end", "yearStart", "yearEnd", "trendStart",
            "quarterStart", "previousYearStart", "elapsedPct");

    private PeriodValues() {
    }

    public static Map<String, String> of(String name, YearMonth month) {
        requireNonNull(name, "name");
        requireNonNull(month, "month");
        Map<String, String> values = new LinkedHashMap<>();
        values.put(name, month.toString());
        values.put(name + ".year", Integer.toString(month.getYear()));
        values.put(name + ".start", month.atDay(1).toString());
        values.put(name + ".end", month.atEndOfMonth().toString());
        values.put(name + ".yearStart", month.withMonth(1).atDay(1).toString());
        values.put(name + ".yearEnd", month.withMonth(12).atEndOfMonth().toString());
        values.put(name + ".trendStart", month.minusMonths(11).atDay(1).toString());
        values.put(name + ".quarterStart", month.withMonth((month.getMonthValue() - 1) / 3 * 3 + 1).atDay(1).toString());
        values.put(name + ".previousYearStart", month.minusYears(1).withMonth(1).atDay(1).toString());
        values.put(name + ".elapsedPct", java.math.BigDecimal.valueOf(month.getMonthValue() * 100L)
                .divide(java.math.BigDecimal.valueOf(12), 1, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString());
        return values;
    }
}
