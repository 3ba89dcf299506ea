package ru.vitrina.api.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import ru.vitrina.api.server.TestServer;
import ru.vitrina.engine.access.Role;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Avatica numbers statements from 0 across every connection of the server, so a statement id is easy to guess. Two
 * real users on the real server: an analyst runs a query of Томск, and a municipal officer of Асиновский район, who
 * may see his own rows only, names the analyst's statement through his own connection (or the analyst's connection
 * inside a statement handle). He gets what a statement that does not exist gets, and the analyst's statement lives on.
 */
class AvaticaStatementOwnershipTest {
    private static final String TOMSK = "69701000";
    private static final String OWN = "69608000";
    private static final int NO_SUCH_STATEMENT = Integer.MAX_VALUE;

    private final TestServer server = TestServer.shared();

    @Test
    void aStatementIsReachableOnlyThroughTheConnectionThatCreatedIt() {
        String analyst = open(Role.ANALYST);
        int statement = createStatement(Role.ANALYST, analyst);
        JsonNode first = ok(Role.ANALYST, "{\"request\": \"prepareAndExecute\", \"connectionId\": \"" + analyst + "\", \"statementId\": "
                + statement + ", \"sql\": \"select municipality, fact from budget where municipality = '" + TOMSK + "'\","
                + " \"maxRowCount\": -1, \"maxRowsInFirstFrame\": 1}");
        assertThat(first.at("/results/0/firstFrame/done").asBoolean()).as("the analyst has rows left to fetch").isFalse();

        String officer = open(Role.MUNICIPAL_OFFICER);
        for (String request : new String[]{
                "{\"request\": \"fetch\", \"connectionId\": \"%s\", \"statementId\": %d, \"offset\": 1, \"fetchMaxRowCount\": 5}",
                "{\"request\": \"syncResults\", \"connectionId\": \"%s\", \"statementId\": %d, \"state\": {\"type\": \"SQL\","
                        + " \"sql\": \"select municipality, fact from budget\"}, \"offset\": 0}",
                "{\"request\": \"prepareAndExecute\", \"connectionId\": \"%s\", \"statementId\": %d, \"sql\": \"select municipality from budget\","
                        + " \"maxRowCount\": -1, \"maxRowsInFirstFrame\": 5}",
                "{\"request\": \"execute\", \"statementHandle\": {\"connectionId\": \"%s\", \"id\": %d}, \"parameterValues\": [],"
                        + " \"maxRowCount\": 5}",
                "{\"request\": \"closeStatement\", \"connectionId\": \"%s\", \"statementId\": %d}"}) {
            HttpResponse<String> theirs = post(Role.MUNICIPAL_OFFICER, request.formatted(officer, statement));
            HttpResponse<String> missing = post(Role.MUNICIPAL_OFFICER, request.formatted(officer, NO_SUCH_STATEMENT));
            assertThat(theirs.statusCode()).as(request + ": " + theirs.body()).isEqualTo(missing.statusCode());
            assertThat(theirs.body()).as(request).isEqualTo(missing.body()).doesNotContain(TOMSK);
        }

        JsonNode rest = ok(Role.ANALYST, "{\"request\": \"fetch\", \"connectionId\": \"" + analyst + "\", \"statementId\": " + statement
                + ", \"offset\": 1, \"fetchMaxRowCount\": 5}");
        assertThat(rest.at("/frame/rows").toString()).as("the officer closed nothing of the analyst's").contains(TOMSK);
    }

    @Test
    void anExecuteNamingAnotherUsersConnectionInItsStatementHandleIsRefused() {
        String analyst = open(Role.ANALYST);
        JsonNode prepared = ok(Role.ANALYST, "{\"request\": \"prepare\", \"connectionId\": \"" + analyst + "\","
                + " \"sql\": \"select municipality, sum(fact) from budget where municipality = ? group by 1\", \"maxRowCount\": -1}");
        // The handle as the client sends it back: the analyst's connection id, the statement id and the signature.
        String execute = "{\"request\": \"execute\", \"statementHandle\": " + prepared.get("statement")
                + ", \"parameterValues\": [{\"type\": \"STRING\", \"value\": \"" + TOMSK + "\"}], \"maxRowCount\": 5}";

        HttpResponse<String> stolen = post(Role.MUNICIPAL_OFFICER, execute);
        assertThat(stolen.statusCode()).as(stolen.body()).isEqualTo(500);
        assertThat(server.parse(stolen.body()).get("errorMessage").asText()).contains("another user's");
        assertThat(stolen.body()).doesNotContain(TOMSK);
        assertThat(ok(Role.ANALYST, execute).toString()).as("the analyst's own execute runs").contains(TOMSK);
    }

    @Test
    void syncResultsRunsTheClientsSqlThroughTheSandboxWithTheOwnersRights() {
        String officer = open(Role.MUNICIPAL_OFFICER);
        int statement = createStatement(Role.MUNICIPAL_OFFICER, officer);
        HttpResponse<String> raw = post(Role.MUNICIPAL_OFFICER, syncResults(officer, statement,
                "select distinct municipality_oktmo from budget.execution"));
        assertThat(raw.statusCode()).as(raw.body()).isEqualTo(500);
        assertThat(server.parse(raw.body()).get("errorMessage").asText()).contains("не найдена");
        assertThat(fetch(officer, statement)).doesNotContain(TOMSK);

        ok(Role.MUNICIPAL_OFFICER, syncResults(officer, statement, "select distinct municipality from budget"));
        String rows = fetch(officer, statement);
        assertThat(rows).contains(OWN).doesNotContain(TOMSK);
    }

    private String syncResults(String connection, int statement, String sql) {
        return "{\"request\": \"syncResults\", \"connectionId\": \"" + connection + "\", \"statementId\": " + statement
                + ", \"state\": {\"type\": \"SQL\", \"sql\": \"" + sql + "\"}, \"offset\": 0}";
    }

    private String fetch(String connection, int statement) {
        return post(Role.MUNICIPAL_OFFICER, "{\"request\": \"fetch\", \"connectionId\": \"" + connection + "\", \"statementId\": " + statement
                + ", \"offset\": 0, \"fetchMaxRowCount\": 100}").body();
    }

    private String open(Role role) {
        String id = role.name().toLowerCase() + "-" + System.nanoTime();
        ok(role, "{\"request\": \"openConnection\", \"connectionId\": \"" + id + "\", \"info\": {}}");
        return id;
    }

    private int createStatement(Role role, String connection) {
        return ok(role, "{\"request\": \"createStatement\", \"connectionId\": \"" + connection + "\"}").get("statementId").asInt();
    }

    private JsonNode ok(Role role, String request) {
        HttpResponse<String> response = post(role, request);
        assertThat(response.statusCode()).as(request + ": " + response.body()).isEqualTo(200);
        return server.parse(response.body());
    }

    private HttpResponse<String> post(Role role, String request) {
        return server.as(role).post("/avatica", request);
    }
}
