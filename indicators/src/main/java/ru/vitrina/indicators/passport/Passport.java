package ru.vitrina.indicators.passport;

import ru.vitrina.cubes.model.LocalizedText;
import ru.vitrina.indicators.period.Periodicity;
import ru.vitrina.indicators.target.Target;
import ru.vitrina.indicators.target.TargetPlan;

import java.util.List;
import java.util.Locale;

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
        requireReachableTargets(valueType, range, targets);
    }

    /**
     * A target entry could never reach is a contradiction in the file, found at start rather than by the officer
     * whose true value is refused: a count or flag is entered whole, every value within the range.
     */
    private static void requireReachableTargets(ValueType valueType, ValueRange range, TargetPlan targets) {
        boolean whole = valueType == ValueType.COUNT || valueType == ValueType.FLAG;
        for (Target target : targets.all()) {
            if (!target.defined() || target.kind() == Target.Kind.MULTIPLE) {
                continue;
            }
            if (whole && target.value() != Math.rint(target.value())) {
                throw new IllegalArgumentException("target " + target.text() + " is not a whole number, but value_type "
                        + valueType.name().toLowerCase(Locale.ROOT) + " is entered whole (an amount with decimals is value_type amount)");
            }
            if (!range.contains(target.value())) {
                throw new IllegalArgumentException("target " + target.text() + " lies outside the range " + range.text());
            }
        }
    }
}
