package ru.vitrina.ingest.demo;

/**
 * Told how far a long job has got, e.g. to draw a progress bar. Called on the generating thread; keep it cheap.
 */
@FunctionalInterface
public interface ProgressListener {
    /**
     * @param stage what is being done, in Russian for the user («бюджет», «закупки» ...)
     * @param done  units of work finished in this stage (rows)
     * @param total units of work in this stage; {@code done == total} closes the stage
     */
    void progress(String stage, long done, long total);

    /** A listener that ignores everything. */
    static ProgressListener none() {
        return (stage, done, total) -> { };
    }
}
