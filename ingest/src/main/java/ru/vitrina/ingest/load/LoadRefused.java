package ru.vitrina.ingest.load;

/**
 * A load refused for what its source holds — an empty file, a damaged extract, columns out of their order — rather
 * than for a fault of the code: its message (Russian / English) is the whole story, so it is logged without a stack
 * trace.
 */
public final class LoadRefused extends RuntimeException {
    public LoadRefused(String message) {
        super(message, null, false, false);
    }
}
