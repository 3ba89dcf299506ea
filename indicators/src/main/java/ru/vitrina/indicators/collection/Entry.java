package ru.vitrina.indicators.collection;

import java.time.LocalDateTime;

import static java.util.Objects.requireNonNull;

/**
 * An entered value with its workflow state.
 *
 * @param version             what a write must name to change it (optimistic concurrency)
 * @param publishedValue      the approved value readers see, or null before the first approval
 * @param firstPublishedValue the value as first approved; differs from {@code publishedValue} after a revision
 * @param revision            approvals so far
 * @param reviewComment       why it was returned, or null
 */
public record Entry(EntryKey key, double value, String comment, EntryState state, int version, Double publishedValue,
                    Double firstPublishedValue, LocalDateTime publishedAt, int revision, String reviewComment,
                    String submittedBy, String updatedBy, LocalDateTime updatedAt) {
    public Entry {
        requireNonNull(key, "key");
        requireNonNull(state, "state");
        requireNonNull(updatedBy, "updatedBy");
        requireNonNull(updatedAt, "updatedAt");
    }
}
