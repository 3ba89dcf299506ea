package ru.vitrina.api.query;

import ru.vitrina.engine.access.Role;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.Test;
import ru.vitrina.api.server.TestServer;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** One query in every format over HTTP: each carries the same rows as the JSON answer. */
class ExportFormatsTest {
    private static final String QUERY = """
            {"measures": ["budget.fact", "budget.execution_pct"], "dimensions": ["budget.section", "budget.section_name"],
             "timeDimensions": [{"dimension": "budget.operation_date", "dateRange": ["2024-01-01", "2024-12-31"]}],
             "order": {"budget.section": "asc"}}""";

    private final TestServer server = TestServer.shared();

    @Test
    void csvCarriesTheJsonRows() {
        List<String> json = jsonRows();
        String csv = new String(export("csv", null).body(), StandardCharsets.UTF_8);
        assertThat(csv).startsWith("\uFEFFbudget.section,budget.section_name,budget.fact,budget.execution_pct");
        List<String> lines = csv.lines().skip(1).toList();
        assertThat(lines).hasSize(json.size());
        for (int i = 0; i < json.size(); i++) {
            assertThat(lines.get(i)).startsWith(json.get(i).split("\\|")[0] + ",");
        }
    }

    @Test
    void parquetAndCsvHoldTheSameNumbersAsJson() throws Exception {
        JsonNode answer = server.as(Role.ANALYST).load(server.parse(QUERY));
        Path file = Files.createTempFile("export", ".parquet");
        Files.write(file, export("parquet", null).body());
        try (Connection connection = server.store().connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT * FROM read_parquet('" + file + "')")) {
            int i = 0;
            while (rows.next()) {
                JsonNode row = answer.get("data").get(i++);
                assertThat(rows.getString("budget.section")).isEqualTo(row.get("budget.section").asText());
                assertThat(rows.getBigDecimal("budget.fact")).isEqualByComparingTo(new BigDecimal(row.get("budget.fact").asText()));
            }
            assertThat(i).isEqualTo(answer.get("data").size());
        }
    }

    @Test
    void xlsxHasTitlesAndTheSameRows() throws Exception {
        JsonNode answer = server.as(Role.ANALYST).load(server.parse(QUERY));
        HttpResponse<byte[]> response = export(null, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(response.headers().firstValue("Content-Disposition").orElse("")).contains(".xlsx");
        try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(response.body()))) {
            List<Row> rows = workbook.getFirstSheet().read();
            assertThat(rows.get(0).getCellText(0)).isEqualTo("Раздел");
            assertThat(rows).hasSize(answer.get("data").size() + 1);
            BigDecimal firstFact = rows.get(1).getCellAsNumber(2).orElseThrow();
            assertThat(firstFact).isEqualByComparingTo(new BigDecimal(answer.get("data").get(0).get("budget.fact").asText()));
        }
    }

    @Test
    void arrowStreamHasEveryRow() throws Exception {
        int expected = server.as(Role.ANALYST).load(server.parse(QUERY)).get("data").size();
        HttpResponse<byte[]> response = export(null, "application/vnd.apache.arrow.stream");
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/vnd.apache.arrow.stream");
        int rows = 0;
        try (RootAllocator allocator = new RootAllocator();
             ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(response.body()), allocator)) {
            while (reader.loadNextBatch()) {
                rows += reader.getVectorSchemaRoot().getRowCount();
            }
        }
        assertThat(rows).isEqualTo(expected);
    }

    @Test
    void everyExportNamesItsDataVersion() {
        assertThat(export("csv-ru", null).headers().firstValue("X-Vitrina-Data-Version")).hasValueSatisfying(v -> assertThat(v).matches("\\d+"));
    }

    private List<String> jsonRows() {
        JsonNode answer = server.as(Role.ANALYST).load(server.parse(QUERY));
        List<String> rows = new ArrayList<>();
        answer.get("data").forEach(row -> rows.add(row.get("budget.section").asText() + "|" + row.get("budget.fact").asText()));
        return rows;
    }

    private HttpResponse<byte[]> export(String format, String accept) {
        String path = "/api/v1/load?query=" + URLEncoder.encode(QUERY, StandardCharsets.UTF_8) + (format == null ? "" : "&format=" + format);
        HttpResponse<byte[]> response = server.as(Role.ANALYST).getBytes(path, accept);
        assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return response;
    }
}
