package ru.vitrina.ingest.load;

/**
 * Told how far a running load has got (CLI progress bar, job API). Called on the loading thread or, while a long DuckDB
 * statement of the load runs, on its watcher ({@link DuckDbProgress}), never on both at once: keep it cheap.
 */
@FunctionalInterface
public interface LoadListener {
    /**
     * @param stage the stage of the load the figures are of, or null when the load names no stages
     * @param done  rows (or other units) handled so far
     * @param total the expected total, or 0 when the source cannot say in advance
     */
    void progress(String job, long loadId, String stage, long done, long total);

    static LoadListener none() {
        return (job, loadId, stage, done, total) -> { };
    }
}
