package ru.vitrina.api.query;

import ru.vitrina.engine.access.Role;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import ru.vitrina.api.server.TestServer;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** One measure through every door — the JSON API, SQL over HTTP and remote JDBC — gives one number. */
class SqlEndpointTest {
    private final TestServer server = TestServer.shared();

    @Test
    void sqlJdbcAndJsonApiAgree() throws Exception {
        JsonNode load = server.as(Role.ANALYST).load(server.parse("""
                {"measures": ["budget.fact"], "dimensions": ["budget.municipality_name"], "order": {"budget.municipality_name": "asc"}}"""));
        Map<String, BigDecimal> byApi = new HashMap<>();
        load.get("data").forEach(row -> byApi.put(row.get("budget.municipality_name").asText(), row.get("budget.fact").decimalValue()));

        HttpResponse<String> response = server.as(Role.ANALYST).post("/api/v1/sql",
                "{\"sql\": \"select municipality_name, sum(fact) as fact from budget group by 1 order by 1\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode sql = server.parse(response.body());
        assertThat(sql.get("data")).hasSize(byApi.size());
        sql.get("data").forEach(row -> assertThat(row.get("fact").decimalValue())
                .isEqualByComparingTo(byApi.get(row.get("municipality_name").asText())));
        assertThat(sql.get("dataVersion").get("version").asLong()).isPositive();

        String url = "jdbc:avatica:remote:url=" + server.uri("/avatica") + ";serialization=json;authentication=BASIC"
                + ";avatica_user=analyst;avatica_password=" + server.token(Role.ANALYST);
        try (Connection jdbc = DriverManager.getConnection(url); Statement statement = jdbc.createStatement();
             ResultSet rows = statement.executeQuery("SELECT municipality_name, SUM(fact) FROM budget GROUP BY municipality_name")) {
            int count = 0;
            while (rows.next()) {
                assertThat(rows.getBigDecimal(2)).isEqualByComparingTo(byApi.get(rows.getString(1)));
                count++;
            }
            assertThat(count).isEqualTo(byApi.size());
        }
    }

    @Test
    void anythingButAQueryIsRefused() {
        HttpResponse<String> response = server.as(Role.ANALYST).post("/api/v1/sql", "{\"sql\": \"DROP TABLE budget.execution\"}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(server.parse(response.body()).get("error").asText()).contains("only SELECT queries are allowed");
    }

    @Test
    void fileFunctionsAreUnreachable() {
        HttpResponse<String> response = server.as(Role.ANALYST).post("/api/v1/sql", "{\"sql\": \"SELECT * FROM read_csv('/etc/passwd')\"}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).doesNotContain("root:");
    }
}
