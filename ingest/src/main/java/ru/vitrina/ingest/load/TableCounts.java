package ru.vitrina.ingest.load;

import static java.util.Objects.requireNonNull;

/** Rows of one target table in one load. Nothing is lost: {@code read == loaded + quarantined}, checked for every load. */
public record TableCounts(String table, long read, long loaded, long quarantined) {
    public TableCounts {
        requireNonNull(table, "table");
        if (read != loaded + quarantined) {
            throw new IllegalStateException(table + ": read " + read + " rows but loaded " + loaded + " and quarantined "
                    + quarantined + " — " + (read - loaded - quarantined) + " rows unaccounted for");
        }
    }
}
