package ru.vitrina.indicators.passport;

import ru.vitrina.cubes.model.LocalizedText;

import static java.util.Objects.requireNonNull;

/** A branch of the economy or government (EDU, HLT, GOV ...). */
public record Sector(String code, LocalizedText name) {
    public Sector {
        requireNonNull(code, "code");
        requireNonNull(name, "name");
    }
}
