package ru.vitrina.opendata.dataset;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Which cells of a data set are checked for disclosure: the field holding the count of persons, the fields that
 * are computed from it (hidden with it), and the two fields whose values span the table whose row and column
 * totals are published elsewhere.
 *
 * @param by        fields whose every combination of values is a table of its own (e.g. the month)
 * @param threshold counts from 1 to threshold − 1 are hidden
 */
public record DisclosureSpec(String count, List<String> also, String rows, String columns, List<String> by, int threshold) {
    public static final int DEFAULT_THRESHOLD = 5;

    public DisclosureSpec {
        requireNonNull(count, "disclosure.count");
        requireNonNull(rows, "disclosure.rows");
        requireNonNull(columns, "disclosure.columns");
        also = also == null ? List.of() : List.copyOf(also);
        by = by == null ? List.of() : List.copyOf(by);
        if (threshold <= 0) {
            throw new IllegalArgumentException("disclosure.threshold must be positive, was " + threshold);
        }
    }
}
