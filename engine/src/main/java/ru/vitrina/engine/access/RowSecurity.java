package ru.vitrina.engine.access;

import ru.vitrina.cubes.model.Cube;
import ru.vitrina.cubes.model.CubeSecurity;
import ru.vitrina.cubes.model.Dimension;
import ru.vitrina.engine.query.CubeQuery;
import ru.vitrina.engine.query.Filter;
import ru.vitrina.engine.query.MemberRef;
import ru.vitrina.engine.query.Operator;
import ru.vitrina.engine.query.QueryException;
import ru.vitrina.engine.query.TimeDimensionQuery;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The cube model's {@link CubeSecurity} applied to one user's query: members the user may not see are refused, and a
 * user limited to territories gets the cube's row filter added to the query's WHERE, so every path that runs a
 * cube query (JSON, exports, dashboards, the cache key, SQL views) answers from their rows only. It fails closed: a
 * limited user cannot query a cube that declares no row filter.
 */
public final class RowSecurity {

    /** The query this user may run: the same query with their row filter, or a 403 naming what they may not see. */
    public CubeQuery apply(CubeQuery query, Principal principal) {
        Cube cube = query.cube();
        List<MemberRef> members = new ArrayList<>(query.measures());
        members.addAll(query.dimensions());
        query.timeDimensions().stream().map(TimeDimensionQuery::dimension).forEach(members::add);
        if (query.filter() != null) {
            collect(query.filter(), members);
        }
        for (MemberRef member : members) {
            if (!sees(member.cube(), member.name(), principal)) {
                throw forbidden(member.key());
            }
        }
        if (query.drillDown() != null) {
            for (String level : query.drillDown().levels()) {
                if (!sees(cube, level, principal)) {
                    throw forbidden(cube.name() + "." + level);
                }
            }
        }
        if (!limited(principal)) {
            return query;
        }
        Filter rows = rowFilter(cube, principal);
        Filter filter = query.filter() == null ? rows : new Filter.And(List.of(query.filter(), rows));
        return new CubeQuery(cube, query.measures(), query.dimensions(), query.timeDimensions(), filter, query.order(),
                query.limit(), query.offset(), query.total(), query.drillDown(), query.compare(), query.totals());
    }

    /** Whether this user may see a member of the cube (and find it in the metadata). */
    public boolean sees(Cube cube, String member, Principal principal) {
        return cube.security().rolesOf(member)
                .map(roles -> principal.roles().stream().anyMatch(role -> roles.contains(role.name())))
                .orElse(true);
    }

    /** True when the user is bound to territories: a municipal officer always is, even with none (then they see nothing). */
    public static boolean limited(Principal principal) {
        return principal.limitedToTerritories() || principal.has(Role.MUNICIPAL_OFFICER);
    }

    /** The dimension and the values the user's rows of this cube must have. */
    public RowLimit rowLimit(Cube cube, Principal principal) {
        CubeSecurity.RowFilter filter = cube.security().rowFilterIfAny().orElseThrow(() -> new QueryException(403,
                "Куб «" + cube.name() + "» не разделён по территориям, а ваши права ограничены территориями / cube '"
                        + cube.name() + "' declares no row filter, and your access is limited to territories"));
        Dimension dimension = cube.dimension(filter.dimension()).orElseThrow(() -> new IllegalStateException(
                "cube " + cube.name() + ": row filter on unknown dimension " + filter.dimension()));
        Set<String> values = switch (filter.attribute()) {
            case "territories" -> new TreeSet<>(principal.territories());
            default -> throw new IllegalStateException("unknown user attribute " + filter.attribute());
        };
        return new RowLimit(dimension, values);
    }

    private Filter rowFilter(Cube cube, Principal principal) {
        RowLimit limit = rowLimit(cube, principal);
        MemberRef member = new MemberRef(cube, null, limit.dimension());
        if (limit.values().isEmpty()) {
            // No territory: a condition no row meets (an empty IN list is not valid SQL).
            return new Filter.Condition(member, Operator.EQUALS, List.of("\u0000none"));
        }
        return new Filter.Condition(member, Operator.EQUALS, List.copyOf(limit.values()));
    }

    private static void collect(Filter filter, List<MemberRef> into) {
        if (filter instanceof Filter.Condition condition) {
            into.add(condition.member());
        } else if (filter instanceof Filter.And and) {
            and.parts().forEach(part -> collect(part, into));
        } else if (filter instanceof Filter.Or or) {
            or.parts().forEach(part -> collect(part, into));
        }
    }

    private static QueryException forbidden(String member) {
        return new QueryException(403, "Показатель «" + member + "» вам недоступен / member '" + member
                + "' is not available to your role");
    }

    /** @param values the dimension values the user's rows must have; empty means no row */
    public record RowLimit(Dimension dimension, Set<String> values) {
        public RowLimit {
            values = Set.copyOf(values);
        }
    }
}
