package ru.vitrina.indicators.passport;

/** What kind of number a value is; entry validates by it (a count is whole, a flag is 0 or 1). */
public enum ValueType {
    PERCENT,
    COUNT,
    SCORE,
    RATIO,
    FLAG,
    AMOUNT
}
