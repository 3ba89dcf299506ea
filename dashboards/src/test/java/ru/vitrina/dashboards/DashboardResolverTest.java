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
        // Cubes without data keep the screen's month.
        resolution.widgets().values().forEach(tile -> assertThat(tile.has("shownMonth")).as(tile.path("id").asText()).isFalse());
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
    void onALatestScreenEachTileShowsItsOwnCubesNewestMonthUpToTheScreens() {
        Dashboard governor = DashboardCatalog.builtIn().find("governor").orElseThrow();
        Map<String, YearMonth> newest = Map.of("budget.operation_date", YearMonth.of(2026, 10),
                "health.report_month", YearMonth.of(2026, 8), "labour.report_month", YearMonth.of(2026, 11),
                "procurement.sign_date", YearMonth.of(2026, 7));
        DashboardResolver.Resolution resolution = new DashboardResolver(governor)
                .resolve(Map.of(), dimension -> Optional.ofNullable(newest.get(dimension)), YearMonth.of(2000, 1));

        assertThat(resolution.values()).containsEntry("period", "2026-10");
        JsonNode morbidity = resolution.widget("morbidity");
        assertThat(morbidity.at("/shownMonth").asText()).isEqualTo("2026-08");
        assertThat(morbidity.at("/query/timeDimensions/0/dateRange").toString()).isEqualTo("[\"2026-08-01\",\"2026-08-31\"]");
        assertThat(morbidity.at("/previousQuery/timeDimensions/0/dateRange").toString()).isEqualTo("[\"2025-08-01\",\"2025-08-31\"]");
        assertThat(morbidity.at("/trend/timeDimensions/0/dateRange").toString()).isEqualTo("[\"2025-09-01\",\"2026-08-31\"]");
        // The screen's own cube and a cube ahead of the screen keep the screen's month.
        for (String tile : new String[]{"budget_execution", "unemployment"}) {
            assertThat(resolution.widget(tile).has("shownMonth")).as(tile).isFalse();
            assertThat(resolution.widget(tile).at("/query/timeDimensions/0/dateRange/1").asText()).as(tile).isEqualTo("2026-10-31");
        }
        // A text tile's lines each follow their own cube.
        JsonNode summary = resolution.widget("summary");
        assertThat(summary.at("/lines/1/shownMonth").asText()).isEqualTo("2026-07");
        assertThat(summary.at("/lines/1/query/timeDimensions/0/dateRange").toString()).isEqualTo("[\"2026-01-01\",\"2026-07-31\"]");
        assertThat(summary.at("/lines/0/query/timeDimensions/0/dateRange/1").asText()).isEqualTo("2026-10-31");
        assertThat(summary.at("/lines/2/query/timeDimensions/0/dateRange/1").asText()).isEqualTo("2026-10-31");
        assertThat(summary.has("shownMonth")).isFalse();
    }

    @Test
    void aMonthTheViewerChoseHoldsForEveryTile() {
        Dashboard governor = DashboardCatalog.builtIn().find("governor").orElseThrow();
        DashboardResolver.Resolution resolution = new DashboardResolver(governor).resolve(Map.of("period", "2026-10"),
                dimension -> Optional.of(dimension.startsWith("health") ? YearMonth.of(2026, 8) : YearMonth.of(2026, 10)),
                YearMonth.of(2000, 1));
        JsonNode morbidity = resolution.widget("morbidity");
        assertThat(morbidity.has("shownMonth")).isFalse();
        assertThat(morbidity.at("/query/timeDimensions/0/dateRange/0").asText()).isEqualTo("2026-10-01");
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
