package ru.vitrina.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryShiftTest {
    private final ObjectMapper json = new ObjectMapper();

    private JsonNode range(String from, String to) throws Exception {
        return json.readTree("{\"measures\":[\"budget.fact\"],\"timeDimensions\":[{\"dimension\":\"budget.operation_date\",\"dateRange\":[\""
                + from + "\",\"" + to + "\"]}]}");
    }

    private static String shifted(JsonNode query, String compare) {
        return QueryShift.shift(query, compare).at("/timeDimensions/0/dateRange").toString();
    }

    @Test
    void sameMonthsAYearBefore() throws Exception {
        assertThat(shifted(range("2024-01-01", "2024-09-30"), "previousYear")).isEqualTo("[\"2023-01-01\",\"2023-09-30\"]");
        // February keeps its last day in a leap year and out of it.
        assertThat(shifted(range("2024-02-01", "2024-02-29"), "previousYear")).isEqualTo("[\"2023-02-01\",\"2023-02-28\"]");
        assertThat(shifted(range("2025-02-01", "2025-02-28"), "previousYear")).isEqualTo("[\"2024-02-01\",\"2024-02-29\"]");
    }

    @Test
    void thePeriodJustBefore() throws Exception {
        assertThat(shifted(range("2024-09-01", "2024-09-30"), "previousPeriod")).isEqualTo("[\"2024-08-01\",\"2024-08-31\"]");
        assertThat(shifted(range("2024-07-01", "2024-09-30"), "previousPeriod")).isEqualTo("[\"2024-04-01\",\"2024-06-30\"]");
        assertThat(shifted(range("2024-09-10", "2024-09-16"), "previousPeriod")).isEqualTo("[\"2024-09-03\",\"2024-09-09\"]");
    }

    @Test
    void theOriginalIsLeftAlone() throws Exception {
        JsonNode query = range("2024-01-01", "2024-09-30");
        QueryShift.shift(query, "previousYear");
        assertThat(query.at("/timeDimensions/0/dateRange/0").asText()).isEqualTo("2024-01-01");
    }

    @Test
    void needsADateRange() throws Exception {
        assertThatThrownBy(() -> QueryShift.shift(json.readTree("{\"measures\":[\"budget.fact\"]}"), "previousYear"))
                .hasMessageContaining("needs a timeDimensions entry with a dateRange");
    }
}
