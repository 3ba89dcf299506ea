package ru.vitrina.indicators.fact;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ru.vitrina.engine.access.Principal;
import ru.vitrina.engine.query.QueryAnswer;
import ru.vitrina.engine.query.QueryEngine;
import ru.vitrina.indicators.passport.Method;
import ru.vitrina.indicators.passport.Passport;
import ru.vitrina.indicators.passport.TargetReading;
import ru.vitrina.indicators.period.Period;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Facts of indicators computed from cubes. Every number comes through the query engine with a Cube-style query, so
 * a measure has one definition (the cube file) and the indicator reads exactly what a dashboard or an export shows.
 * A cumulative indicator reads year-to-date: from 1 January to the end of the period.
 *
 * <p>Facts are read with the rights of whoever asks, so the cube's row-level security holds here as on every other
 * path. A user bound to territories (a municipal officer) reads the figures of those territories only: the region's
 * figure and other municipalities' are absent for them (null), not computed over their own rows and mislabelled.
 */
public final class CubeFacts {
    private final QueryEngine engine;
    private final ObjectMapper json = new ObjectMapper();

    public CubeFacts(QueryEngine engine) {
        this.engine = requireNonNull(engine, "engine");
    }

    /**
     * The value of a period in a territory ({@code region} = the whole region), or null when the cube has none or the
     * user may not read that territory.
     */
    public Double value(Passport passport, Period period, String territory, String region, Principal who) {
        return value(passport, readFrom(passport, period), period, territory, region, who);
    }

    /**
     * Whether the cube has facts of {@code period} itself: for a year-to-date indicator, facts dated within the period,
     * not only earlier in the year.
     */
    public boolean reported(Passport passport, Period period, String territory, String region, Principal who) {
        return value(passport, period.start(), period, territory, region, who) != null;
    }

    private Double value(Passport passport, LocalDate from, Period period, String territory, String region, Principal who) {
        if (who.limitedToTerritories() && !who.territories().contains(territory)) {
            return null;
        }
        ObjectNode query = query(passport, from, period);
        if (!territory.equals(region)) {
            ArrayNode filters = query.putArray("filters");
            ObjectNode filter = filters.addObject();
            filter.put("member", passport.method().territory());
            filter.put("operator", "equals");
            filter.putArray("values").add(territory);
        }
        QueryAnswer answer = engine.load(query, who);
        return answer.rows().isEmpty() ? null : compute(passport.method(), answer.rows().get(0), 0);
    }

    /** The values of a period by municipality (OKTMO), for ratings: the municipalities this user may read. */
    public Map<String, Double> byMunicipality(Passport passport, Period period, Principal who) {
        ObjectNode query = query(passport, readFrom(passport, period), period);
        query.putArray("dimensions").add(passport.method().territory());
        Map<String, Double> values = new LinkedHashMap<>();
        for (Object[] row : engine.load(query, who).rows()) {
            Double value = compute(passport.method(), row, 1);
            if (row[0] != null && value != null) {
                values.put(row[0].toString(), value);
            }
        }
        return values;
    }

    /** Where a period's figure starts: 1 January for a year-to-date indicator, else the period's first day. */
    private static LocalDate readFrom(Passport passport, Period period) {
        return passport.reading() == TargetReading.CUMULATIVE ? LocalDate.of(period.year(), 1, 1) : period.start();
    }

    private ObjectNode query(Passport passport, LocalDate from, Period period) {
        Method method = passport.method();
        ObjectNode query = json.createObjectNode();
        ArrayNode measures = query.putArray("measures");
        if (method.kind() == Method.Kind.CUBE) {
            measures.add(method.measure());
        } else {
            measures.add(method.numerator()).add(method.denominator());
        }
        ObjectNode time = query.putArray("timeDimensions").addObject();
        time.put("dimension", method.time());
        time.putArray("dateRange").add(from.toString()).add(period.end().toString());
        return query;
    }

    /** The first measure column starts at {@code offset}; a ratio divides the next column into it. */
    private static Double compute(Method method, Object[] row, int offset) {
        Double first = number(row[offset]);
        if (method.kind() == Method.Kind.CUBE || first == null) {
            return first;
        }
        Double denominator = number(row[offset + 1]);
        if (denominator == null || denominator == 0) {
            return null;
        }
        return first / denominator * method.scale();
    }

    private static Double number(Object value) {
        return value instanceof Number number ? number.doubleValue() : null;
    }
}
