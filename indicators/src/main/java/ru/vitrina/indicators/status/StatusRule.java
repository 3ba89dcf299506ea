package ru.vitrina.indicators.status;

import ru.vitrina.cubes.model.LocalizedText;
import ru.vitrina.indicators.passport.Baseline;
import ru.vitrina.indicators.passport.Direction;
import ru.vitrina.indicators.passport.Passport;
import ru.vitrina.indicators.passport.TargetReading;
import ru.vitrina.indicators.period.Period;
import ru.vitrina.indicators.period.Periodicity;
import ru.vitrina.indicators.target.Target;

import java.util.Optional;
import java.util.function.IntFunction;

/**
 * The status rules: which target a period is held against, and where a value stands against it.
 *
 * <p>A value that meets its target is on track. One that misses it by no more than the passport's tolerance band
 * (5 % of the target unless the passport says otherwise) is at risk; further off, off track. Without a value or
 * without a target there is no status ({@link Status#NO_DATA}, with the reason).
 */
public final class StatusRule {
    private StatusRule() {
    }

    /**
     * The target for {@code period} in {@code territory}.
     *
     * @param yearValue the indicator's value of a year in the territory (for a multiple's base year), or null
     */
    public static PeriodTarget targetFor(Passport passport, Period period, String territory, IntFunction<Double> yearValue) {
        Optional<Target> ofYear = passport.targets().forYear(period.year(), territory);
        if (ofYear.isEmpty() || !ofYear.get().defined()) {
            return PeriodTarget.NONE;
        }
        Target target = ofYear.get();
        LocalizedText why = null;
        if (target.kind() == Target.Kind.MULTIPLE) {
            Double base = baseValue(passport, target.baseYear(), yearValue);
            if (base == null) {
                return new PeriodTarget(Target.UNDEFINED, LocalizedText.of("нет значения базового " + target.baseYear() + " года",
                        "no value of the base year " + target.baseYear()));
            }
            boolean lower = passport.direction() == Direction.LOWER;
            double level = lower ? base / target.value() : base * target.value();
            String arithmetic = ": " + Target.level(base).text() + (lower ? " ÷ " : " × ") + Target.level(target.value()).text();
            why = LocalizedText.of(target.text() + arithmetic, Target.level(target.value()).text() + " times " + target.baseYear() + arithmetic);
            target = new Target(lower ? Target.Kind.AT_MOST : Target.Kind.AT_LEAST, level, 0);
        }
        if (period.periodicity() == Periodicity.YEAR || passport.reading() == TargetReading.YEAR_END) {
            return new PeriodTarget(target, why);
        }
        double share = period.fractionOfYear();
        if (passport.reading() == TargetReading.CUMULATIVE) {
            String fraction = target.text() + " × " + period.index() + "/" + period.periodicity().perYear();
            return new PeriodTarget(target.withValue(target.value() * share),
                    LocalizedText.of("нарастающим итогом: " + fraction, "year to date: " + fraction));
        }
        Optional<Target> previous = passport.targets().forYear(period.year() - 1, territory)
                .filter(t -> t.defined() && t.kind() != Target.Kind.MULTIPLE);
        Double from = previous.map(Target::value).orElse(null);
        Baseline baseline = passport.baseline();
        if (from == null && baseline != null && baseline.year() == period.year() - 1) {
            from = baseline.value();
        }
        if (from == null) {
            return new PeriodTarget(target, why);
        }
        double level = from + (target.value() - from) * share;
        String line = Target.level(from).text() + " → " + target.text() + ", ";
        String part = period.index() + "/" + period.periodicity().perYear();
        return new PeriodTarget(target.withValue(level), LocalizedText.of(
                "между целями " + (period.year() - 1) + " и " + period.year() + " года: " + line + "доля " + part,
                "between the targets of " + (period.year() - 1) + " and " + period.year() + ": " + line + "share " + part));
    }

    private static Double baseValue(Passport passport, int year, IntFunction<Double> yearValue) {
        Double value = yearValue == null ? null : yearValue.apply(year);
        if (value == null && passport.baseline() != null && passport.baseline().year() == year) {
            value = passport.baseline().value();
        }
        return value;
    }

    /** Where {@code value} stands against {@code target}. */
    public static Assessment assess(Passport passport, Double value, PeriodTarget target) {
        if (value == null) {
            return new Assessment(Status.NO_DATA, null, "нет значения за период", "no value for the period");
        }
        if (!target.target().defined()) {
            LocalizedText why = target.why() == null ? PeriodTarget.NONE.why() : target.why();
            return new Assessment(Status.NO_DATA, null, why.ru(), why.en());
        }
        Target t = target.target();
        double level = t.value();
        boolean lowerIsBetter = switch (t.kind()) {
            case AT_MOST, BELOW -> true;
            case AT_LEAST, ABOVE -> false;
            default -> passport.direction() == Direction.LOWER;
        };
        // A level computed from decimals (3 × 1.1, 2 + 0.2) misses the decimal it stands for by a few units in the
        // last binary place: a value at the level, or at the edge of the band, is held as the decimal it is.
        double slack = 1e-9 * Math.max(1, Math.abs(level));
        boolean met = switch (t.kind()) {
            case ABOVE -> value > level;
            case BELOW -> value < level;
            default -> lowerIsBetter ? value <= level + slack : value >= level - slack;
        };
        if (met) {
            return new Assessment(Status.ON_TRACK, 0.0, "цель " + t.text() + " достигнута", "target " + t.text() + " met");
        }
        double gap = Math.abs(value - level);
        double band = passport.tolerance().band(level);
        if (gap <= band + slack) {
            return new Assessment(Status.AT_RISK, gap, "отставание от цели " + t.text() + " в пределах допуска",
                    "short of target " + t.text() + " within the tolerance");
        }
        return new Assessment(Status.OFF_TRACK, gap, "отставание от цели " + t.text() + " больше допуска",
                "short of target " + t.text() + " beyond the tolerance");
    }
}
