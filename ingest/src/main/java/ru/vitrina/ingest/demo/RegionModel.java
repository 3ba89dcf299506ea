package ru.vitrina.ingest.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The region as the simulators see it, read back from the ref tables just loaded, so generated facts can only
 * use codes that exist there. Municipalities are in OKTMO order.
 */
final class RegionModel {
    static final String TOMSK = "69701000";
    static final String SEVERSK = "69741000";
    static final String TOMSKY_DISTRICT = "69654000";

    /** Districts and towns with oil fields: mining employs many and pays well. */
    private static final Set<String> OIL = Set.of("69604000", "69624000", "69644000", "69707000", "69710000");
    /** Areas equated to the Far North: northern wage coefficients, sparse services. */
    private static final Set<String> NORTH = Set.of("69604000", "69616000", "69624000", "69632000", "69644000",
            "69652000", "69707000", "69710000");

    /** A settlement (level 3): its own small budget, and an administration that buys things. */
    record Settlement(String oktmo, String nameRu) {
        Settlement {
            requireNonNull(oktmo, "oktmo");
            requireNonNull(nameRu, "nameRu");
        }
    }

    /** A municipal formation (level 2) with its settlements (level 3) and population by year. */
    record Municipality(int index, String oktmo, String nameRu, boolean urbanOkrug, List<Settlement> settlements,
                        Map<Integer, Long> population) {
        Municipality {
            requireNonNull(oktmo, "oktmo");
            requireNonNull(nameRu, "nameRu");
            settlements = List.copyOf(settlements);
            population = Map.copyOf(population);
        }

        long population(int year) {
            Long value = population.get(year);
            if (value == null) {
                throw new IllegalStateException("ref.population has no " + year + " figure for " + oktmo);
            }
            return value;
        }

        boolean isTomsk() {
            return oktmo.equals(TOMSK);
        }

        boolean isSeversk() {
            return oktmo.equals(SEVERSK);
        }

        boolean isTomskyDistrict() {
            return oktmo.equals(TOMSKY_DISTRICT);
        }

        boolean oil() {
            return OIL.contains(oktmo);
        }

        boolean north() {
            return NORTH.contains(oktmo);
        }
    }

    private final List<Municipality> municipalities;

    private RegionModel(List<Municipality> municipalities) {
        this.municipalities = List.copyOf(municipalities);
    }

    static RegionModel read(Connection connection) throws SQLException {
        Map<String, List<Settlement>> settlements = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT municipality_oktmo, oktmo, name_ru FROM ref.territory WHERE level = 3 ORDER BY oktmo");
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                settlements.computeIfAbsent(rows.getString(1), k -> new ArrayList<>())
                        .add(new Settlement(rows.getString(2), rows.getString(3)));
            }
        }
        Map<String, Map<Integer, Long>> population = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT oktmo, year, population FROM ref.population");
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                population.computeIfAbsent(rows.getString(1), k -> new HashMap<>()).put(rows.getInt(2), rows.getLong(3));
            }
        }
        List<Municipality> municipalities = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT oktmo, name_ru, kind_ru FROM ref.territory WHERE level = 2 ORDER BY oktmo");
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                String oktmo = rows.getString(1);
                municipalities.add(new Municipality(municipalities.size(), oktmo, rows.getString(2),
                        rows.getString(3).equals("городской округ"),
                        settlements.getOrDefault(oktmo, List.of()), population.getOrDefault(oktmo, Map.of())));
            }
        }
        if (municipalities.isEmpty()) {
            throw new IllegalStateException("ref.territory has no municipal formations: load the reference data first");
        }
        return new RegionModel(municipalities);
    }

    List<Municipality> municipalities() {
        return municipalities;
    }

    long population(int year) {
        return municipalities.stream().mapToLong(m -> m.population(year)).sum();
    }
}
