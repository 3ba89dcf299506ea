package ru.vitrina.indicators.passport;

import ru.vitrina.cubes.model.LocalizedText;
import ru.vitrina.indicators.period.Periodicity;
import ru.vitrina.indicators.target.TargetPlan;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * An indicator's passport: what it measures, how, who answers for it, and what it should reach by when.
 * Kept as YAML files (see indicators/README.md); never edited through the API.
 *
 * @param programme   the programme (strategy, national or federal project) it belongs to
 * @param projects    the projects it is listed under (an indicator repeated under several projects has one passport)
 * @param dueDays     days after a period ends by which its value is due
 * @param kind        the source's classification of the row (project_indicator, maturity_indicator, fact ...), or null
 * @param alsoListed  codes of the source rows that repeat this indicator under other projects
 * @param flags       doubts the source raises (kept verbatim), or null
 */
public record Passport(
        String code,
        LocalizedText name,
        LocalizedText unit,
        ValueType valueType,
        ValueRange range,
        Periodicity periodicity,
        Direction direction,
        TargetReading reading,
        Method method,
        LocalizedText source,
        LocalizedText responsible,
        String sector,
        String programme,
        List<String> projects,
        TargetPlan targets,
        Tolerance tolerance,
        LocalizedText legalBasis,
        Baseline baseline,
        Reported reported,
        int dueDays,
        String kind,
        List<String> alsoListed,
        String flags,
        String note) {

    public Passport {
        requireNonNull(code, "code");
        requireNonNull(name, "name");
        requireNonNull(unit, "unit");
        requireNonNull(valueType, "valueType");
        requireNonNull(range, "range");
        requireNonNull(periodicity, "periodicity");
        requireNonNull(direction, "direction");
        requireNonNull(reading, "reading");
        requireNonNull(method, "method");
        requireNonNull(programme, "programme");
        projects = List.copyOf(projects);
        requireNonNull(targets, "targets");
        requireNonNull(tolerance, "tolerance");
        alsoListed = List.copyOf(alsoListed);
    }
}
