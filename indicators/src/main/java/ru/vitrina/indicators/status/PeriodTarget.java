package ru.vitrina.indicators.status;

import ru.vitrina.cubes.model.LocalizedText;
import ru.vitrina.indicators.target.Target;

import static java.util.Objects.requireNonNull;

/**
 * The target a value of one period is held against, after reading the year's target for the period (cumulative or
 * interpolated) and resolving a multiple from its base year. {@code target} is never a multiple.
 *
 * @param why how it was derived, when not simply the year's target (Russian and English), or null
 */
public record PeriodTarget(Target target, LocalizedText why) {
    public static final PeriodTarget NONE = new PeriodTarget(Target.UNDEFINED, LocalizedText.of("цель не установлена", "no target set"));

    public PeriodTarget {
        requireNonNull(target, "target");
        if (target.kind() == Target.Kind.MULTIPLE) {
            throw new IllegalArgumentException("resolve a multiple before holding a value against it");
        }
    }
}
