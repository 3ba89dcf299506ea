package ru.vitrina.api.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import ru.vitrina.api.server.TestServer;
import ru.vitrina.engine.access.Principal;
import ru.vitrina.engine.query.QueryAnswer;
import ru.vitrina.engine.query.ResultColumn;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A two-way table of counts of people (district × ICD-10 chapter, one table per month) from the real engine over
 * demo data, put through a widget's disclosure control.
 */
class WidgetDisclosureTest {
    private static final TestServer SERVER = TestServer.shared();

    @Test
    void everyRowAndColumnHidesNoneOrAtLeastTwoCellsAndTheEnginesAnswerIsLeftAsItWas() {
        JsonNode widget = SERVER.parse("""
                {"id": "cases", "query": {"measures": ["health.cases", "health.cases_per_100000"],
                  "dimensions": ["health.municipality", "health.icd10_chapter"],
                  "timeDimensions": [{"dimension": "health.report_month", "granularity": "month",
                                      "dateRange": ["2026-08-01", "2026-09-30"]}], "limit": 5000},
                 "disclosure": {"count": "health.cases", "also": ["health.cases_per_100000"], "rows": "health.municipality",
                                "columns": "health.icd10_chapter", "threshold": 5}}""");
        QueryAnswer answer = SERVER.application().engine().load(widget.get("query"), Principal.system());
        List<Object[]> before = answer.rows().stream().map(Object[]::clone).toList();
        QueryAnswer shown = WidgetDisclosure.of(widget).orElseThrow().apply(answer);
        List<String> keys = answer.columns().stream().map(ResultColumn::key).toList();
        int district = keys.indexOf("health.municipality");
        int chapter = keys.indexOf("health.icd10_chapter");
        int cases = keys.indexOf("health.cases");
        int rate = keys.indexOf("health.cases_per_100000");
        int monthColumn = keys.indexOf("health.report_month.month");

        assertThat(shown.rows()).hasSameSizeAs(before);
        Map<String, Integer> hiddenPerLine = new HashMap<>();
        Map<String, Integer> cellsPerLine = new HashMap<>();
        int primary = 0;
        List<String> complementary = new ArrayList<>();
        for (int i = 0; i < before.size(); i++) {
            Object[] original = before.get(i);
            Object[] row = shown.rows().get(i);
            assertThat(answer.rows().get(i)).as("the engine's rows (cached, shared) are untouched").isEqualTo(original);
            double count = ((Number) original[cases]).doubleValue();
            String month = String.valueOf(original[monthColumn]);
            List<String> lines = List.of(month + " district " + original[district], month + " chapter " + original[chapter]);
            lines.forEach(line -> cellsPerLine.merge(line, 1, Integer::sum));
            if (row[cases] == null) {
                assertThat(row[rate]).as("the rate computed from a hidden count is hidden too").isNull();
                lines.forEach(line -> hiddenPerLine.merge(line, 1, Integer::sum));
                if (count >= 5) {
                    complementary.add(original[district] + "/" + original[chapter] + "=" + count);
                }
            } else {
                assertThat(row).isEqualTo(original);
                assertThat(count > 0 && count < 5).as("%s shown", List.of(original)).isFalse();
            }
            primary += count > 0 && count < 5 ? 1 : 0;
        }
        assertThat(primary).as("small counts in the demo data").isPositive();
        assertThat(complementary).as("cells hidden only to protect others").isNotEmpty();
        hiddenPerLine.forEach((line, hidden) -> {
            if (cellsPerLine.get(line) > 1) {
                assertThat(hidden).as(line).isNotEqualTo(1);
            }
        });
    }
}
