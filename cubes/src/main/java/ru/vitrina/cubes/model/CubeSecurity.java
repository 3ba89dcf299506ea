package ru.vitrina.cubes.model;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Who sees which rows and members of a cube (section {@code security} of the cube file):
 * <pre>
 * security:
 *   row_filter: {dimension: municipality, attribute: territories}   # a user limited to territories sees their rows only
 *   members: {plan: [ANALYST, MUNICIPAL_OFFICER, ADMINISTRATOR]}   # who may see a member; everyone when absent
 * </pre>
 * The engine enforces it on every path (JSON, exports, SQL, JDBC, dashboards, cache); see docs/ARCHITECTURE.md.
 *
 * @param rowFilter   the dimension bound to a user attribute, or null when the cube has none; a user limited to
 *                    territories cannot query a cube without one
 * @param memberRoles member name → roles (names of {@code ru.vitrina.engine.access.Role}) that may see it
 */
public record CubeSecurity(RowFilter rowFilter, Map<String, Set<String>> memberRoles) {
    public static final CubeSecurity NONE = new CubeSecurity(null, Map.of());

    /** The attributes of a user a row filter can bind to. */
    public static final Set<String> ATTRIBUTES = Set.of("territories");

    public CubeSecurity {
        memberRoles = Map.copyOf(memberRoles);
    }

    public Optional<RowFilter> rowFilterIfAny() {
        return Optional.ofNullable(rowFilter);
    }

    /** Roles that may see this member, or empty when every role that reaches the cube may. */
    public Optional<Set<String>> rolesOf(String member) {
        return Optional.ofNullable(memberRoles.get(member));
    }

    /** @param dimension the cube's dimension whose value must be one of the user's attribute values */
    public record RowFilter(String dimension, String attribute) {
        public RowFilter {
            requireNonNull(dimension, "dimension");
            requireNonNull(attribute, "attribute");
        }
    }
}
