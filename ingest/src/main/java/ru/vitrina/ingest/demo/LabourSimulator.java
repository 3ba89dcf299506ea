package ru.vitrina.ingest.demo;

import org.duckdb.DuckDBAppender;
import ru.vitrina.engine.store.TableAppender;
import ru.vitrina.ingest.demo.RegionModel.Municipality;
import ru.vitrina.ingest.reference.LargestRemainder;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.YearMonth;
import java.util.List;
import java.util.SplittableRandom;

import static java.util.Objects.requireNonNull;

/**
 * The monthly labour market by municipality and OKVED section (labour.market).
 *
 * <p>The labour force is about half of the population and is split over sections by the municipality's
 * economy (oil in the north, nuclear industry in Seversk, universities and IT in Tomsk, farming in the
 * districts); the split adds up exactly to the municipality's labour force. Registered unemployment is 1–3 %
 * (higher in remote districts, higher in winter, falling since 2023 as the market tightens); vacancies peak in
 * spring; offered salaries are 40–90 thousand roubles a month by section and grow with wages.
 */
final class LabourSimulator {
    static final String STAGE = "рынок труда";

    private record Section(String code, double share, double unemployment, double vacancies, double salaryRub) {
    }

    /** Base employment share %, relative unemployment and vacancy rates, offered salary in 2023, roubles. */
    private static final List<Section> SECTIONS = List.of(
            new Section("A", 4.0, 1.4, 0.8, 42_000), new Section("B", 1.5, 0.7, 1.0, 72_000),
            new Section("C", 12.0, 1.1, 1.3, 55_000), new Section("D", 2.5, 0.7, 0.9, 58_000),
            new Section("E", 1.2, 1.0, 1.0, 46_000), new Section("F", 7.0, 1.3, 1.5, 62_000),
            new Section("G", 15.0, 1.2, 1.1, 44_000), new Section("H", 6.5, 1.1, 1.3, 56_000),
            new Section("I", 2.5, 1.3, 1.2, 41_000), new Section("J", 3.0, 0.6, 1.0, 72_000),
            new Section("K", 1.5, 0.7, 0.8, 60_000), new Section("L", 2.0, 1.0, 0.6, 45_000),
            new Section("M", 5.0, 0.7, 0.9, 62_000), new Section("N", 3.0, 1.2, 1.1, 43_000),
            new Section("O", 6.5, 0.6, 0.7, 52_000), new Section("P", 10.0, 0.6, 1.2, 46_000),
            new Section("Q", 8.5, 0.6, 1.6, 52_000), new Section("R", 2.0, 1.0, 0.8, 41_000),
            new Section("S", 2.5, 1.2, 0.8, 40_000), new Section("T", 0.3, 1.5, 0.2, 40_000),
            new Section("U", 0.0, 0.0, 0.0, 60_000));

    private static final double[] UNEMPLOYMENT_SEASON = {1.12, 1.15, 1.12, 1.02, .92, .88, .87, .88, .92, .98, 1.03, 1.11};
    private static final double[] VACANCY_SEASON = {.90, .95, 1.05, 1.10, 1.10, 1.05, 1.0, 1.0, 1.0, 1.0, .95, .90};
    /** Registered unemployment relative to 2023: the labour shortage of 2024–2025. */
    private static final double[] UNEMPLOYMENT_TREND = {1.0, 0.88, 0.84, 0.86};
    /** Offered wages relative to 2023. */
    private static final double[] WAGE_GROWTH = {1.0, 1.09, 1.08 * 1.09, 1.06 * 1.08 * 1.09};
    private static final double MIN_SALARY = 40_000;
    private static final double MAX_SALARY = 90_000;

    private final RegionModel region;
    private final WorkingCalendar calendar;

    LabourSimulator(RegionModel region, WorkingCalendar calendar) {
        this.region = requireNonNull(region, "region");
        this.calendar = requireNonNull(calendar, "calendar");
    }

    long write(Connection transaction, SplittableRandom random, long loadId, ProgressListener progress)
            throws SQLException {
        List<Municipality> municipalities = region.municipalities();
        long total = (long) calendar.months() * municipalities.size() * SECTIONS.size();
        long rows = 0;
        progress.progress(STAGE, 0, total);
        try (TableAppender market = TableAppender.open(transaction, "labour", "market")) {
            DuckDBAppender appender = market.rows();
            for (int mi = 0; mi < calendar.months(); mi++) {
                YearMonth month = calendar.first().plusMonths(mi);
                int y = month.getYear() - calendar.first().getYear();
                int m = month.getMonthValue() - 1;
                int day = (int) month.atDay(1).toEpochDay();
                for (Municipality municipality : municipalities) {
                    long[] force = labourForce(municipality, month.getYear());
                    double unemploymentRate = unemploymentRate(municipality) * UNEMPLOYMENT_TREND[Math.min(y, 3)]
                            * UNEMPLOYMENT_SEASON[m];
                    double vacancyRate = (municipality.isTomsk() ? 0.030 : municipality.urbanOkrug() ? 0.025 : 0.015)
                            * VACANCY_SEASON[m];
                    double wageLevel = WAGE_GROWTH[Math.min(y, 3)] * (municipality.north() ? 1.15
                            : municipality.isTomsk() || municipality.isSeversk() ? 1.05 : 0.92);
                    for (int s = 0; s < SECTIONS.size(); s++) {
                        Section section = SECTIONS.get(s);
                        long unemployed = Draws.poisson(random, force[s] * unemploymentRate * section.unemployment());
                        long vacancies = Draws.poisson(random, force[s] * vacancyRate * section.vacancies());
                        double salary = Math.max(MIN_SALARY, Math.min(MAX_SALARY,
                                section.salaryRub() * wageLevel * Draws.noise(random, 0.04)));
                        // Offers are round sums: to the hundred roubles, then times the vacancies (kopecks).
                        long offeredKopecks = Math.round(salary / 100) * 100 * 100 * vacancies;
                        appender.beginRow()
                                .appendEpochDays(day)
                                .append(municipality.oktmo())
                                .append(section.code())
                                .append((int) unemployed)
                                .append((int) force[s])
                                .append((int) vacancies)
                                .appendDecimal(offeredKopecks)
                                .append(loadId)
                                .endRow();
                        rows++;
                    }
                }
                progress.progress(STAGE, rows, total);
            }
        }
        return rows;
    }

    /** The municipality's labour force split over sections so that it adds up exactly. */
    private static long[] labourForce(Municipality m, int year) {
        double activity = m.isTomsk() ? 0.53 : m.isSeversk() ? 0.50 : m.oil() && m.urbanOkrug() ? 0.55
                : m.urbanOkrug() ? 0.52 : m.isTomskyDistrict() ? 0.50 : 0.46;
        long force = Math.round(m.population(year) * activity);
        double[] weights = new double[SECTIONS.size()];
        for (int s = 0; s < weights.length; s++) {
            weights[s] = SECTIONS.get(s).share() * economy(m, SECTIONS.get(s).code());
        }
        return LargestRemainder.split(force, weights);
    }

    /** How a municipality's economy differs from the regional average, by section. */
    private static double economy(Municipality m, String section) {
        if (m.isTomsk()) {
            return switch (section) {
                case "A" -> 0.1;
                case "J", "M" -> 1.6;
                case "P" -> 1.25;
                case "B" -> 0.5;
                default -> 1.0;
            };
        }
        if (m.isSeversk()) {
            return switch (section) {
                case "C" -> 2.2;
                case "D" -> 2.0;
                case "M" -> 1.3;
                case "A" -> 0.2;
                default -> 1.0;
            };
        }
        double oil = m.oil() ? (section.equals("B") ? (m.urbanOkrug() ? 10 : 4) : 1.0) : 1.0;
        double rural = m.urbanOkrug() ? 1.0 : switch (section) {
            case "A" -> m.isTomskyDistrict() ? 2.5 : 4.0;
            case "C" -> 0.6;
            case "J", "M" -> 0.35;
            case "K" -> 0.5;
            case "O" -> 1.5;
            default -> 1.0;
        };
        return oil * rural;
    }

    /** Registered unemployment in 2023, share of the labour force. */
    private static double unemploymentRate(Municipality m) {
        if (m.isTomsk()) {
            return 0.009;
        }
        if (m.isSeversk()) {
            return 0.011;
        }
        if (m.isTomskyDistrict()) {
            return 0.013;
        }
        if (m.urbanOkrug()) {
            return m.oktmo().equals("69710000") ? 0.014 : 0.026; // Стрежевой has oil jobs, Кедровый few

        }
        return 0.024;
    }
}
