package ru.vitrina.indicators.collection;

import java.time.LocalDateTime;

/** One change of an entry: who, when, what, the old and new value and state. */
public record HistoryRecord(LocalDateTime at, String login, String action, Double oldValue, Double newValue,
                            String oldState, String newState, String comment) {
}
