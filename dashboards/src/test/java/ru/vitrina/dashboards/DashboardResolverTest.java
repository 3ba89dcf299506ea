package ru.vitrina.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.YearMonth;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DashboardResolverTest {
    private final Dashboard card = DashboardCatalog.builtIn().find("municipality").orElseThrow();
    private final DashboardResolver resolver = new DashboardResolver(card);

    @Test
    void urlValuesFillTheQueriesAndLatestComesFromTheData() {
        DashboardResolver.Resolution resolution = resolver.resolve(Map.of("territory", "69608000", "kiosk", ""),
                dimension -> dimension.equals("budget.operation_date") ? Optional.of(YearMonth.of(2025, 6)) : Optional.empty(),
                YearMonth.of(2000, 1));
        assertThat(resolution.values()).containsEntry("territory", "69608000").containsEntry("period", "2025-06");
        assertThat(resolution.latest()).containsEntry("period", true).containsEntry("territory", false);
        JsonNode kpi = resolution.widget("budget_execution");
        assertThat(kpi.at("/query/filters/0/values/0").asText()).isEqualTo("69608000");
        assertThat(kpi.at("/query/timeDimensions/0/dateRange").toString()).isEqualTo("[\"2025-01-01\",\"2025-06-30\"]");
        assertThat(kpi.at("/previousQuery/timeDimensions/0/dateRange").toString()).isEqualTo("[\"2024-01-01\",\"2024-06-30\"]");
        assertThat(kpi.at("/target/value").isNumber()).isTrue();
        assertThat(kpi.at("/target/value").asDouble()).isEqualTo(50.0);
    }

    @Test
    void aChosenPeriodIsNotTheLatest() {
        DashboardResolver.Resolution resolution = resolver.resolve(Map.of("period", "2024-02"),
                dimension -> Optional.of(YearMonth.of(2025, 6)), YearMonth.of(2000, 1));
        assertThat(resolution.latest()).containsEntry("period", false);
        assertThat(resolution.widget("summary").at("/lines/0/previousQuery/timeDimensions/0/dateRange").toString())
                .isEqualTo("[\"2023-01-01\",\"2023-02-28\"]");
    }

    @Test
    void badUrlValuesAreRefusedBeforeTheyReachAQuery() {
        assertThatThrownBy(() -> resolver.resolve(Map.of("territory", "69701000\"]}"), d -> Optional.empty(), YearMonth.of(2024, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("не подходит переменной «territory»");
        assertThatThrownBy(() -> resolver.resolve(Map.of("period", "2024-13"), d -> Optional.empty(), YearMonth.of(2024, 1)))
                .hasMessageContaining("value '2024-13' does not fit variable 'period' (month, 1901-01…2200-12)");
    }

    @Test
    void noDataFallsBackToTheGivenMonth() {
        DashboardResolver.Resolution resolution = resolver.resolve(Map.of(), d -> Optional.empty(), YearMonth.of(2026, 10));
        assertThat(resolution.values()).containsEntry("period", "2026-10").containsEntry("territory", "69701000");
    }

    @Test
    void periodValues() {
        assertThat(PeriodValues.of("p", YearMonth.of(2024, 9)))
                .containsEntry("p", "2024-09").containsEntry("p.year", "2024").containsEntry("p.start", "2024-09-01")
                .containsEntry("p.end", "2024-09-30").containsEntry("p.yearStart", "2024-01-01")
                .containsEntry("p.trendStart", "2023-10-01").containsEntry("p.quarterStart", "2024-07-01")
                .containsEntry("p.elapsedPct", "75");
        assertThat(PeriodValues.of("p", YearMonth.of(2024, 1))).containsEntry("p.elapsedPct", "8.3");
    }
}
