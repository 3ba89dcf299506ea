package ru.vitrina.indicators.status;

import ru.vitrina.indicators.passport.Passport;
import ru.vitrina.indicators.period.Period;

import java.time.LocalDate;

import static java.util.Objects.requireNonNull;

/**
 * When an indicator's next value is due and whether it is overdue. A period's value is due {@code dueDays} after the
 * period ends. The next period is the one after the latest value; without any value, the latest period already due.
 *
 * @param latest    the latest period with a value, or null
 * @param next      the period whose value is expected next
 * @param due       the day by which it is due
 * @param overdue   true when that day has passed
 */
public record Freshness(Period latest, Period next, LocalDate due, boolean overdue) {
    public Freshness {
        requireNonNull(next, "next");
        requireNonNull(due, "due");
    }

    public static Freshness of(Passport passport, Period latest, LocalDate today) {
        Period next;
        if (latest != null) {
            next = latest.next();
        } else {
            next = Period.containing(today, passport.periodicity());
            while (!dueDay(passport, next).isBefore(today)) {
                next = next.previous();
            }
        }
        LocalDate due = dueDay(passport, next);
        return new Freshness(latest, next, due, today.isAfter(due));
    }

    private static LocalDate dueDay(Passport passport, Period period) {
        return period.end().plusDays(passport.dueDays());
    }
}
