package ru.vitrina.indicators.monitoring;

import ru.vitrina.indicators.passport.Passport;
import ru.vitrina.indicators.status.Freshness;

/**
 * Where an indicator stands now in the region: its latest period with a value (or none) and the freshness.
 *
 * @param latest the latest period with a value, with its target and status; for an indicator without values, the
 *               latest period already due, without a value (status no_data)
 */
public record IndicatorStatus(Passport passport, SeriesPoint latest, Freshness freshness) {
}
