package ru.vitrina.indicators.target;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * The targets of a passport: by year, optionally by territory (OKTMO) and year, and a constant target that holds for
 * every year without one of its own. A territory without targets of its own reads the region's.
 */
public record TargetPlan(Map<Integer, Target> byYear, Target constant, Map<String, Map<Integer, Target>> byTerritory) {
    public static final TargetPlan NONE = new TargetPlan(Map.of(), null, Map.of());

    public TargetPlan {
        byYear = Map.copyOf(new TreeMap<>(requireNonNull(byYear, "byYear")));
        byTerritory = Map.copyOf(requireNonNull(byTerritory, "byTerritory"));
    }

    /** The target of a year for a territory; empty when the passport sets none. */
    public Optional<Target> forYear(int year, String territory) {
        Map<Integer, Target> own = territory == null ? null : byTerritory.get(territory);
        if (own != null && own.containsKey(year)) {
            return Optional.of(own.get(year));
        }
        if (byYear.containsKey(year)) {
            return Optional.of(byYear.get(year));
        }
        return Optional.ofNullable(constant);
    }

    public boolean isEmpty() {
        return byYear.isEmpty() && constant == null && byTerritory.isEmpty();
    }

    /** Every target written: by year, the constant and by territory (for checks of the passport as a whole). */
    public List<Target> all() {
        List<Target> all = new ArrayList<>(byYear.values());
        if (constant != null) {
            all.add(constant);
        }
        byTerritory.values().forEach(years -> all.addAll(years.values()));
        return all;
    }

    /** Years with a target of their own, ascending. */
    public TreeMap<Integer, Target> years() {
        return new TreeMap<>(byYear);
    }
}
