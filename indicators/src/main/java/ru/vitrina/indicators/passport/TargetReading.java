package ru.vitrina.indicators.passport;

/**
 * How a yearly target is read against a value of a shorter period (a month or a quarter).
 *
 * <ul>
 *   <li>{@link #YEAR_END}: the year's target as it is (a level such as the unemployment rate);</li>
 *   <li>{@link #CUMULATIVE}: values are year-to-date ("нарастающим итогом") and the target grows over the year:
 *       September reads 9/12 of the year's target;</li>
 *   <li>{@link #INTERPOLATED}: the target moves in a straight line from the previous year's target (or the baseline)
 *       to this year's: September reads previous + (this − previous) × 9/12.</li>
 * </ul>
 */
public enum TargetReading {
    YEAR_END,
    CUMULATIVE,
    INTERPOLATED
}
