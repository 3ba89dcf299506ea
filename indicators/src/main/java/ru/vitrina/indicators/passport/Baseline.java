package ru.vitrina.indicators.passport;

/** The value of a base year as the source document prints it. */
public record Baseline(int year, double value) {
}
