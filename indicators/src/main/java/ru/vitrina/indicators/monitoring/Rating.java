package ru.vitrina.indicators.monitoring;

import ru.vitrina.indicators.period.Period;
import ru.vitrina.indicators.status.Assessment;

import java.util.List;

/**
 * Municipal formations ranked by an indicator in a period, best first as the indicator's direction says; equal
 * values share a rank (1, 2, 2, 4). Formations without a value follow, without a rank.
 *
 * @param regionValue the region's own value in the period (the line beside the bars), or null
 */
public record Rating(Period period, Double regionValue, List<Place> places) {
    public Rating {
        places = List.copyOf(places);
    }

    public record Place(Integer rank, String territory, String name, Double value, Assessment assessment) {
    }
}
