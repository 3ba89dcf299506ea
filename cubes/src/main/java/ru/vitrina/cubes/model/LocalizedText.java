package ru.vitrina.cubes.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import static java.util.Objects.requireNonNull;

/** A text a person reads: Russian first, English beside it. In YAML either a plain string or {ru:, en:}. */
public record LocalizedText(String ru, String en) {
    public LocalizedText {
        requireNonNull(ru, "ru");
        en = en == null ? ru : en;
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static LocalizedText of(String both) {
        return new LocalizedText(both, both);
    }

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public static LocalizedText of(@JsonProperty("ru") String ru, @JsonProperty("en") String en) {
        if (ru == null) {
            throw new IllegalArgumentException("a text needs its Russian version (ru)");
        }
        return new LocalizedText(ru, en);
    }
}
