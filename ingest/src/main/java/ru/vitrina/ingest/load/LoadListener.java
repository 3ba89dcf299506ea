package ru.vitrina.ingest.load;

/** Told how far a running load has got (CLI progress bar, job API). Called on the loading thread: keep it cheap. */
@FunctionalInterface
public interface LoadListener {
    /**
     * @param done  rows (or other units) handled so far
     * @param total the expected total, or 0 when the source cannot say in advance
     */
    void progress(String job, long loadId, long done, long total);

    static LoadListener none() {
        return (job, loadId, done, total) -> { };
    }
}
