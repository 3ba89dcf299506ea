package ru.vitrina.ingest.demo;

import java.util.List;

/**
 * Rates of the regional health statistics the simulators draw from: yearly first-diagnosed cases per 1000 people by
 * ICD-10 chapter (all-age Russian morbidity is about 780 per 1000, half of it respiratory; chapter X peaks in winter,
 * injuries in winter and summer) and the winter excess of deaths. Chapters XX (external causes) and XXI (contacts
 * with health services) are not diseases and are not reported.
 */
public final class HealthRates {
    /** An ICD-10 chapter's first-diagnosed cases per 1000 people a year, and its month factors (January first). */
    public record Chapter(String code, double ratePer1000, List<Double> seasonFactors) {
        public Chapter {
            seasonFactors = List.copyOf(seasonFactors);
        }

        /** The factor of a month, 0 = January. */
        public double season(int month) {
            return seasonFactors.get(month);
        }
    }

    private static final List<Double> FLAT = List.of(.85, 1.0, 1.05, 1.05, 1.0, .95, .95, .95, 1.05, 1.10, 1.05, 1.0);
    private static final List<Double> RESPIRATORY = List.of(1.40, 1.45, 1.30, 1.05, .80, .60, .50, .55, .95, 1.15, 1.20, 1.05);
    private static final List<Double> INFECTIOUS = List.of(1.0, 1.0, 1.05, 1.0, .95, 1.05, 1.10, 1.10, .95, .95, .95, .90);
    private static final List<Double> INJURIES = List.of(1.10, .95, .95, .95, 1.05, 1.05, 1.05, 1.0, .95, .95, .95, 1.05);
    private static final List<Double> COVID = List.of(1.30, 1.40, 1.10, .90, .70, .60, .70, .90, 1.0, 1.10, 1.20, 1.10);

    public static final List<Chapter> CHAPTERS = List.of(
            new Chapter("I", 22, INFECTIOUS), new Chapter("II", 11, FLAT), new Chapter("III", 4.5, FLAT),
            new Chapter("IV", 12, FLAT), new Chapter("V", 5, FLAT), new Chapter("VI", 14, FLAT),
            new Chapter("VII", 25, FLAT), new Chapter("VIII", 22, FLAT), new Chapter("IX", 28, FLAT),
            new Chapter("X", 380, RESPIRATORY), new Chapter("XI", 28, FLAT), new Chapter("XII", 35, FLAT),
            new Chapter("XIII", 30, FLAT), new Chapter("XIV", 38, FLAT), new Chapter("XV", 14, FLAT),
            new Chapter("XVI", 3, FLAT), new Chapter("XVII", 1.5, FLAT), new Chapter("XVIII", 6, FLAT),
            new Chapter("XIX", 85, INJURIES), new Chapter("XXII", 12, COVID));

    private static final List<Double> DEATH_SEASON = List.of(1.12, 1.05, 1.03, .98, .97, .93, .95, .94, .93, .98, 1.02, 1.10);

    private HealthRates() {
    }

    /** Deaths by month relative to the yearly average: the winter excess; 0 = January. */
    public static double deathSeason(int month) {
        return DEATH_SEASON.get(month);
    }
}
