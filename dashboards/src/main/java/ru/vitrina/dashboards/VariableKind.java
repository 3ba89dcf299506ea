package ru.vitrina.dashboards;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** What a dashboard variable holds, and so which values it accepts from a URL. */
public enum VariableKind {
    /** A reporting month {@code YYYY-MM}; also gives {@code ${name.year}}, {@code ${name.end}} and the like (see {@link PeriodValues}). */
    MONTH(Pattern.compile("\\d{4}-(0[1-9]|1[0-2])")),
    /** An OKTMO code of the region or a municipal formation, 8 digits (11 for a settlement). */
    TERRITORY(Pattern.compile("\\d{8}(\\d{3})?")),
    /** A plain code: letters, digits, dot, dash, underscore. */
    CODE(Pattern.compile("[\\p{L}\\p{N}._-]{1,64}"));

    private final Pattern accepted;

    VariableKind(Pattern accepted) {
        this.accepted = accepted;
    }

    public boolean accepts(String value) {
        return value != null && accepted.matcher(value).matches();
    }

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<VariableKind> fromYaml(String name) {
        return Arrays.stream(values()).filter(k -> k.yamlName().equals(name)).findFirst();
    }
}
