package ru.vitrina.indicators.collection;

import ru.vitrina.indicators.passport.Passport;
import ru.vitrina.indicators.status.Assessment;

/** Where an entered value would stand against its target (from the monitoring service, which knows the targets). */
@FunctionalInterface
public interface TargetCheck {
    Assessment assess(Passport passport, EntryKey key, double value);
}
