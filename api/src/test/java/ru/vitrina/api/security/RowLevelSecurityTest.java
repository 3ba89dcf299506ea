package ru.vitrina.api.security;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import ru.vitrina.api.server.TestServer;
import ru.vitrina.engine.access.Role;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A municipal officer of Асиновский район (OKTMO 69608000) reads through every path and gets their own rows only;
 * the numbers are checked against hand-written SQL on the store, and no other municipality's code appears anywhere.
 */
class RowLevelSecurityTest {
    private static final String OWN = "69608000";
    private static final String OTHER = "69604000";
    private final TestServer server = TestServer.shared();

    private BigDecimal storeSum(String where) throws SQLException {
        try (Connection connection = server.store().connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT sum(fact_amount) FROM budget.execution" + where)) {
            rows.next();
            return rows.getBigDecimal(1);
        }
    }

    private static final String BY_MUNICIPALITY = "{\"query\": {\"measures\": [\"budget.fact\"], \"dimensions\": [\"budget.municipality\"]}}";

    @Test
    void theJsonApiAnswersFromTheOfficersRowsOnly() throws SQLException {
        JsonNode answer = server.as(Role.MUNICIPAL_OFFICER).load(server.parse(BY_MUNICIPALITY));
        assertThat(answer.get("data")).hasSize(1);
        assertThat(answer.get("data").get(0).get("budget.municipality").asText()).isEqualTo(OWN);
        assertThat(answer.get("data").get(0).get("budget.fact").decimalValue())
                .isEqualByComparingTo(storeSum(" WHERE municipality_oktmo = '" + OWN + "'"));

        JsonNode all = server.as(Role.ANALYST).load(server.parse(BY_MUNICIPALITY));
        assertThat(all.get("data").size()).as("the analyst sees every municipality").isGreaterThan(10);
    }

    @Test
    void asking_forAnotherMunicipalityByFilterOrDrillDownGivesNothing() {
        String filtered = "{\"query\": {\"measures\": [\"budget.fact\"], \"filters\": [{\"member\": \"budget.municipality\","
                + " \"operator\": \"equals\", \"values\": [\"" + OTHER + "\"]}]}}";
        JsonNode answer = server.as(Role.MUNICIPAL_OFFICER).load(server.parse(filtered));
        assertThat(answer.get("data").get(0).get("budget.fact").isNull()).as(answer.toString()).isTrue();

        String or = "{\"query\": {\"measures\": [\"budget.fact\"], \"dimensions\": [\"budget.municipality\"], \"filters\": [{\"or\": ["
                + "{\"member\": \"budget.municipality\", \"operator\": \"equals\", \"values\": [\"" + OTHER + "\"]},"
                + "{\"member\": \"budget.municipality\", \"operator\": \"notEquals\", \"values\": [\"" + OWN + "\"]}]}]}}";
        assertThat(server.as(Role.MUNICIPAL_OFFICER).load(server.parse(or)).get("data")).as("an OR cannot widen the rows").isEmpty();

        String drill = "{\"query\": {\"measures\": [\"budget.fact\"], \"drillDown\": {\"hierarchy\": \"budget.territory\", \"path\": [\"69000000\"]}}}";
        JsonNode drilled = server.as(Role.MUNICIPAL_OFFICER).load(server.parse(drill));
        assertThat(drilled.toString()).doesNotContain(OTHER);
    }

    @Test
    void theCacheNeverServesOneUsersAnswerToAnother() {
        String query = "{\"query\": {\"measures\": [\"budget.plan\"], \"dimensions\": [\"budget.municipality\"], \"limit\": 500}}";
        HttpResponse<String> first = server.as(Role.ANALYST).post("/api/v1/load", query);
        HttpResponse<String> again = server.as(Role.ANALYST).post("/api/v1/load", query);
        assertThat(again.headers().firstValue("X-Vitrina-Cache")).hasValue("hit");
        HttpResponse<String> officer = server.as(Role.MUNICIPAL_OFFICER).post("/api/v1/load", query);
        assertThat(officer.headers().firstValue("X-Vitrina-Cache")).hasValue("miss");
        assertThat(server.parse(officer.body()).get("data")).hasSize(1);
        assertThat(officer.body()).doesNotContain(OTHER);
        assertThat(first.body()).contains(OTHER);
    }

    @Test
    void exportsCarryTheOfficersRowsOnly() {
        String query = URLEncoder.encode("{\"measures\": [\"budget.fact\"], \"dimensions\": [\"budget.municipality\", \"budget.section\"]}", StandardCharsets.UTF_8);
        HttpResponse<byte[]> csv = server.as(Role.MUNICIPAL_OFFICER).getBytes("/api/v1/load?format=csv&query=" + query, null);
        assertThat(csv.statusCode()).isEqualTo(200);
        String text = new String(csv.body(), StandardCharsets.UTF_8);
        List<String> lines = text.lines().skip(1).toList();
        assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(line).startsWith(OWN));
        assertThat(server.as(Role.VIEWER).getBytes("/api/v1/load?format=csv&query=" + query, null).statusCode())
                .as("viewers see dashboards, they do not export").isEqualTo(403);
    }

    @Test
    void sqlFiltersEveryScanOfEveryCubeTable() throws SQLException {
        BigDecimal own = storeSum(" WHERE municipality_oktmo = '" + OWN + "'");
        for (String sql : List.of(
                "select municipality, sum(fact) as f from budget group by municipality",
                "select municipality, sum(fact) as f from budget where municipality = '" + OTHER + "' or 1 = 1 group by municipality",
                "select x.municipality, sum(x.fact) as f from (select * from budget) x group by x.municipality",
                "select municipality, sum(fact) as f from budget where municipality in (select municipality from procurement) group by municipality",
                "select municipality, sum(fact) as f from (select municipality, fact from budget union all select municipality, 0 from labour) u group by municipality")) {
            HttpResponse<String> response = server.as(Role.MUNICIPAL_OFFICER).post("/api/v1/sql", "{\"sql\": \"" + sql + "\"}");
            assertThat(response.statusCode()).as(sql + ": " + response.body()).isEqualTo(200);
            assertThat(response.body()).as(sql).doesNotContain(OTHER);
            JsonNode data = server.parse(response.body()).get("data");
            assertThat(data).as(sql).hasSize(1);
            assertThat(data.get(0).get("f").decimalValue()).as(sql).isEqualByComparingTo(own);
        }
    }

    @Test
    void jdbcRunsWithTheRightsOfWhoeverOpenedTheConnection() throws SQLException {
        Set<String> seen = new HashSet<>();
        try (Connection jdbc = DriverManager.getConnection(jdbcUrl("municipal", server.token(Role.MUNICIPAL_OFFICER)));
             Statement statement = jdbc.createStatement();
             ResultSet rows = statement.executeQuery("SELECT municipality, SUM(fact) FROM budget GROUP BY municipality")) {
            while (rows.next()) {
                seen.add(rows.getString(1));
                assertThat(rows.getBigDecimal(2)).isEqualByComparingTo(storeSum(" WHERE municipality_oktmo = '" + OWN + "'"));
            }
        }
        assertThat(seen).containsExactly(OWN);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> DriverManager.getConnection(jdbcUrl("municipal", "wrong"))))
                .isInstanceOf(Exception.class).hasMessageContaining("401");
    }

    @Test
    void indicatorRatingsAndSeriesShowAMunicipalOfficerTheirOwnFormationOnly() {
        JsonNode everyone = server.parse(server.as(Role.ANALYST).get("/api/v1/indicators/TO-BUD-1/ratings").body());
        assertThat(everyone.get("places").size()).isGreaterThan(1);
        assertThat(everyone.get("regionValue").isNull()).isFalse();
        JsonNode own = null;
        for (JsonNode place : everyone.get("places")) {
            if (place.get("territory").asText().equals(OWN)) {
                own = place;
            }
        }
        assertThat(own).isNotNull();

        HttpResponse<String> response = server.as(Role.MUNICIPAL_OFFICER).get("/api/v1/indicators/TO-BUD-1/ratings?period="
                + everyone.get("period").asText());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).doesNotContain(OTHER);
        JsonNode theirs = server.parse(response.body());
        assertThat(theirs.get("places")).hasSize(1);
        assertThat(theirs.get("places").get(0).get("territory").asText()).isEqualTo(OWN);
        assertThat(theirs.get("places").get(0).get("value")).isEqualTo(own.get("value"));
        assertThat(theirs.get("regionValue").isNull()).isTrue();

        HttpResponse<String> other = server.as(Role.MUNICIPAL_OFFICER).get("/api/v1/indicators/TO-BUD-1/series?territory=" + OTHER);
        assertThat(other.statusCode()).as(other.body()).isEqualTo(403);
        assertThat(other.body()).contains("is not yours");
    }

    @Test
    void anotherUsersJdbcConnectionCannotBeUsed() {
        String id = "conn-" + System.nanoTime();
        HttpResponse<String> opened = server.as(Role.ANALYST).post("/avatica",
                "{\"request\": \"openConnection\", \"connectionId\": \"" + id + "\", \"info\": {}}");
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(200);
        HttpResponse<String> stolen = server.as(Role.MUNICIPAL_OFFICER).post("/avatica",
                "{\"request\": \"createStatement\", \"connectionId\": \"" + id + "\"}");
        assertThat(stolen.statusCode()).as("the driver reads an error only from a 500").isEqualTo(500);
        assertThat(server.parse(stolen.body()).get("errorMessage").asText()).contains("another user's");
        HttpResponse<String> reopened = server.as(Role.MUNICIPAL_OFFICER).post("/avatica",
                "{\"request\": \"openConnection\", \"connectionId\": \"" + id + "\", \"info\": {}}");
        assertThat(server.parse(reopened.body()).get("errorCode").asInt()).as("an open id cannot be taken over by opening it again")
                .isEqualTo(409);
    }

    @Test
    void membersHiddenFromARoleAreAbsentFromItsMetadataAndRefusedInItsQueries() {
        JsonNode viewerMeta = server.parse(server.as(Role.VIEWER).get("/api/v1/meta").body());
        JsonNode analystMeta = server.parse(server.as(Role.ANALYST).get("/api/v1/meta").body());
        assertThat(measureNames(viewerMeta)).contains("budget.fact").doesNotContain("budget.limits");
        assertThat(measureNames(analystMeta)).contains("budget.fact", "budget.limits");

        HttpResponse<String> refused = server.as(Role.VIEWER).post("/api/v1/load", "{\"query\": {\"measures\": [\"budget.limits\"]}}");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("budget.limits");
        HttpResponse<String> asFilter = server.as(Role.VIEWER).post("/api/v1/load", "{\"query\": {\"measures\": [\"budget.fact\"],"
                + " \"filters\": [{\"member\": \"budget.limits\", \"operator\": \"gt\", \"values\": [\"0\"]}]}}");
        assertThat(asFilter.statusCode()).as("a hidden member cannot be probed through a filter either").isEqualTo(403);
    }

    private static List<String> measureNames(JsonNode meta) {
        List<String> names = new ArrayList<>();
        meta.get("cubes").forEach(cube -> cube.get("measures").forEach(m -> names.add(m.get("name").asText())));
        return names;
    }

    private String jdbcUrl(String user, String password) {
        return "jdbc:avatica:remote:url=" + server.uri("/avatica") + ";serialization=json;authentication=BASIC"
                + ";avatica_user=" + user + ";avatica_password=" + password;
    }
}
