package ru.vitrina.indicators.fact;

import ru.vitrina.cubes.model.LocalizedText;
import ru.vitrina.engine.store.Store;
import ru.vitrina.engine.store.StoreException;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The region and its municipal formations as the store's reference data has them (ref.territory, levels 1 and 2),
 * read on each call so that a reference load is seen at once.
 */
public final class Territories {
    private final Store store;

    public Territories(Store store) {
        this.store = requireNonNull(store, "store");
    }

    /** The region (level 1) and its municipal formations (level 2): OKTMO code → Russian name. */
    public record Region(String region, String regionName, Map<String, String> municipalities) {
        public boolean known(String oktmo) {
            return oktmo.equals(region) || municipalities.containsKey(oktmo);
        }

        public String name(String oktmo) {
            return oktmo.equals(region) ? regionName : municipalities.get(oktmo);
        }
    }

    /**
     * The names of the region and its municipal formations in Russian and English ({@code name_en}, romanised when
     * the reference data is loaded: «Асиновский район» → "Asinovsky District"), by OKTMO code, the region first;
     * empty while no reference data is loaded. Answers name territories in Russian only, so a screen switched to
     * English takes their names from here.
     */
    public Map<String, LocalizedText> names() {
        Map<String, LocalizedText> names = new LinkedHashMap<>();
        try (Connection connection = store.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT oktmo, name_ru, name_en FROM ref.territory WHERE level <= 2 ORDER BY level, oktmo")) {
            while (rows.next()) {
                names.put(rows.getString(1), new LocalizedText(rows.getString(2), rows.getString(3)));
            }
        } catch (SQLException e) {
            throw new StoreException("Cannot read the territories' names: " + e.getMessage(), e);
        }
        return java.util.Collections.unmodifiableMap(names);
    }

    public Region read() {
        String region = null;
        String regionName = null;
        Map<String, String> municipalities = new LinkedHashMap<>();
        try (Connection connection = store.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT oktmo, name_ru, level FROM ref.territory WHERE level <= 2 ORDER BY level, oktmo")) {
            while (rows.next()) {
                if (rows.getInt(3) == 1) {
                    region = rows.getString(1);
                    regionName = rows.getString(2);
                } else {
                    municipalities.put(rows.getString(1), rows.getString(2));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("Cannot read the territories: " + e.getMessage(), e);
        }
        if (region == null) {
            throw new StoreException("The store has no region (ref.territory, level 1): load the reference data first", null);
        }
        return new Region(region, regionName, java.util.Collections.unmodifiableMap(municipalities));
    }
}
