package ru.vitrina.ingest.load;

import static java.util.Objects.requireNonNull;

/** A source row that could not be loaded, kept with its raw content and why (Russian first, English after " / "). */
public record Rejection(String table, SourceLocation location, String raw, String reason) {
    public Rejection {
        requireNonNull(table, "table");
        requireNonNull(location, "location");
        requireNonNull(raw, "raw");
        requireNonNull(reason, "reason");
    }
}
