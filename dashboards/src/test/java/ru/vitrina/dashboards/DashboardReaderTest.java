package ru.vitrina.dashboards;

import org.junit.jupiter.api.Test;
import ru.vitrina.cubes.model.LocalizedText;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad dashboard files fail at start with a message naming the file, the widget and the problem. */
class DashboardReaderTest {
    private static final String HEAD = """
            title: {ru: Проба, en: Trial}
            layout: {columns: 12, rows: 6}
            variables:
              - {name: period, type: month, title: Месяц, default: latest, latestOf: budget.operation_date}
            widgets:
            """;
    private static final String KPI = """
              - id: fact
                type: kpi
                title: Исполнение
                grid: {x: 0, y: 0, w: 3, h: 2}
                query:
                  measures: [budget.fact]
                  timeDimensions: [{dimension: budget.operation_date, dateRange: ["${period.yearStart}", "${period.end}"]}]
                compare: previousYear
            """;

    private final DashboardReader reader = new DashboardReader();

    private Dashboard read(String text) {
        return reader.read("dashboards/trial.yaml", "trial", text);
    }

    @Test
    void readsAGoodFile() {
        Dashboard dashboard = read(HEAD + KPI);
        assertThat(dashboard.id()).isEqualTo("trial");
        assertThat(dashboard.title().en()).isEqualTo("Trial");
        assertThat(dashboard.widgets()).singleElement().satisfies(w -> {
            assertThat(w.type()).isEqualTo(WidgetType.KPI);
            assertThat(w.title().ru()).isEqualTo("Исполнение");
            assertThat(w.grid()).isEqualTo(new GridPosition(0, 0, 3, 2));
        });
    }

    @Test
    void aTerritoryTitleNamesTheViewersTerritoriesAndIsUsedOnlyForAUserLimitedToThem() {
        Dashboard dashboard = read("territoryTitle: {ru: \"Обзор: {territories}\", en: \"Overview: {territories}\"}\n" + HEAD + KPI);
        assertThat(dashboard.titleFor(List.of())).isEqualTo(new LocalizedText("Проба", "Trial"));
        assertThat(dashboard.titleFor(List.of(new LocalizedText("Асиновский район", "Asinovsky District"),
                new LocalizedText("Томский район", "Tomsky District"))))
                .isEqualTo(new LocalizedText("Обзор: Асиновский район, Томский район", "Overview: Asinovsky District, Tomsky District"));
        // A screen without one keeps its title for everyone.
        assertThat(read(HEAD + KPI).titleFor(List.of(new LocalizedText("Асиновский район", "Asinovsky District"))).ru())
                .isEqualTo("Проба");

        assertThatThrownBy(() -> read("territoryTitle: {ru: \"Обзор района\", en: \"Overview: {territories}\"}\n" + HEAD + KPI))
                .hasMessageStartingWith("dashboards/trial.yaml: territoryTitle must name the viewer's territories as {territories}");
        assertThatThrownBy(() -> read("public: true\nterritoryTitle: \"Обзор: {territories}\"\n" + HEAD + KPI))
                .hasMessageStartingWith("dashboards/trial.yaml: territoryTitle is never shown on a public dashboard");
    }

    @Test
    void aPublicScreenShowsOnlyItsOwnCubeQueriesAndHidesSmallCountsWhereItSaysSo() {
        assertThat(read("public: true\n" + HEAD + KPI).isPublic()).isTrue();
        assertThat(read(HEAD + KPI).isPublic()).isFalse();
        assertThatThrownBy(() -> read("public: yes please\n" + HEAD + KPI))
                .hasMessage("dashboards/trial.yaml: public must be true or false, got 'yes please'");
        String projects = """
                  - id: projects
                    type: indicators
                    title: Национальные проекты
                    grid: {x: 3, y: 0, w: 3, h: 2}
                    programmes: [RF-NG-DT]
                """;
        assertThatThrownBy(() -> read("public: true\n" + HEAD + KPI + projects))
                .hasMessageContaining("widget 'projects': an indicators widget reads /api/v1/programmes");
        String cases = """
                  - id: cases
                    type: ranking
                    title: Случаи
                    grid: {x: 3, y: 0, w: 3, h: 2}
                    query:
                      measures: [health.cases, health.cases_per_1000]
                      dimensions: [health.municipality, health.municipality_name]
                """;
        Dashboard good = read(HEAD + KPI + cases + "    disclosure: {count: health.cases, also: [health.cases_per_1000], rows: health.municipality, threshold: 5}\n");
        assertThat(good.widget("cases").orElseThrow().spec().get("disclosure").get("threshold").asInt()).isEqualTo(5);
        assertThatThrownBy(() -> read(HEAD + KPI + cases + "    disclosure: {count: health.population, threshold: 5}\n"))
                .hasMessageContaining("widget 'cases': disclosure.count must name the count of persons among the query's measures");
        assertThatThrownBy(() -> read(HEAD + KPI + cases + "    disclosure: {count: health.cases, columns: health.icd10_chapter, threshold: 5}\n"))
                .hasMessageContaining("disclosure.columns 'health.icd10_chapter' is not among the query's dimensions");
        assertThatThrownBy(() -> read(HEAD + KPI + cases + "    disclosure: {count: health.cases}\n"))
                .hasMessageContaining("disclosure.threshold must be 2..100 (counts below it are hidden), got none");
        assertThatThrownBy(() -> read(HEAD + KPI + cases + "    disclosure: {count: health.cases, threshold: 5, treshold: 3}\n"))
                .hasMessageContaining("unknown field 'treshold' in disclosure");
        Dashboard closed = reader.read("dashboards/closed.yaml", "closed", HEAD + KPI);
        Dashboard open = reader.read("dashboards/open.yaml", "open", "public: true\nparent: closed\n" + HEAD + KPI);
        assertThatThrownBy(() -> new DashboardCatalog(java.util.List.of(closed, open))).hasMessage("dashboards/open.yaml: a public"
                + " dashboard's parent 'closed' must be public too: its breadcrumb would lead visitors to a sign-in page");
    }

    @Test
    void indicatorStatusNamesProgrammesByCode() {
        String widget = """
                  - id: projects
                    type: indicators
                    title: Национальные проекты
                    grid: {x: 3, y: 0, w: 3, h: 2}
                """;
        assertThat(read(HEAD + KPI + widget + "    programmes: [RF-NG-DT, TO-SC]\n").widgets()).hasSize(2);
        assertThatThrownBy(() -> read(HEAD + KPI + widget))
                .hasMessageContaining("widget 'projects': a indicators widget needs 'programmes'");
        assertThatThrownBy(() -> read(HEAD + KPI + widget + "    programmes: [budget.fact]\n"))
                .hasMessageContaining("programmes: 'budget.fact' is not a programme code like RF-NG-DT");
    }

    @Test
    void notYaml() {
        assertThatThrownBy(() -> read("title: [unclosed\nwidgets: {"))
                .isInstanceOf(DashboardException.class)
                .hasMessageStartingWith("dashboards/trial.yaml: not valid YAML (line");
    }

    @Test
    void unknownWidgetType() {
        assertThatThrownBy(() -> read(HEAD + KPI.replace("type: kpi", "type: pie")))
                .hasMessage("dashboards/trial.yaml, widget 'fact': unknown type 'pie'; known: kpi, line, bar, map, ranking, gauge, treemap, sunburst, table, text, indicators");
    }

    @Test
    void misspelledFieldIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> read(HEAD + KPI + "    tagret: {value: 5}\n"))
                .isInstanceOf(DashboardException.class)
                .satisfies(e -> {
                    DashboardException d = (DashboardException) e;
                    assertThat(d.file()).isEqualTo("dashboards/trial.yaml");
                    assertThat(d.widget()).isEqualTo("fact");
                    assertThat(d.problem()).startsWith("unknown field 'tagret' in kpi widget; known: ").contains("target");
                });
    }

    /** Decimals follow one rule from the measure's format; a widget that still sets its own is told so, by name. */
    @Test
    void digitsPerWidgetAreRefusedNamingTheRule() {
        assertThatThrownBy(() -> read(HEAD + KPI + "    digits: 2\n"))
                .hasMessage("dashboards/trial.yaml, widget 'fact': 'digits' in kpi widget is no longer set: the decimals follow"
                        + " one rule from the measure's format (counts none, percents, money and other numbers one); remove it");
    }

    @Test
    void widgetsMustNotOverlapNorLeaveTheScreen() {
        String second = KPI.replace("id: fact", "id: other").replace("x: 0, y: 0", "x: 2, y: 1");
        assertThatThrownBy(() -> read(HEAD + KPI + second))
                .hasMessage("dashboards/trial.yaml, widget 'other': grid {x: 2, y: 1, w: 3, h: 2} overlaps widget 'fact' at {x: 0, y: 0, w: 3, h: 2}");
        assertThatThrownBy(() -> read(HEAD + KPI.replace("x: 0, y: 0, w: 3", "x: 10, y: 0, w: 3")))
                .hasMessageContaining("widget 'fact': grid {x: 10, y: 0, w: 3, h: 2} does not fit the 12×6 layout");
    }

    @Test
    void undeclaredVariable() {
        assertThatThrownBy(() -> read(HEAD + KPI.replace("${period.end}", "${territory}")))
                .hasMessage("dashboards/trial.yaml, widget 'fact': uses ${territory}, but the dashboard declares no such variable");
        assertThatThrownBy(() -> read(HEAD + KPI.replace("${period.end}", "${period.finish}")))
                .hasMessageContaining("uses ${period.finish}, but the dashboard declares no such variable part (a month variable has: ")
                .hasMessageContaining("yearStart");
    }

    @Test
    void missingTitleAndDuplicateIds() {
        assertThatThrownBy(() -> read(HEAD + KPI.replace("    title: Исполнение\n", "")))
                .hasMessage("dashboards/trial.yaml, widget 'fact': needs title (a string, or {ru: …, en: …})");
        assertThatThrownBy(() -> read(HEAD + KPI + KPI.replace("x: 0, y: 0", "x: 6, y: 0")))
                .hasMessage("dashboards/trial.yaml, widget 'fact': widget id is used twice");
        assertThatThrownBy(() -> read(HEAD.replace("title: {ru: Проба, en: Trial}\n", "") + KPI))
                .hasMessage("dashboards/trial.yaml: needs title (a string, or {ru: …, en: …})");
    }

    @Test
    void latestNeedsATimeDimension() {
        assertThatThrownBy(() -> read(HEAD.replace(", latestOf: budget.operation_date", "") + KPI))
                .hasMessage("dashboards/trial.yaml: variable 'period' defaults to 'latest' and so needs latestOf: a time dimension like budget.operation_date");
    }

    @Test
    void comparisonNeedsADateRange() {
        String noRange = KPI.replace(", dateRange: [\"${period.yearStart}\", \"${period.end}\"]", "");
        assertThatThrownBy(() -> read(HEAD + noRange))
                .hasMessage("dashboards/trial.yaml, widget 'fact': compare: compare needs a timeDimensions entry with a dateRange of two dates in query");
        assertThatThrownBy(() -> read(HEAD + KPI.replace("compare: previousYear", "compare: lastWeek")))
                .hasMessage("dashboards/trial.yaml, widget 'fact': compare must be previousYear or previousPeriod, got 'lastWeek'");
    }

    @Test
    void targetsAreChecked() {
        assertThatThrownBy(() -> read(HEAD + KPI + "    target: {value: 5, direction: up}\n"))
                .hasMessage("dashboards/trial.yaml, widget 'fact': target.direction must be 'higher' (higher is better) or 'lower' (lower is better), got 'up'");
        assertThatThrownBy(() -> read(HEAD + KPI + "    target: {value: много}\n"))
                .hasMessage("dashboards/trial.yaml, widget 'fact': target.value must be a number, got 'много'");
    }

    @Test
    void measureMustBeInTheQuery() {
        assertThatThrownBy(() -> read(HEAD + KPI + "    measure: budget.plan\n"))
                .hasMessage("dashboards/trial.yaml, widget 'fact': measure 'budget.plan' is not among the query's measures [\"budget.fact\"]");
    }

    @Test
    void requiredFieldsPerType() {
        assertThatThrownBy(() -> read(HEAD + """
                  - id: words
                    type: text
                    title: Коротко
                    grid: {x: 0, y: 0, w: 3, h: 2}
                """))
                .hasMessage("dashboards/trial.yaml, widget 'words': a text widget needs 'lines'");
        assertThatThrownBy(() -> read(HEAD + """
                  - type: kpi
                    title: Без имени
                """))
                .hasMessage("dashboards/trial.yaml: every widget needs an id of lower-case letters, digits, '-' or '_' (widget of type 'kpi' has none)");
    }

    @Test
    void sentencesNeedAPlaceForTheNumber() {
        assertThatThrownBy(() -> read(HEAD + """
                  - id: words
                    type: text
                    title: Коротко
                    grid: {x: 0, y: 0, w: 3, h: 2}
                    lines:
                      - query: {measures: [budget.fact]}
                        say: Исполнение выросло
                """))
                .hasMessage("dashboards/trial.yaml, widget 'words': lines[0].say must contain {value} where the number goes");
    }
}
