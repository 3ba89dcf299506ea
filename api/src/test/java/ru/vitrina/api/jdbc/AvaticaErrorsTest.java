package ru.vitrina.api.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.calcite.avatica.AvaticaSqlException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import ru.vitrina.api.server.TestServer;
import ru.vitrina.engine.access.Role;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * What /avatica answers when a request or its statement fails, on the real server: Avatica's error response, which the
 * real JDBC driver still turns into an SQLException of the server's message, but with that message alone — Russian
 * and English where the message is ours, and no stack trace or Java class anywhere.
 */
class AvaticaErrorsTest {
    private final TestServer server = TestServer.shared();

    @ParameterizedTest
    @ValueSource(strings = {"", "{}", "[]", "not json", "{\"request\": \"fetch\"}", "{\"request\": \"execute\", \"statementHandle\": {}}",
            "{\"request\": \"closeConnection\", \"connectionId\": \"a\", \"connectionId\": \"b\"}"})
    void aMalformedRequestIsRefusedWith400InAvaticasErrorShape(String body) {
        JsonNode error = error(post(body), 400);
        assertThat(error.get("errorMessage").asText()).matches("(?s)[^a-zA-Z]*\\p{IsCyrillic}.* / [a-z].*");
    }

    @Test
    void aFieldOfTheWrongTypeIsRefusedWith400() {
        String connection = open();
        JsonNode error = error(post("{\"request\": \"fetch\", \"connectionId\": \"" + connection + "\", \"statementId\": \"first\"}"), 400);
        assertThat(error.get("errorMessage").asText()).contains("не того типа").contains("of the wrong type");
    }

    @Test
    void aRefusedStatementCarriesTheMessageAlone() {
        String connection = open();
        int statement = server.parse(post("{\"request\": \"createStatement\", \"connectionId\": \"" + connection + "\"}").body())
                .get("statementId").asInt();
        JsonNode error = error(post("{\"request\": \"prepareAndExecute\", \"connectionId\": \"" + connection + "\", \"statementId\": "
                + statement + ", \"sql\": \"SELEC 1\", \"maxRowCount\": -1, \"maxRowsInFirstFrame\": 5}"), 500);
        assertThat(error.get("errorMessage").asText()).contains(" / ");
    }

    @Test
    void theDriverRaisesTheServersMessageWithoutItsStackTrace() throws SQLException {
        String url = "jdbc:avatica:remote:url=" + server.uri("/avatica") + ";serialization=json;authentication=BASIC"
                + ";avatica_user=analyst;avatica_password=" + server.token(Role.ANALYST);
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            AvaticaSqlException refused = catchThrowableOfType(AvaticaSqlException.class, () -> statement.executeQuery("SELEC 1"));
            assertThat(refused.getMessage()).contains(refused.getErrorMessage()).contains(" / ");
            assertThat(refused.getStackTraces()).isEmpty();

            // DuckDB's own error on a statement Calcite let through: its words, without the classes that carried them.
            AvaticaSqlException failed = catchThrowableOfType(AvaticaSqlException.class,
                    () -> statement.executeQuery("select cast(municipality_name as integer) from budget"));
            assertThat(failed.getErrorMessage()).contains("Error").doesNotContain("Exception").doesNotContain("java.");
            assertThat(failed.getStackTraces()).isEmpty();
        }
    }

    /**
     * DuckDB holds one open result per connection: a second statement of a JDBC connection while the first one's rows
     * are still being fetched is refused ("Resource In Use Error"). The driver raises it in Russian and English, with a
     * code and SQLSTATE saying what to do (invalid cursor state: read or close the open result) rather than 0 and none.
     */
    @Test
    void aSecondStatementWhileTheFirstResultIsOpenIsRefusedInRussianAndEnglish() throws SQLException {
        String url = "jdbc:avatica:remote:url=" + server.uri("/avatica") + ";serialization=json;authentication=BASIC"
                + ";avatica_user=analyst;avatica_password=" + server.token(Role.ANALYST);
        try (Connection connection = DriverManager.getConnection(url); Statement second = connection.createStatement()) {
            Statement first = connection.createStatement();
            first.setFetchSize(10);
            ResultSet open = first.executeQuery("select document_id from budget");
            assertThat(open.next()).isTrue();
            AvaticaSqlException busy = catchThrowableOfType(AvaticaSqlException.class,
                    () -> second.executeQuery("select count(*) from budget"));
            assertThat((Throwable) busy).as("DuckDB refuses a second open result on one connection").isNotNull();
            // The driver puts its own English words and the statement before the server's message.
            assertThat(busy.getErrorMessage()).contains("Соединение занято: у него открыт результат другого запроса")
                    .contains(" / the connection is busy: it has an open result of another query")
                    .doesNotContain("Resource In Use Error");
            assertThat(busy.getSQLState()).isEqualTo("24000");
            assertThat(busy.getErrorCode()).isEqualTo(409);
            assertThat(busy.getStackTraces()).isEmpty();

            first.close();
            try (Statement next = connection.createStatement(); ResultSet after = next.executeQuery("select count(*) from budget")) {
                assertThat(after.next()).as("once the first statement is closed, as the message says, the connection takes the next").isTrue();
            }
        }
    }

    @Test
    void anIdInUseIsRefusedInRussianAndEnglish() {
        String connection = open();
        JsonNode error = error(post("{\"request\": \"openConnection\", \"connectionId\": \"" + connection + "\", \"info\": {}}"), 500);
        assertThat(error.get("errorMessage").asText()).isEqualTo("Идентификатор соединения уже занят / connection id already in use");
        assertThat(error.get("errorCode").asInt()).isEqualTo(409);
    }

    @Test
    void anotherUsersConnectionIsAnsweredAsOneThatDoesNotExist() {
        String connection = open();
        String never = "never-opened-" + System.nanoTime();
        HttpResponse<String> theirs = server.as(Role.MUNICIPAL_OFFICER).post("/avatica", createStatement(connection));
        HttpResponse<String> missing = server.as(Role.MUNICIPAL_OFFICER).post("/avatica", createStatement(never));
        JsonNode error = error(theirs, 500);
        assertThat(theirs.body()).isEqualTo(missing.body());
        assertThat(error.get("errorMessage").asText()).matches("\\p{IsCyrillic}.* / [a-z].*").contains("another user's");
        assertThat(error.get("errorCode").asInt()).as("Avatica's code for a missing connection").isEqualTo(1);

        HttpResponse<String> closed = server.as(Role.MUNICIPAL_OFFICER).post("/avatica",
                "{\"request\": \"closeConnection\", \"connectionId\": \"" + connection + "\"}");
        assertThat(closed.statusCode()).as("answered as a close of an unknown connection").isEqualTo(200);
        assertThat(post(createStatement(connection)).statusCode()).as("and closed nothing").isEqualTo(200);
    }

    @Test
    void aFailedOpenLeavesItsIdFree() {
        String id = "failed-" + System.nanoTime();
        error(post("{\"request\": \"openConnection\", \"connectionId\": \"" + id + "\", \"info\": \"not a map\"}"), 400);
        HttpResponse<String> opened = post("{\"request\": \"openConnection\", \"connectionId\": \"" + id + "\", \"info\": {}}");
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(200);
    }

    private static String createStatement(String connection) {
        return "{\"request\": \"createStatement\", \"connectionId\": \"" + connection + "\"}";
    }

    private JsonNode error(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).doesNotContain("\\tat ").doesNotContain("Exception").doesNotContain("ru.vitrina")
                .doesNotContain("com.fasterxml").doesNotContain("org.apache");
        JsonNode error = server.parse(response.body());
        assertThat(error.get("response").asText()).isEqualTo("error");
        assertThat(error.get("exceptions")).isEmpty();
        return error;
    }

    private String open() {
        String id = "errors-" + System.nanoTime();
        HttpResponse<String> opened = post("{\"request\": \"openConnection\", \"connectionId\": \"" + id + "\", \"info\": {}}");
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(200);
        return id;
    }

    private HttpResponse<String> post(String body) {
        return server.as(Role.ANALYST).post("/avatica", body);
    }
}
