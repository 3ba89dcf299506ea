package ru.vitrina.opendata.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ru.vitrina.engine.query.QueryAnswer;
import ru.vitrina.engine.access.Principal;
import ru.vitrina.engine.query.QueryEngine;
import ru.vitrina.engine.store.Store;
import ru.vitrina.opendata.dataset.Catalogue;
import ru.vitrina.opendata.dataset.DataSet;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Versions over a real store filled by the demo generator: one per data set at start; a load that changes nothing
 * adds none; a load that changes one domain adds a dated version of that domain's set only, and keeps the old one.
 */
class PublicationsTest {
    @TempDir
    static Path folder;
    static Store store;
    static QueryEngine engine;
    static Catalogue catalogue;
    static final MovableClock clock = new MovableClock(Instant.parse("2026-11-20T03:00:00Z"));
    static Publications publications;
    static DemoPublications demo;

    @BeforeAll
    static void publishOnce() {
        demo = DemoPublications.open(folder.resolve("vitrina.duckdb"), clock);
        store = demo.store();
        engine = demo.engine();
        catalogue = demo.catalogue();
        publications = demo.publications();
    }

    @AfterAll
    static void close() {
        demo.close();
    }

    private static DataSet set(String code) {
        return catalogue.find("7000000885-" + code).orElseThrow();
    }

    @Test
    void versioningFollowsContent() throws IOException {
        for (DataSet set : catalogue.dataSets()) {
            assertThat(publications.versions(set.identifier())).as(set.identifier()).hasSize(1);
        }
        PublishedVersion first = publications.versions(set("Morbidity").identifier()).get(0);
        assertThat(first.baseName()).isEqualTo("data-20261120-structure-20261120");
        assertThat(publications.file(first, "csv")).exists();
        assertThat(publications.file(first, "parquet")).exists();
        assertThat(publications.structureFile(first)).exists();

        clock.move(LocalDate.of(2026, 11, 21));
        store.publish("test", "a load that changes nothing", transaction -> { });
        for (DataSet set : catalogue.dataSets()) {
            assertThat(publications.versions(set.identifier())).as("unchanged " + set.identifier()).hasSize(1);
        }

        clock.move(LocalDate.of(2026, 11, 22));
        store.publish("test", "corrected October morbidity", transaction -> {
            try (Statement statement = transaction.createStatement()) {
                statement.execute("UPDATE health.morbidity SET cases = cases + 100 WHERE report_month = (SELECT max(report_month) FROM health.morbidity)");
            }
        });
        List<PublishedVersion> morbidity = publications.versions(set("Morbidity").identifier());
        assertThat(morbidity).extracting(PublishedVersion::baseName)
                .containsExactly("data-20261122-structure-20261120", "data-20261120-structure-20261120");
        assertThat(morbidity.get(0).provenance()).contains("corrected October morbidity");
        assertThat(morbidity.get(0).sha256()).isNotEqualTo(first.sha256());
        assertThat(publications.file(morbidity.get(1), "csv")).as("the old version stays").exists();
        assertThat(Files.readAllBytes(publications.file(morbidity.get(1), "csv"))).hasSize((int) first.bytes());
        for (String other : List.of("BudgetExecution", "ProcurementContracts", "LabourMarket")) {
            assertThat(publications.versions(set(other).identifier())).as("other sets do not change: " + other).hasSize(1);
        }

        clock.move(LocalDate.of(2026, 11, 22));
        store.publish("test", "second correction the same day", transaction -> {
            try (Statement statement = transaction.createStatement()) {
                statement.execute("UPDATE health.morbidity SET cases = cases + 1 WHERE report_month = (SELECT max(report_month) FROM health.morbidity)");
            }
        });
        List<PublishedVersion> sameDay = publications.versions(set("Morbidity").identifier());
        assertThat(sameDay).as("one version per day, holding the later content").hasSize(2);
        assertThat(sameDay.get(0).provenance()).contains("second correction");
    }

    /** The published numbers are the engine's: the same query through QueryEngine gives the same rows. */
    @Test
    void budgetSetHoldsTheNumbersOfTheQueryEngine() throws IOException {
        DataSet budget = set("BudgetExecution");
        PublishedVersion version = publications.versions(budget.identifier()).get(0);
        List<String> lines = Files.readAllLines(publications.file(version, "csv"), StandardCharsets.UTF_8);
        assertThat(lines.get(0)).isEqualTo("municipality,municipality_name,operation_date_month,plan,fact,execution_pct");
        JsonNode query = ((com.fasterxml.jackson.databind.node.ObjectNode) budget.query().deepCopy()).put("limit", 10_000);
        QueryAnswer answer = engine.load(query, Principal.system());
        assertThat(lines).hasSize(answer.rows().size() + 1);
        Map<String, BigDecimal> factByKey = new HashMap<>();
        for (Object[] row : answer.rows()) {
            String month = DataSetQuery.normalise(row[2]).toString();
            factByKey.put(row[0] + "|" + month, (BigDecimal) DataSetQuery.normalise(row[4]));
        }
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            assertThat(new BigDecimal(cells[4])).as(line).isEqualByComparingTo(factByKey.get(cells[0] + "|" + cells[2]));
        }
    }

    /** In every month's table of the health set, no municipality or chapter line has exactly one hidden cell. */
    @Test
    void morbidityHidesSmallCountsAndTheirPartners() throws IOException {
        PublishedVersion version = publications.versions(set("Morbidity").identifier()).get(publications.versions(set("Morbidity").identifier()).size() - 1);
        List<String> lines = Files.readAllLines(publications.file(version, "csv"), StandardCharsets.UTF_8);
        assertThat(lines.get(0)).isEqualTo("municipality,municipality_name,icd10_chapter,report_month_month,cases,cases_per_100000");
        Map<String, Integer> hiddenPerLine = new HashMap<>();
        Map<String, Integer> cellsPerLine = new HashMap<>();
        int hidden = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            boolean isHidden = cells[4].isEmpty();
            if (!isHidden) {
                assertThat(new BigDecimal(cells[4]).intValue()).as(line).satisfiesAnyOf(v -> assertThat(v).isZero(), v -> assertThat(v).isGreaterThanOrEqualTo(5));
            } else {
                assertThat(cells[5]).as("the rate goes with the count").isEmpty();
                hidden++;
            }
            for (String key : List.of("row|" + cells[3] + "|" + cells[0], "column|" + cells[3] + "|" + cells[2])) {
                cellsPerLine.merge(key, 1, Integer::sum);
                hiddenPerLine.merge(key, isHidden ? 1 : 0, Integer::sum);
            }
        }
        assertThat(hidden).as("the demo region has small counts to hide").isPositive().isEqualTo((int) version.hiddenCells());
        List<String> exposed = new ArrayList<>();
        hiddenPerLine.forEach((key, count) -> {
            if (count == 1 && cellsPerLine.get(key) > 1) {
                exposed.add(key);
            }
        });
        assertThat(exposed).as("lines whose total would reveal a hidden cell").isEmpty();
    }

    /** The descriptor of every real set, with its real versions, is a valid Tabular Data Package. */
    @Test
    void everyPublishedSetHasAValidDataPackage() throws IOException {
        com.networknt.schema.Schema profile;
        try (java.io.InputStream in = PublicationsTest.class.getResourceAsStream("/ru/vitrina/opendata/frictionless/tabular-data-package.json")) {
            profile = com.networknt.schema.SchemaRegistry.withDefaultDialect(com.networknt.schema.SpecificationVersion.DRAFT_4)
                    .getSchema(in, com.networknt.schema.InputFormat.JSON);
        }
        for (DataSet set : catalogue.dataSets()) {
            String descriptor = new ru.vitrina.opendata.frictionless.DataPackages()
                    .descriptor(set, publications.versions(set.identifier()), "http://localhost/opendata/" + set.identifier() + "/").toString();
            assertThat(profile.validate(descriptor, com.networknt.schema.InputFormat.JSON)).as(set.identifier()).isEmpty();
        }
    }

    /** A clock the test moves from day to day. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void move(LocalDate day) {
            now = day.atTime(3, 0).toInstant(ZoneOffset.UTC);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
