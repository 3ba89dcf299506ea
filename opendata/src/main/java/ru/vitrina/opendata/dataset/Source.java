package ru.vitrina.opendata.dataset;

import ru.vitrina.cubes.model.LocalizedText;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Where a data set's numbers come from: the source system or the body that reports them (a reader's first question
 * after "what is this"), and its public address when it has one.
 *
 * @param url the source's public web address, or null
 */
public record Source(LocalizedText title, String url) {
    public Source {
        requireNonNull(title, "source.title");
        if (url != null && !url.startsWith("https://") && !url.startsWith("http://")) {
            throw new IllegalArgumentException("source.url must be an http(s) address: " + url);
        }
    }

    public Optional<String> link() {
        return Optional.ofNullable(url);
    }
}
