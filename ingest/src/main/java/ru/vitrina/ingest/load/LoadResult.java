package ru.vitrina.ingest.load;

import java.util.List;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * How a load ended: published with a data version; unchanged, when the source had nothing new (no version is
 * published, so caches and screens keep theirs); or failed with the error text (and nothing written).
 */
public record LoadResult(long loadId, String job, Status status, OptionalLong dataVersion, List<TableCounts> tables,
                         String error) {
    public enum Status { PUBLISHED, UNCHANGED, FAILED }

    public LoadResult {
        requireNonNull(job, "job");
        requireNonNull(status, "status");
        requireNonNull(dataVersion, "dataVersion");
        tables = List.copyOf(tables);
    }

    public boolean published() {
        return status == Status.PUBLISHED;
    }

    /** Published, or nothing new to publish: the run did its work. */
    public boolean succeeded() {
        return status != Status.FAILED;
    }

    public long read() {
        return tables.stream().mapToLong(TableCounts::read).sum();
    }

    public long loaded() {
        return tables.stream().mapToLong(TableCounts::loaded).sum();
    }

    public long quarantined() {
        return tables.stream().mapToLong(TableCounts::quarantined).sum();
    }
}
