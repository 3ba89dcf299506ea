package ru.vitrina.ingest.load;

import java.sql.Connection;
import java.time.LocalDate;
import java.util.Set;

/** What a source adapter may use while it loads: the load's transaction, its id, the quarantine, progress, lineage. */
public interface LoadContext {
    /** The transaction of the whole load: everything written here is published together or not at all. */
    Connection transaction();

    /** The id of this load (meta.load); every loaded row carries it in its {@code load_id} column. */
    long loadId();

    /** Keeps a row that failed parsing or validation, with where it came from and why. */
    void quarantine(Rejection rejection);

    /**
     * Begins a stage of the load (reading the source, checking, writing), named in Russian and English, whose progress
     * the next {@link #progress} calls give; a load that names none has one stage.
     */
    void stage(String stage);

    /**
     * Progress of the load (of its current stage), for the CLI progress bar and the job API. Called on the load's
     * thread or, while a long DuckDB statement of the load runs, on its watcher ({@link DuckDbProgress}), never on both
     * at once; every other method of the context belongs to the load's thread.
     */
    void progress(long done, long total);

    /** Lineage: a file or extract this load read, with its SHA-256. */
    void sourceFile(String name, String sha256);

    /**
     * Says that in {@code table} this load inserted, updated or deleted only rows whose {@code dateColumn} lies in
     * {@code months} (first days), before or after the change, so that rollups by time recompute those months only
     * instead of the whole table. A table the load wrote without saying so counts as changed anywhere.
     */
    void changedMonths(String table, String dateColumn, Set<LocalDate> months);
}
