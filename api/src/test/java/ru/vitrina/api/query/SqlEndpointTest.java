package ru.vitrina.api.query;

import ru.vitrina.engine.access.Role;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import ru.vitrina.api.server.TestServer;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** One measure through every door — the JSON API, SQL over HTTP and remote JDBC — gives one number. */
class SqlEndpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();

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

        try (Connection jdbc = DriverManager.getConnection(jdbcUrl()); Statement statement = jdbc.createStatement();
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
    void numbersJsonCannotHoldAreNullThereAndKeptInExports() {
        HttpResponse<String> ratio = sql("SELECT municipality, SUM(fact)/SUM(plan - plan) AS r FROM budget GROUP BY 1 ORDER BY 1 LIMIT 3", "");
        assertThat(ratio.statusCode()).as(ratio.body()).isEqualTo(200);
        JsonNode rows = server.parse(ratio.body()).get("data");
        assertThat(rows).hasSize(3);
        rows.forEach(row -> assertThat(row.get("r").isNull()).as(row.toString()).isTrue());

        HttpResponse<String> special = sql("SELECT 1/0.0 AS inf, SQRT(-1) AS nan, LN(0) AS neg, 2 AS two FROM budget LIMIT 1", "");
        assertThat(special.statusCode()).as(special.body()).isEqualTo(200);
        JsonNode row = server.parse(special.body()).get("data").get(0);
        assertThat(row.get("inf").isNull() && row.get("nan").isNull() && row.get("neg").isNull()).as(row.toString()).isTrue();
        assertThat(row.get("two").asInt()).isEqualTo(2);

        HttpResponse<String> csv = sql("SELECT 1/0.0 AS inf, LN(0) AS neg FROM budget LIMIT 1", "?format=csv");
        assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
        assertThat(csv.body()).contains("inf,neg").contains("Infinity,-Infinity");
    }

    @Test
    void aFailingStatementIsA400NamingDuckDbsReasonAndNoStartedBody() {
        for (String format : List.of("", "?format=csv", "?format=xlsx", "?format=parquet")) {
            HttpResponse<String> response = sql("SELECT CAST(municipality || 'x' AS INTEGER) AS n FROM budget LIMIT 5", format);
            assertThat(response.statusCode()).as(format + ": " + response.body()).isEqualTo(400);
            JsonNode error = server.parse(response.body());
            assertThat(error.fieldNames()).toIterable().containsExactly("error", "status");
            assertThat(error.get("error").asText()).as(format).contains("Ошибка выполнения запроса: Conversion Error",
                    "query failed: Conversion Error", "Could not convert string").doesNotContain("COPY", "LINE 1");
        }
    }

    @Test
    void inListsOfThousandsOfCodesWorkOverHttpAndJdbc() throws Exception {
        String codes = IntStream.range(0, 5_000).mapToObj(i -> "'" + (7_000_000_000L + i) + "'").collect(Collectors.joining(", "));
        String query = "SELECT COUNT(*) AS n FROM budget WHERE municipality IN (" + codes + ") OR municipality NOT IN (" + codes + ")";
        long all = server.parse(sql("SELECT COUNT(*) AS n FROM budget", "").body()).get("data").get(0).get("n").asLong();

        HttpResponse<String> response = sql(query, "");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(server.parse(response.body()).get("data").get(0).get("n").asLong()).isEqualTo(all).isPositive();

        try (Connection jdbc = DriverManager.getConnection(jdbcUrl()); Statement statement = jdbc.createStatement();
             ResultSet rows = statement.executeQuery(query)) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getLong(1)).isEqualTo(all);
        }
    }

    private HttpResponse<String> sql(String query, String format) {
        return server.as(Role.ANALYST).post("/api/v1/sql" + format, JSON.createObjectNode().put("sql", query).toString());
    }

    private String jdbcUrl() {
        return "jdbc:avatica:remote:url=" + server.uri("/avatica") + ";serialization=json;authentication=BASIC"
                + ";avatica_user=analyst;avatica_password=" + server.token(Role.ANALYST);
    }

    @Test
    void fileFunctionsAreUnreachable() {
        HttpResponse<String> response = server.as(Role.ANALYST).post("/api/v1/sql", "{\"sql\": \"SELECT * FROM read_csv('/etc/passwd')\"}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).doesNotContain("root:");
    }
}
