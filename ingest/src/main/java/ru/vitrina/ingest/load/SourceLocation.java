package ru.vitrina.ingest.load;

import static java.util.Objects.requireNonNull;

/**
 * Where a row came from: the source (file name, URL, JDBC table) and the position in it (line, record, key).
 */
public record SourceLocation(String source, String position) {
    public SourceLocation {
        requireNonNull(source, "source");
        requireNonNull(position, "position");
    }

    @Override
    public String toString() {
        return source + ":" + position;
    }
}
