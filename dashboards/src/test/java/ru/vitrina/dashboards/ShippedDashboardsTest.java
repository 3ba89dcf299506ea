package ru.vitrina.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import ru.vitrina.cubes.load.CubeFiles;
import ru.vitrina.engine.query.DateRangeParser;
import ru.vitrina.engine.query.QueryLimits;
import ru.vitrina.engine.query.QueryParser;

import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** The dashboards in the jar load, and every query they send is one the shipped cube model answers. */
class ShippedDashboardsTest {
    private final DashboardCatalog catalog = DashboardCatalog.builtIn();

    @Test
    void theFirstScreensOfTheIssueAreShipped() {
        assertThat(catalog.all()).extracting(Dashboard::id)
                .contains("governor", "budget", "procurement", "labour", "health", "municipality");
        assertThat(catalog.find("municipality").orElseThrow().variable("territory")).isPresent();
        assertThat(catalog.find("municipality").orElseThrow().parent()).isEqualTo("governor");
        // One screen for citizens without a login; its count of people is under disclosure control.
        assertThat(catalog.all()).filteredOn(Dashboard::isPublic).extracting(Dashboard::id).containsExactly("open-budget");
        assertThat(catalog.find("open-budget").orElseThrow().widget("congenital").orElseThrow().spec().has("disclosure")).isTrue();
    }

    @Test
    void theGovernorScreenHasEveryKindOfFigureTheIssueAsksFor() {
        Dashboard governor = catalog.find("governor").orElseThrow();
        assertThat(governor.widgets()).extracting(Widget::type)
                .contains(WidgetType.KPI, WidgetType.MAP, WidgetType.RANKING, WidgetType.TEXT, WidgetType.GAUGE);
        assertThat(governor.widgets()).filteredOn(w -> w.type() == WidgetType.KPI).extracting(w -> w.spec().get("query")
                .get("measures").get(0).asText())
                .contains("budget.execution_pct", "procurement.savings_pct", "labour.unemployment_rate", "health.cases_per_1000");
    }

    @Test
    void everyShippedQueryParsesAgainstTheShippedCubes() {
        QueryParser parser = new QueryParser(new CubeFiles().builtIn(), new DateRangeParser(Clock.systemUTC()));
        DashboardChecker checker = new DashboardChecker(query -> parser.parse(query, QueryLimits.DEFAULTS));
        assertThatCode(() -> checker.check(catalog)).doesNotThrowAnyException();
    }

    @Test
    void resolvedDashboardsKeepNoPlaceholderAndHaveComparisonQueries() {
        for (Dashboard dashboard : catalog.all()) {
            JsonNode json = new DashboardResolver(dashboard).sample().toJson();
            assertThat(json.toString()).as(dashboard.id()).doesNotContain("${");
            for (JsonNode widget : json.get("widgets")) {
                if (widget.hasNonNull("compare")) {
                    assertThat(widget.hasNonNull("previousQuery")).as(dashboard.id() + "/" + widget.get("id")).isTrue();
                }
                assertThat(widget.get("title").get("ru").asText()).isNotBlank();
                assertThat(widget.get("title").get("en").asText()).isNotBlank();
            }
        }
    }
}
