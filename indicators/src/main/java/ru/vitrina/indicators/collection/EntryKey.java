package ru.vitrina.indicators.collection;

import ru.vitrina.indicators.period.Period;

import static java.util.Objects.requireNonNull;

/** Which value: an indicator, a period and a territory (OKTMO). */
public record EntryKey(String code, Period period, String territory) {
    public EntryKey {
        requireNonNull(code, "code");
        requireNonNull(period, "period");
        requireNonNull(territory, "territory");
    }

    @Override
    public String toString() {
        return code + " / " + period + " / " + territory;
    }
}
