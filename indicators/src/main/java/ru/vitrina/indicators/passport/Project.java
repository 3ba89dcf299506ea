package ru.vitrina.indicators.passport;

import ru.vitrina.cubes.model.LocalizedText;

import static java.util.Objects.requireNonNull;

/** A project of a programme; an indicator may be listed under several projects. */
public record Project(String code, LocalizedText name, String programme, String sector) {
    public Project {
        requireNonNull(code, "code");
        requireNonNull(name, "name");
        requireNonNull(programme, "programme");
    }
}
