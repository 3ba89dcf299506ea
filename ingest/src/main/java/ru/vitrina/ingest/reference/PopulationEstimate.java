package ru.vitrina.ingest.reference;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Population of the region and its 20 municipal formations for 2018–2026 (on 1 January of the year).
 *
 * <p>Published figures exist only for 9 municipalities in 2018 and for the region in 2025 (and the 2021
 * census); everything else is a demo estimate, flagged {@code estimated = true}. The method is in
 * reference/SOURCES.md; in short: the region total is interpolated between the anchors, the 2018 gap is
 * shared equally among the 11 districts without figures, and later years follow a trend per kind of
 * municipality scaled so that the municipalities add up to the region exactly.
 */
public final class PopulationEstimate {
    public static final int FIRST_YEAR = 2018;
    public static final int LAST_YEAR = 2026;

    /** «почти 1,08 млн» on 1 January 2018 (Tomskstat via vtomske.ru), rounded: the exact figure was not found. */
    static final long REGION_2018 = 1_078_000L;
    /** 2021 census (1 October 2021), taken as the population on 1 January 2022. */
    static final long REGION_2022 = 1_062_666L;
    /** On 1 January 2025 (regional government via vtomske.ru). */
    static final long REGION_2025 = 1_039_458L;

    private static final String TOMSK = "69701000";
    private static final String TOMSKY_DISTRICT = "69654000";
    private static final String SEVERSK = "69741000";

    private static final String PUBLISHED_2018 = "Томскстат, на 1 января 2018 г. (по vtomske.ru)";
    private static final String GAP_2018 = "оценка для демо: остаток численности области на 1 января 2018 г."
            + " поровну между 11 районами без опубликованных данных";
    private static final String TREND = "оценка для демо: от 2018 г. с годовым трендом по типу МО,"
            + " приведено к итогу области за год (reference/SOURCES.md)";

    /** One municipal formation as listed in tomsk_oblast_mo.csv; {@code population2018} is null where unknown. */
    public record Municipality(String oktmo, String kind, Long population2018) {
        public Municipality {
            requireNonNull(oktmo, "oktmo");
            requireNonNull(kind, "kind");
        }
    }

    public record Row(String oktmo, int year, long population, boolean estimated, String source) {
        public Row {
            requireNonNull(oktmo, "oktmo");
            requireNonNull(source, "source");
        }
    }

    private final List<Municipality> municipalities;

    public PopulationEstimate(List<Municipality> municipalities) {
        this.municipalities = List.copyOf(requireNonNull(municipalities, "municipalities"));
        if (this.municipalities.isEmpty()) {
            throw new IllegalArgumentException("no municipalities");
        }
    }

    /** Region rows (OKTMO {@code regionOktmo}) and municipality rows for every year, region first. */
    public List<Row> rows(String regionOktmo) {
        requireNonNull(regionOktmo, "regionOktmo");
        List<Row> rows = new ArrayList<>();
        long[] base = population2018();
        for (int year = FIRST_YEAR; year <= LAST_YEAR; year++) {
            long total = regionTotal(year);
            rows.add(new Row(regionOktmo, year, total, year != 2025, regionSource(year)));
            long[] values = year == FIRST_YEAR ? base : trend(base, year, total);
            for (int i = 0; i < municipalities.size(); i++) {
                Municipality m = municipalities.get(i);
                boolean published = year == FIRST_YEAR && m.population2018() != null;
                String source = published ? PUBLISHED_2018 : year == FIRST_YEAR ? GAP_2018 : TREND;
                rows.add(new Row(m.oktmo(), year, values[i], !published, source));
            }
        }
        return rows;
    }

    /** Region total on 1 January: the anchors, geometric interpolation between them, the last rate beyond. */
    public static long regionTotal(int year) {
        if (year < FIRST_YEAR || year > LAST_YEAR) {
            throw new IllegalArgumentException("no population estimate for " + year);
        }
        if (year <= 2022) {
            return Math.round(REGION_2018 * Math.pow((double) REGION_2022 / REGION_2018, (year - 2018) / 4.0));
        }
        return Math.round(REGION_2022 * Math.pow((double) REGION_2025 / REGION_2022, (year - 2022) / 3.0));
    }

    private static String regionSource(int year) {
        return switch (year) {
            case 2018 -> "оценка: «почти 1,08 млн» на 1 января 2018 г. (Томскстат по vtomske.ru), округлено до 1 078 000";
            case 2022 -> "перепись 2021 г.: 1 062 666 на 1 октября 2021 г., отнесено к 1 января 2022 г.";
            case 2025 -> "на 1 января 2025 г., администрация Томской области (по vtomske.ru)";
            case 2026 -> "оценка: продление среднегодового темпа 2022–2025 гг.";
            default -> "оценка: геометрическая интерполяция между значениями 2018, 2022 и 2025 гг.";
        };
    }

    /** Published figures as they are; the gap to the region total shared equally by the rest. */
    private long[] population2018() {
        long[] values = new long[municipalities.size()];
        long known = 0;
        int unknown = 0;
        for (int i = 0; i < values.length; i++) {
            Long p = municipalities.get(i).population2018();
            if (p == null) {
                unknown++;
            } else {
                values[i] = p;
                known += p;
            }
        }
        long gap = REGION_2018 - known;
        if (unknown == 0) {
            return values;
        }
        if (gap < unknown) {
            throw new IllegalStateException("published 2018 figures exceed the region total");
        }
        long share = gap / unknown;
        long remainder = gap % unknown;
        for (int i = 0; i < values.length; i++) {
            if (municipalities.get(i).population2018() == null) {
                values[i] = share + (remainder-- > 0 ? 1 : 0);
            }
        }
        return values;
    }

    private long[] trend(long[] base, int year, long total) {
        double[] raw = new double[base.length];
        for (int i = 0; i < base.length; i++) {
            raw[i] = base[i] * Math.pow(1 + growth(municipalities.get(i)), year - FIRST_YEAR);
        }
        return LargestRemainder.split(total, raw);
    }

    /**
     * Yearly change relative to the region: the city of Tomsk loses a little, its suburban district grows
     * (people move out of the city but stay near it), the districts lose most (migration to Tomsk and away).
     */
    private static double growth(Municipality m) {
        return switch (m.oktmo()) {
            case TOMSK -> -0.003;
            case TOMSKY_DISTRICT -> 0.020;
            case SEVERSK -> -0.006;
            default -> m.kind().equals("городской округ") ? -0.012 : -0.015;
        };
    }

    /** The 2018 figures by OKTMO, for tests and reports. */
    public Map<String, Long> published2018() {
        Map<String, Long> published = new LinkedHashMap<>();
        for (Municipality m : municipalities) {
            if (m.population2018() != null) {
                published.put(m.oktmo(), m.population2018());
            }
        }
        return published;
    }
}
