package ru.vitrina.indicators.passport;

import ru.vitrina.cubes.model.LocalizedText;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A national project, national goal, federal or regional project, or strategy whose indicators are tracked together.
 *
 * @param kind            strategy, national_goal, federal_project, regional_project, reference, performance
 * @param nationalProject the national project or programme it belongs to, or null
 */
public record Programme(String code, String kind, LocalizedText name, LocalizedText nationalProject, List<Project> projects) {
    public Programme {
        requireNonNull(code, "code");
        requireNonNull(kind, "kind");
        requireNonNull(name, "name");
        projects = List.copyOf(projects);
    }
}
