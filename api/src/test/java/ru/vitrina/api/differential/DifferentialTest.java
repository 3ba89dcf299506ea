package ru.vitrina.api.differential;

import ru.vitrina.engine.access.Role;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import ru.vitrina.api.server.TestServer;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cube queries through the HTTP API against the same question written by hand in SQL on DuckDB's base tables.
 * The cases are data: differential/*.yaml.
 */
class DifferentialTest {
    private static final DateTimeFormatter CUBE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");
    private static final List<String> FILES = List.of("budget.yaml", "other-cubes.yaml");

    private final TestServer withRollups = TestServer.shared();
    private final TestServer withoutRollups = TestServer.withoutRollups();
    private final LongAdder answeredFromRollups = new LongAdder();

    @TestFactory
    Stream<DynamicTest> apiAnswersEqualHandWrittenSql() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String file : FILES) {
            JsonNode cases;
            try (InputStream in = getClass().getResourceAsStream(file)) {
                cases = new ObjectMapper(new YAMLFactory()).readTree(in);
            }
            StreamSupport.stream(cases.spliterator(), false).forEach(item -> {
                tests.add(DynamicTest.dynamicTest(file + ": " + item.get("name").asText(), () -> check(withRollups, item)));
                tests.add(DynamicTest.dynamicTest(file + ": " + item.get("name").asText() + " (no rollups)", () -> check(withoutRollups, item)));
            });
        }
        tests.add(DynamicTest.dynamicTest("some cases were answered from rollups, so both paths were compared",
                () -> assertThat(answeredFromRollups.sum()).isGreaterThanOrEqualTo(5)));
        return tests.stream();
    }

    private void check(TestServer server, JsonNode item) throws SQLException {
        JsonNode answer = server.as(Role.ANALYST).load(item.get("query"));
        if (!answer.path("rollup").isNull() && !answer.path("rollup").isMissingNode()) {
            assertThat(server).as("only the rollup server reads rollups").isSameAs(withRollups);
            answeredFromRollups.increment();
        }
        List<Map<String, Object>> expected = sql(item.get("sql").asText());
        assertThat(expected).as("the hand-written SQL must return rows, or the case proves nothing").isNotEmpty();
        assertRowsEqual(answer.get("data"), expected);
        if (item.has("total_sql")) {
            Object total = sql(item.get("total_sql").asText()).get(0).values().iterator().next();
            assertThat(answer.get("total").asLong()).isEqualTo(((Number) total).longValue());
        }
        if (item.has("totals_sql")) {
            assertRowsEqual(answer.get("totals"), sql(item.get("totals_sql").asText()));
        }
        if (item.has("drill_path")) {
            List<String> labels = new ArrayList<>();
            answer.get("drillDown").get("path").forEach(step -> labels.add(step.get("label").asText()));
            List<String> expectedLabels = new ArrayList<>();
            item.get("drill_path").forEach(label -> expectedLabels.add(label.asText()));
            assertThat(labels).isEqualTo(expectedLabels);
        }
    }

    private static void assertRowsEqual(JsonNode actual, List<Map<String, Object>> expected) {
        assertThat(actual.size()).as("row count").isEqualTo(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            JsonNode row = actual.get(i);
            for (Map.Entry<String, Object> cell : expected.get(i).entrySet()) {
                assertThat(row.has(cell.getKey())).as("row %d has %s: %s", i, cell.getKey(), row).isTrue();
                assertCell(row.get(cell.getKey()), cell.getValue(), "row " + i + " " + cell.getKey() + " of " + row + " against " + expected.get(i));
            }
        }
    }

    private static void assertCell(JsonNode actual, Object expected, String where) {
        if (expected == null) {
            assertThat(actual.isNull()).as(where + " is null, got " + actual).isTrue();
        } else if (expected instanceof Number number) {
            assertThat(actual.isNumber() || actual.isTextual()).as(where + " is a number: " + actual).isTrue();
            BigDecimal want = new BigDecimal(number.toString());
            BigDecimal got = new BigDecimal(actual.asText());
            BigDecimal tolerance = want.abs().multiply(new BigDecimal("1e-9"), MathContext.DECIMAL64).max(new BigDecimal("1e-9"));
            assertThat(got.subtract(want).abs()).as(where + ": expected " + want + ", got " + got).isLessThanOrEqualTo(tolerance);
        } else if (expected instanceof Boolean bool) {
            assertThat(actual.asBoolean()).as(where).isEqualTo(bool);
        } else {
            assertThat(actual.asText()).as(where).isEqualTo(expected.toString());
        }
    }

    private List<Map<String, Object>> sql(String sql) throws SQLException {
        try (Connection connection = withRollups.store().connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            ResultSetMetaData meta = rows.getMetaData();
            List<Map<String, Object>> result = new ArrayList<>();
            while (rows.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnLabel(i), plain(rows.getObject(i)));
                }
                result.add(row);
            }
            return result;
        }
    }

    private static Object plain(Object value) {
        if (value instanceof java.sql.Timestamp timestamp) {
            return CUBE_TIME.format(timestamp.toLocalDateTime());
        }
        if (value instanceof LocalDateTime time) {
            return CUBE_TIME.format(time);
        }
        if (value instanceof java.sql.Date date) {
            return CUBE_TIME.format(date.toLocalDate().atStartOfDay());
        }
        if (value instanceof LocalDate date) {
            return CUBE_TIME.format(date.atStartOfDay());
        }
        return value;
    }
}
