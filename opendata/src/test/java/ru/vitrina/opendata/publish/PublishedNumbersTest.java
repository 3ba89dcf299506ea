package ru.vitrina.opendata.publish;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every number of every published set against SQL written by hand over the demo store's tables (not through the
 * cube files): the sets show the measures as defined, and in the sets about persons every count of 1 to 4 is
 * hidden, with its rate, while every shown count is the true one.
 */
class PublishedNumbersTest {
    @TempDir
    static Path folder;
    static DemoPublications demo;

    @BeforeAll
    static void publishOnce() {
        demo = DemoPublications.open(folder.resolve("vitrina.duckdb"), new PublicationsTest.MovableClock(Instant.parse("2026-11-20T03:00:00Z")));
    }

    @AfterAll
    static void close() {
        demo.close();
    }

    /** The key columns come first in each statement, then the measures in the set's order. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "BudgetExecution | 3 | -1 | SELECT e.municipality_oktmo, t.name_ru, CAST(date_trunc('month', e.operation_date) AS DATE), sum(e.plan_amount),"
                    + " sum(e.fact_amount), round(100.0 * sum(e.fact_amount) / NULLIF(sum(e.plan_amount), 0), 2)"
                    + " FROM budget.execution e LEFT JOIN ref.territory t ON t.oktmo = e.municipality_oktmo GROUP BY 1, 2, 3",
            "ProcurementContracts | 4 | -1 | SELECT c.oktmo, t.name_ru, m.name_ru, CAST(date_trunc('month', c.sign_date) AS DATE), count(*),"
                    + " sum(c.contract_price), sum(c.initial_price), sum(c.initial_price) - sum(c.contract_price),"
                    + " round(100.0 * count(*) FILTER (WHERE c.supplier_is_smb) / count(*), 2)"
                    + " FROM procurement.contract c LEFT JOIN ref.territory t ON t.oktmo = c.oktmo"
                    + " LEFT JOIN ref.procurement_method m ON m.code = c.method_code GROUP BY 1, 2, 3, 4",
            "LabourMarket | 4 | 4 | SELECT l.oktmo, t.name_ru, l.okved_section, l.report_month, sum(l.registered_unemployed), sum(l.vacancies)"
                    + " FROM labour.market l LEFT JOIN ref.territory t ON t.oktmo = l.oktmo GROUP BY 1, 2, 3, 4",
            "Morbidity | 4 | 4 | SELECT h.oktmo, t.name_ru, h.icd10_chapter, h.report_month, sum(h.cases),"
                    + " round(100000.0 * sum(h.cases) / NULLIF(sum(h.population), 0), 1)"
                    + " FROM health.morbidity h LEFT JOIN ref.territory t ON t.oktmo = h.oktmo GROUP BY 1, 2, 3, 4"})
    void publishedNumbersAreTheHandWrittenOnes(String code, int keys, int count, String sql) throws IOException, SQLException {
        PublishedVersion version = demo.publications().versions("7000000885-" + code).get(0);
        Map<String, List<String>> published = new HashMap<>();
        List<String> lines = Files.readAllLines(demo.publications().file(version, "csv"), StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            List<String> cells = cells(line);
            published.put(String.join("|", cells.subList(0, keys)), cells.subList(keys, cells.size()));
        }
        assertThat(published).as(code + ": one line per cell").hasSize(lines.size() - 1);

        int hidden = 0;
        int small = 0;
        try (Connection connection = demo.store().connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            int width = rows.getMetaData().getColumnCount();
            int seen = 0;
            while (rows.next()) {
                seen++;
                List<String> key = new ArrayList<>();
                for (int c = 1; c <= keys; c++) {
                    key.add(String.valueOf(rows.getObject(c)));
                }
                List<String> shown = published.get(String.join("|", key));
                assertThat(shown).as(code + " " + key).isNotNull();
                boolean isHidden = count >= 0 && shown.get(count - keys).isEmpty();
                for (int c = keys + 1; c <= width; c++) {
                    BigDecimal truth = rows.getBigDecimal(c);
                    String cell = shown.get(c - keys - 1);
                    if (isHidden && (c == count + 1 || c == width && code.equals("Morbidity"))) {
                        assertThat(cell).as(code + " " + key + ": the count and its rate go together").isEmpty();
                    } else if (truth == null) {
                        assertThat(cell).as(code + " " + key + " column " + c).isEmpty();
                    } else {
                        assertThat(new BigDecimal(cell)).as(code + " " + key + " column " + c).isEqualByComparingTo(truth);
                    }
                }
                if (count >= 0) {
                    BigDecimal persons = rows.getBigDecimal(count + 1);
                    boolean isSmall = persons.signum() > 0 && persons.compareTo(BigDecimal.valueOf(5)) < 0;
                    small += isSmall ? 1 : 0;
                    hidden += isHidden ? 1 : 0;
                    assertThat(isHidden || !isSmall).as(code + " " + key + ": a count of " + persons + " is never shown").isTrue();
                }
            }
            assertThat(seen).as(code + ": as many cells as published").isEqualTo(published.size());
        }
        if (count >= 0) {
            assertThat(small).as(code + ": the demo has small counts").isPositive();
            assertThat(hidden).as(code + ": hidden = small + complementary").isGreaterThan(small).isEqualTo((int) version.hiddenCells());
        }
    }

    /** RFC 4180 line without line breaks inside values (the demo's names have none), quotes undone. */
    private static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                cell.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }
}
