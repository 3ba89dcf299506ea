package ru.vitrina.api.opendata;

import com.fasterxml.jackson.databind.JsonNode;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ru.vitrina.api.server.TestServer;
import ru.vitrina.opendata.dataset.DataSet;
import ru.vitrina.opendata.publish.PublishedVersion;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every format of one version carries the same rows: CSV, JSON, XLSX and Parquet, compared cell by cell. */
class OpenDataFormatsTest {
    private final TestServer server = TestServer.shared();

    @Test
    void everyFormatOfAVersionHoldsTheSameRows(@TempDir Path folder) throws Exception {
        for (String code : List.of("Morbidity", "ProcurementContracts")) {
            DataSet set = server.application().openData().catalogue().find("7000000885-" + code).orElseThrow();
            PublishedVersion version = server.application().openData().versions(set.identifier()).get(0);
            String base = "/opendata/" + set.identifier() + "/" + version.baseName();

            List<List<String>> csv = csvRows(Http.text(ok(base + ".csv")));
            List<List<String>> expected = csv.subList(1, csv.size()).stream().map(r -> r.stream().map(OpenDataFormatsTest::canonical).toList()).toList();
            List<String> header = csv.get(0);
            assertThat(expected).as(code + " has rows").hasSize((int) version.rows());

            JsonNode json = server.parse(Http.text(ok(base + ".json")));
            List<List<String>> fromJson = new ArrayList<>();
            for (JsonNode record : json) {
                fromJson.add(header.stream().map(name -> CkanApiTest.canonical(record.path(name))).toList());
            }
            assertThat(fromJson).as(code + " JSON").containsExactlyElementsOf(expected);

            List<List<String>> fromXlsx = new ArrayList<>();
            try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(ok(base + ".xlsx").body()), new ReadingOptions(true, false))) {
                List<Row> rows = workbook.getFirstSheet().read();
                for (Row row : rows.subList(1, rows.size())) {
                    List<String> values = new ArrayList<>();
                    for (int c = 0; c < header.size(); c++) {
                        values.add(c < row.getCellCount() ? xlsx(row.getCell(c), version.fields().get(c).type().name()) : "");
                    }
                    fromXlsx.add(values);
                    for (int c = 0; c < header.size() && c < row.getCellCount(); c++) {
                        if (version.fields().get(c).type().name().equals("DATE") && row.getCell(c) != null
                                && row.getCell(c).getType() != CellType.EMPTY) {
                            assertThat(row.getCell(c).getDataFormatString()).as("a date, no time of day").isEqualTo("dd.mm.yyyy");
                        }
                    }
                }
            }
            assertThat(fromXlsx).as(code + " XLSX").containsExactlyElementsOf(expected);

            Path parquet = folder.resolve(code + ".parquet");
            Files.write(parquet, ok(base + ".parquet").body());
            List<List<String>> fromParquet = new ArrayList<>();
            try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duckdb.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT * FROM read_parquet('" + parquet + "')")) {
                while (rows.next()) {
                    List<String> values = new ArrayList<>();
                    for (int c = 1; c <= header.size(); c++) {
                        Object value = rows.getObject(c);
                        values.add(canonical(value == null ? "" : value.toString()));
                    }
                    fromParquet.add(values);
                }
            }
            assertThat(fromParquet).as(code + " Parquet").containsExactlyElementsOf(expected);
        }
    }

    private HttpResponse<byte[]> ok(String path) {
        HttpResponse<byte[]> response = Http.get(server, path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response;
    }

    private static String xlsx(Cell cell, String type) {
        if (cell == null || cell.getType() == CellType.EMPTY) {
            return "";
        }
        if (type.equals("DATE")) {
            return cell.asDate().toLocalDate().toString();
        }
        return canonical(cell.getType() == CellType.NUMBER ? cell.asNumber().toPlainString() : cell.getText());
    }

    /** One spelling per value: numbers without trailing zeros, dates without a time of day. */
    static String canonical(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        if (value.matches("\\d{4}-\\d{2}-\\d{2}([T ]00:00(:00)?)?")) {
            return value.substring(0, 10);
        }
        if (value.matches("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?")) {
            BigDecimal number = new BigDecimal(value).stripTrailingZeros();
            return number.scale() < 0 ? number.setScale(0).toPlainString() : number.toPlainString();
        }
        return value;
    }

    /** RFC 4180: quoted fields, doubled quotes, CRLF line ends. */
    static List<List<String>> csvRows(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\r') {
                continue;
            } else if (c == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        if (field.length() > 0 || !row.isEmpty()) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }
}
