package ru.vitrina.indicators.monitoring;

import ru.vitrina.indicators.period.Period;
import ru.vitrina.indicators.status.Assessment;
import ru.vitrina.indicators.status.PeriodTarget;

/**
 * One period of an indicator in a territory: the fact, the target it is held against and the status.
 *
 * @param firstPublished the value as first approved, when a revision changed it since; else null
 */
public record SeriesPoint(Period period, Double value, Double firstPublished, PeriodTarget target, Assessment assessment) {
}
