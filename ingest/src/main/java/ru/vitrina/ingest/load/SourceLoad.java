package ru.vitrina.ingest.load;

import java.util.List;

/**
 * One source system's adapter: reads an extract and writes its rows into the target tables inside a load.
 * Rerunning the same extract must not duplicate a row (write by natural key: replace what the extract covers).
 */
public interface SourceLoad {
    /** The job name: budget, procurement, health, labour, population. */
    String job();

    /** Reads the extract, writes rows through {@code context}, and returns the counts of every target table. */
    List<TableCounts> load(LoadContext context) throws Exception;
}
