package ru.vitrina.indicators.passport;

/** Which way is better. */
public enum Direction {
    HIGHER,
    LOWER
}
