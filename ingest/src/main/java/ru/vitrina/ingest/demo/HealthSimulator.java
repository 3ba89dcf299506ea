package ru.vitrina.ingest.demo;

import org.duckdb.DuckDBAppender;
import ru.vitrina.engine.store.TableAppender;
import ru.vitrina.ingest.demo.RegionModel.Municipality;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.YearMonth;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

import static java.util.Objects.requireNonNull;

/**
 * Monthly health reports by municipality: first-diagnosed cases by ICD-10 chapter (health.morbidity) and
 * beds, doctors and deaths (health.resources).
 *
 * <p>Yearly rates per 1000 people follow the order of magnitude of Russian all-age morbidity (about 780 new
 * cases per 1000 a year, half of them respiratory); chapter X peaks in winter, injuries in winter and summer.
 * Chapters XX (external causes) and XXI (contacts with health services) are not diseases and are not reported.
 * Counts are Poisson around the expected value, so small districts are noisy as in real data.
 */
final class HealthSimulator {
    static final String STAGE = "здравоохранение";

    private final RegionModel region;
    private final WorkingCalendar calendar;

    HealthSimulator(RegionModel region, WorkingCalendar calendar) {
        this.region = requireNonNull(region, "region");
        this.calendar = requireNonNull(calendar, "calendar");
    }

    /** Writes both tables; returns {morbidity rows, resources rows}. */
    long[] write(Connection transaction, SplittableRandom random, long loadId, ProgressListener progress)
            throws SQLException {
        List<Municipality> municipalities = region.municipalities();
        int months = calendar.months();
        long total = (long) months * municipalities.size() * (HealthRates.CHAPTERS.size() + 1);
        long morbidity = 0;
        long resources = 0;
        progress.progress(STAGE, 0, total);
        try (TableAppender morbidityTable = TableAppender.open(transaction, "health", "morbidity");
             TableAppender resourcesTable = TableAppender.open(transaction, "health", "resources")) {
            DuckDBAppender cases = morbidityTable.rows();
            DuckDBAppender capacity = resourcesTable.rows();
            for (int mi = 0; mi < months; mi++) {
                YearMonth month = calendar.first().plusMonths(mi);
                int year = month.getYear();
                int m = month.getMonthValue() - 1;
                int day = (int) month.atDay(1).toEpochDay();
                double[] beds = share(year, bedsPer1000(year), HealthSimulator::bedWeight);
                double[] doctors = share(year, doctorsPer1000(year), HealthSimulator::doctorWeight);
                for (Municipality municipality : municipalities) {
                    long population = municipality.population(year);
                    double access = access(municipality);
                    for (HealthRates.Chapter chapter : HealthRates.CHAPTERS) {
                        double expected = population / 1000.0 * chapter.ratePer1000() / 12 * chapter.season(m)
                                * access * trend(chapter, year) * Draws.noise(random, 0.05);
                        cases.beginRow()
                                .appendEpochDays(day)
                                .append(municipality.oktmo())
                                .append(chapter.code())
                                .append(Draws.poisson(random, expected))
                                .append(population)
                                .append(loadId)
                                .endRow();
                        morbidity++;
                    }
                    double deathRate = deathsPer1000(municipality) * Math.pow(0.995, year - calendar.first().getYear());
                    long deaths = Draws.poisson(random, population / 1000.0 * deathRate / 12 * HealthRates.deathSeason(m));
                    capacity.beginRow()
                            .appendEpochDays(day)
                            .append(municipality.oktmo())
                            .append((int) Math.round(beds[municipality.index()] * (1 + 0.004 * random.nextGaussian())))
                            .append((int) Math.round(doctors[municipality.index()] * (1 + 0.004 * random.nextGaussian())))
                            .append((int) deaths)
                            .append(population)
                            .append(loadId)
                            .endRow();
                    resources++;
                }
                progress.progress(STAGE, morbidity + resources, total);
            }
        }
        return new long[]{morbidity, resources};
    }

    /** Registered morbidity is higher where clinics are close: the city, then towns, then remote districts. */
    private static double access(Municipality m) {
        return m.isTomsk() ? 1.12 : m.isSeversk() ? 1.05 : m.urbanOkrug() ? 1.0 : 0.85;
    }

    /** COVID-19 (U07, chapter XXII) fades after 2023; the rest is flat. */
    private double trend(HealthRates.Chapter chapter, int year) {
        if (chapter.code().equals("XXII")) {
            return Math.pow(0.6, year - calendar.first().getYear());
        }
        return 1.0;
    }

    private static double bedsPer1000(int year) {
        return 7.6 - 0.1 * (year - 2023); // slow cuts of the bed fund
    }

    private static double doctorsPer1000(int year) {
        return 4.55 + 0.05 * (year - 2023);
    }

    /** Regional hospitals are in Tomsk; the suburban district uses them and has few beds of its own. */
    private static double bedWeight(Municipality m) {
        return m.isTomsk() ? 1.55 : m.isSeversk() ? 1.0 : m.isTomskyDistrict() ? 0.25 : m.urbanOkrug() ? 0.7 : 0.75;
    }

    private static double doctorWeight(Municipality m) {
        return m.isTomsk() ? 1.55 : m.isSeversk() ? 1.0 : m.isTomskyDistrict() ? 0.25 : m.urbanOkrug() ? 0.7 : 0.45;
    }

    /** Deaths per 1000 a year: older, poorer rural districts above the young oil town. */
    private static double deathsPer1000(Municipality m) {
        if (m.isTomsk()) {
            return 12.6;
        }
        if (m.isSeversk()) {
            return 13.5;
        }
        if (m.isTomskyDistrict()) {
            return 12.5;
        }
        if (m.urbanOkrug()) {
            return m.oil() ? 10.5 : 12.0;
        }
        return 16.0;
    }

    /** A region-wide stock (rate per 1000 × population) shared out by population × weight. */
    private double[] share(int year, double ratePer1000, ToDoubleFunction<Municipality> weight) {
        List<Municipality> municipalities = region.municipalities();
        double stock = region.population(year) * ratePer1000 / 1000;
        double sum = 0;
        for (Municipality m : municipalities) {
            sum += m.population(year) * weight.applyAsDouble(m);
        }
        double[] result = new double[municipalities.size()];
        for (Municipality m : municipalities) {
            result[m.index()] = stock * m.population(year) * weight.applyAsDouble(m) / sum;
        }
        return result;
    }
}
