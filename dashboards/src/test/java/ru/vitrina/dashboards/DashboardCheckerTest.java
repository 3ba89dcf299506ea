package ru.vitrina.dashboards;

import org.junit.jupiter.api.Test;
import ru.vitrina.cubes.load.CubeFiles;
import ru.vitrina.engine.query.DateRangeParser;
import ru.vitrina.engine.query.QueryLimits;
import ru.vitrina.engine.query.QueryParser;

import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A query the cube model cannot answer is reported with file, widget, which query, and the parser's own hint. */
class DashboardCheckerTest {
    private final QueryParser parser = new QueryParser(new CubeFiles().builtIn(), new DateRangeParser(Clock.systemUTC()));
    private final DashboardChecker checker = new DashboardChecker(query -> parser.parse(query, QueryLimits.DEFAULTS));

    @Test
    void misspelledMeasure() {
        Dashboard dashboard = new DashboardReader().read("dashboards/trial.yaml", "trial", """
                title: Проба
                variables:
                  - {name: period, type: month, title: Месяц, default: "2024-09"}
                widgets:
                  - id: fact
                    type: kpi
                    title: Исполнение
                    grid: {x: 0, y: 0, w: 3, h: 2}
                    query:
                      measures: [budget.fakt]
                      timeDimensions: [{dimension: budget.operation_date, dateRange: ["${period.yearStart}", "${period.end}"]}]
                """);
        assertThatThrownBy(() -> checker.check(dashboard))
                .isInstanceOf(DashboardException.class)
                .hasMessageStartingWith("dashboards/trial.yaml, widget 'fact': query: ")
                .hasMessageContaining("«fakt»")
                .hasMessageContaining("budget.fact");
    }

    @Test
    void queriesOfSentencesAndTrendsAreCheckedToo() {
        Dashboard dashboard = new DashboardReader().read("dashboards/trial.yaml", "trial", """
                title: Проба
                widgets:
                  - id: words
                    type: text
                    title: Коротко
                    grid: {x: 0, y: 0, w: 3, h: 2}
                    lines:
                      - query: {measures: [budget.fact], dimensions: [labour.municipality]}
                        say: "Исполнено {value}"
                """);
        assertThatThrownBy(() -> checker.check(dashboard))
                .hasMessageStartingWith("dashboards/trial.yaml, widget 'words': lines[0].query: ")
                .hasMessageContaining("budget, labour");
    }
}
