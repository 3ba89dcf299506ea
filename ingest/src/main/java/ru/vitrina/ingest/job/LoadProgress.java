package ru.vitrina.ingest.job;

import java.time.LocalDateTime;

/**
 * A running load as the job API shows it: of its current {@code stage} (null when the load names none), {@code done}
 * of {@code total}, which is 0 while the source has not said how much there is.
 */
public record LoadProgress(long loadId, String job, LocalDateTime startedAt, String stage, long done, long total) {
    /** Whole percent done, or -1 when the total is not known yet. */
    public int percent() {
        if (total <= 0) {
            return -1;
        }
        return (int) Math.min(100, done * 100 / total);
    }
}
