package ru.vitrina.indicators.monitoring;

import ru.vitrina.indicators.status.Status;

import java.util.EnumMap;
import java.util.Map;

/**
 * How the indicators of a programme or project stand: how many are on track, at risk, off track or without data,
 * and the shares of the whole.
 */
public record ProgrammeStatus(String code, int indicators, Map<Status, Integer> counts) {
    public ProgrammeStatus {
        counts = Map.copyOf(counts);
    }

    public static ProgrammeStatus of(String code, Iterable<Status> statuses) {
        Map<Status, Integer> counts = new EnumMap<>(Status.class);
        for (Status status : Status.values()) {
            counts.put(status, 0);
        }
        int total = 0;
        for (Status status : statuses) {
            counts.merge(status, 1, Integer::sum);
            total++;
        }
        return new ProgrammeStatus(code, total, counts);
    }

    /** The share of the programme's indicators in {@code status}, 0 to 1 (0 for an empty programme). */
    public double share(Status status) {
        return indicators == 0 ? 0 : (double) counts.get(status) / indicators;
    }
}
