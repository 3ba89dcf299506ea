package ru.vitrina.opendata.dataset;

import static java.util.Objects.requireNonNull;

/** The terms of use of a data set: an identifier (as CKAN's license_id), a title a person reads, and its text. */
public record Licence(String id, String title, String url) {
    public Licence {
        requireNonNull(id, "licence.id");
        requireNonNull(title, "licence.title");
        requireNonNull(url, "licence.url");
    }
}
