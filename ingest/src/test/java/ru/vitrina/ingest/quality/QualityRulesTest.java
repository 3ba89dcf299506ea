package ru.vitrina.ingest.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import ru.vitrina.engine.store.Store;
import ru.vitrina.ingest.job.LoadRunner;
import ru.vitrina.ingest.load.LoadContext;
import ru.vitrina.ingest.load.LoadListener;
import ru.vitrina.ingest.load.LoadResult;
import ru.vitrina.ingest.load.SourceLoad;
import ru.vitrina.ingest.load.TableCounts;
import ru.vitrina.ingest.population.TestLoad;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Data-quality rules from YAML, checked on a load's rows through the real load runner and a real DuckDB store. */
class QualityRulesTest {
    @TempDir
    Path folder;

    @AutoClose
    private Store store;

    @BeforeEach
    void referenceData() {
        store = TestLoad.withReferenceData(Store.open(folder.resolve("store.duckdb")));
    }

    @Test
    void theShippedRulesCoverEverySourceAndFitTheStore() throws Exception {
        QualityRules rules = QualityRules.shipped();
        try (Connection connection = store.connect()) {
            rules.bind(connection);
        }
        assertThat(rules.rules()).extracting(QualityRules.Rule::table).contains("budget.execution", "procurement.contract",
                "health.morbidity", "health.resources", "labour.market", "ref.population");
        assertThat(rules.of("budget.execution")).extracting(QualityRules.Rule::name).contains("plan_not_negative");
    }

    /** Three labour.market rows: one sound, one with more unemployed than its labour force, one also of no known section. */
    private record ThreeRows() implements SourceLoad {
        @Override
        public String job() {
            return "labour";
        }

        @Override
        public List<TableCounts> load(LoadContext context) throws Exception {
            try (Statement statement = context.transaction().createStatement()) {
                statement.execute("INSERT INTO labour.market VALUES"
                        + "(DATE '2024-03-01', '69701000', 'C', 100, 5000, 40, 4000000, " + context.loadId() + "),"
                        + " (DATE '2024-03-01', '69604000', 'C', 900, 800, 4, 200000, " + context.loadId() + "),"
                        + " (DATE '2024-03-01', '69608000', 'Я', 900, 800, 4, 200000, " + context.loadId() + ")");
            }
            context.sourceFile("test", null);
            return List.of(new TableCounts("labour.market", 3, 3, 0));
        }
    }

    @Test
    void aLoadGetsAFindingPerBrokenRuleWithCountAndExamples() throws Exception {
        LoadResult result = new LoadRunner(store).run(new ThreeRows(), LoadListener.none());

        assertThat(result.published()).as(result.error()).isTrue();
        assertThat(TestLoad.strings(store, "SELECT concat_ws(' | ', target, rule, severity, subject, message) FROM meta.quality"
                + " WHERE load_id = " + result.loadId() + " ORDER BY rule")).containsExactly(
                "labour.market | known_okved_section | error | 1 строк / rows | «Раздел ОКВЭД2 есть в справочнике» не"
                        + " выполняется для 1 строк, например 2024-03-01 / 69608000 / Я / «the OKVED2 section is in the"
                        + " reference data» fails for 1 rows, e.g. 2024-03-01 / 69608000 / Я",
                "labour.market | unemployed_within_labour_force | error | 2 строк / rows | «Безработных не больше рабочей"
                        + " силы» не выполняется для 2 строк, например 2024-03-01 / 69604000 / C; 2024-03-01 / 69608000 / Я"
                        + " / «no more unemployed than the labour force» fails for 2 rows, e.g. 2024-03-01 / 69604000 / C;"
                        + " 2024-03-01 / 69608000 / Я");
        // Findings do not hold rows back: all three are loaded.
        assertThat(TestLoad.count(store, "labour.market WHERE load_id = " + result.loadId())).isEqualTo(3);
    }

    @Test
    void aDeploymentsOwnRulesAreCheckedInsteadOfTheShippedOnes() throws Exception {
        Path rules = Files.createDirectories(folder.resolve("rules"));
        Files.writeString(rules.resolve("labour.yaml"), "table: labour.market\nkey: [oktmo]\nrules:\n"
                + "  - {name: salary_offered, severity: warning, range: {column: offered_salary_total / vacancies, min: 60000}}\n");
        LoadResult result = new LoadRunner(store, QualityRules.read(rules)).run(new ThreeRows(), LoadListener.none());

        assertThat(TestLoad.strings(store, "SELECT rule || ':' || severity || ':' || subject FROM meta.quality"
                + " WHERE load_id = " + result.loadId())).containsExactly("salary_offered:warning:2 строк / rows");
    }

    static Stream<JsonNode> badRules() throws IOException {
        try (InputStream in = QualityRulesTest.class.getResourceAsStream("bad-rules.yaml")) {
            List<JsonNode> cases = new ArrayList<>();
            new ObjectMapper(new YAMLFactory()).readTree(in).forEach(cases::add);
            return cases.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRules")
    void aBrokenRuleFileIsRefusedNamingTheProblem(JsonNode bad) {
        assertThatThrownBy(() -> {
            QualityRules rules = new QualityRules(QualityRules.parse("bad.yaml", bad.get("rules")));
            try (Connection connection = store.connect()) {
                rules.bind(connection);
            }
        }).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(bad.get("error").asText());
    }
}
