package ru.vitrina.engine.access;

import org.junit.jupiter.api.Test;
import ru.vitrina.cubes.load.CubeFiles;
import ru.vitrina.cubes.model.Cube;
import ru.vitrina.cubes.model.CubeModel;
import ru.vitrina.cubes.model.CubeSecurity;
import ru.vitrina.engine.query.CubeQuery;
import ru.vitrina.engine.query.DateRangeParser;
import ru.vitrina.engine.query.Filter;
import ru.vitrina.engine.query.QueryException;
import ru.vitrina.engine.query.QueryLimits;
import ru.vitrina.engine.query.QueryParser;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The cube model's security applied to parsed queries, on the shipped cubes. */
class RowSecurityTest {
    private final CubeModel model = new CubeFiles().builtIn();
    private final QueryParser parser = new QueryParser(model, new DateRangeParser(Clock.systemUTC()));
    private final RowSecurity security = new RowSecurity();
    private final Principal officer = new Principal("m", EnumSet.of(Role.MUNICIPAL_OFFICER), Set.of("69608000"), Set.of());

    private CubeQuery parse(String json) throws Exception {
        return parser.parse(new ObjectMapper().readTree(json), QueryLimits.DEFAULTS);
    }

    @Test
    void everyShippedCubeDeclaresARowFilterOnItsMunicipality() {
        for (Cube cube : model.cubes()) {
            assertThat(cube.security().rowFilterIfAny()).as(cube.name())
                    .hasValue(new CubeSecurity.RowFilter("municipality", "territories"));
        }
    }

    @Test
    void aLimitedUsersQueryGetsTheirTerritoriesAndedIntoItsFilter() throws Exception {
        CubeQuery asked = parse("{\"measures\": [\"budget.fact\"], \"filters\": [{\"member\": \"budget.section\", \"operator\": \"set\"}]}");
        CubeQuery secured = security.apply(asked, officer);
        assertThat(secured.filter()).isInstanceOf(Filter.And.class);
        Filter.Condition rows = (Filter.Condition) ((Filter.And) secured.filter()).parts().get(1);
        assertThat(rows.member().key()).isEqualTo("budget.municipality");
        assertThat(rows.values()).containsExactly("69608000");
        assertThat(security.apply(asked, Principal.system())).as("an unlimited user's query is unchanged").isSameAs(asked);
    }

    @Test
    void aMunicipalOfficerWithoutTerritoriesSeesNoRowsAndACubeWithoutAFilterIsClosedToLimitedUsers() throws Exception {
        Principal none = new Principal("n", EnumSet.of(Role.MUNICIPAL_OFFICER), Set.of(), Set.of());
        CubeQuery secured = security.apply(parse("{\"measures\": [\"budget.fact\"]}"), none);
        assertThat(((Filter.Condition) secured.filter()).values()).containsExactly("\u0000none");

        Cube budget = model.cube("budget").orElseThrow();
        Cube open = new Cube(budget.name(), budget.title(), budget.description(), budget.sqlTable(), budget.sql(), budget.joins(),
                budget.measures(), budget.dimensions(), budget.hierarchies(), budget.rollups(), CubeSecurity.NONE, budget.sourceFile());
        QueryException refused = catchThrowableOfType(QueryException.class, () -> security.rowLimit(open, officer));
        assertThat(refused.status()).isEqualTo(403);
    }

    @Test
    void membersHiddenFromARoleAreRefusedWhereverTheyAppear() throws Exception {
        Principal viewer = new Principal("v", EnumSet.of(Role.VIEWER), Set.of(), Set.of());
        for (String query : List.of("{\"measures\": [\"budget.limits\"]}",
                "{\"measures\": [\"budget.fact\"], \"filters\": [{\"member\": \"budget.limits\", \"operator\": \"gt\", \"values\": [\"0\"]}]}")) {
            QueryException refused = catchThrowableOfType(QueryException.class, () -> security.apply(parse(query), viewer));
            assertThat(refused.status()).as(query).isEqualTo(403);
        }
        Principal analyst = new Principal("a", EnumSet.of(Role.ANALYST), Set.of(), Set.of());
        assertThat(security.apply(parse("{\"measures\": [\"budget.limits\"]}"), analyst).measures()).hasSize(1);
    }
}
