package ru.vitrina.indicators.collection;

import java.util.Locale;

/** The workflow of an entered value: draft → submitted → approved, or submitted → returned → (edit) → submitted. */
public enum EntryState {
    DRAFT,
    SUBMITTED,
    RETURNED,
    APPROVED;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
