package ru.vitrina.opendata.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import ru.vitrina.opendata.dataset.Catalogue;
import ru.vitrina.opendata.dataset.DataSet;
import ru.vitrina.opendata.dataset.Field;
import ru.vitrina.opendata.v3.StructureFile;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the passport says about versions over a real demo store: a set's first version is named a first publication
 * (not after whichever load happened to be newest), and a new structure version appears only when the structure
 * file would read differently — not when the values of a decimal field merely have fewer digits after the point.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StructureVersionsTest {
    private static final String BUDGET = "7000000885-BudgetExecution";
    @TempDir
    static Path folder;
    static final PublicationsTest.MovableClock clock = new PublicationsTest.MovableClock(Instant.parse("2026-11-20T03:00:00Z"));
    static DemoPublications demo;

    @BeforeAll
    static void publishOnce() {
        demo = DemoPublications.open(folder.resolve("vitrina.duckdb"), clock);
    }

    @AfterAll
    static void close() {
        demo.close();
    }

    @Test
    @Order(1)
    void firstVersionOfEverySetIsAFirstPublication() {
        for (var set : demo.catalogue().dataSets()) {
            List<PublishedVersion> versions = demo.publications().versions(set.identifier());
            PublishedVersion oldest = versions.get(versions.size() - 1);
            assertThat(oldest.provenance()).as(set.identifier()).startsWith("Первая публикация набора (версия данных ");
        }
    }

    @Test
    @Order(2)
    void wholeRoublesChangeTheDataButNotTheStructure() throws Exception {
        PublishedVersion first = demo.publications().versions(BUDGET).get(0);
        assertThat(first.fields()).filteredOn(field -> field.name().equals("fact")).extracting(Field::scale).containsExactly(2);

        clock.move(LocalDate.of(2026, 12, 1));
        demo.store().publish("test", "amounts rounded to whole roubles", transaction -> {
            try (Statement statement = transaction.createStatement()) {
                statement.execute("UPDATE budget.execution SET plan_amount = round(plan_amount), fact_amount = round(fact_amount)");
            }
        });
        List<PublishedVersion> versions = demo.publications().versions(BUDGET);
        assertThat(versions).hasSize(2);
        PublishedVersion rounded = versions.get(0);
        assertThat(rounded.fields()).filteredOn(field -> field.name().equals("fact")).extracting(Field::scale)
                .as("the Parquet file's decimals follow the values").containsExactly(0);
        assertThat(StructureFile.write(rounded.fields())).isEqualTo(StructureFile.write(first.fields()));
        assertThat(rounded.baseName()).as("same structure file, same structure date").isEqualTo("data-20261201-structure-20261120");
        assertThat(rounded.provenance()).contains("amounts rounded to whole roubles");
        assertThat(Files.readString(demo.publications().structureFile(rounded), StandardCharsets.UTF_8))
                .isEqualTo(StructureFile.write(first.fields()));
    }

    /**
     * A set added to the catalogue, and a set whose fields changed, are published when the server starts, not at the
     * next load of their source (a month later, perhaps), listed meanwhile with no data or with the old columns.
     */
    @Test
    @Order(3)
    void setsAddedOrChangedInTheCatalogueArePublishedAtStart() throws Exception {
        clock.move(LocalDate.of(2026, 12, 2));
        Catalogue shipped = demo.catalogue();
        DataSet labour = shipped.find("7000000885-LabourMarket").orElseThrow();
        DataSet budget = shipped.find(BUDGET).orElseThrow();
        ObjectNode withoutPercent = budget.query().deepCopy();
        withoutPercent.putArray("measures").add("budget.plan").add("budget.fact");
        List<DataSet> sets = new ArrayList<>(shipped.dataSets());
        sets.set(sets.indexOf(budget), copy(budget, budget.code(), withoutPercent));
        sets.add(copy(labour, "LabourMarketCopy", labour.query()));
        Catalogue changed = new Catalogue(shipped.organization(), shipped.organizationTitle(), shipped.ownerInn(), sets);
        int budgetVersions = demo.publications().versions(BUDGET).size();

        new Publications(changed, demo.engine(), demo.store(), demo.publications().folder(), clock).attach();

        List<PublishedVersion> added = demo.publications().versions("7000000885-LabourMarketCopy");
        assertThat(added).hasSize(1);
        assertThat(added.get(0).provenance()).startsWith("Первая публикация набора");
        assertThat(Files.readString(demo.publications().file(added.get(0), "csv"))).isEqualTo(
                Files.readString(demo.publications().file(demo.publications().versions("7000000885-LabourMarket").get(0), "csv")));
        List<PublishedVersion> budgetNow = demo.publications().versions(BUDGET);
        assertThat(budgetNow).hasSize(budgetVersions + 1);
        assertThat(budgetNow.get(0).baseName()).isEqualTo("data-20261202-structure-20261202");
        assertThat(budgetNow.get(0).provenance()).startsWith("Изменён состав полей набора");
        assertThat(Files.readString(demo.publications().structureFile(budgetNow.get(0)))).doesNotContain("execution_pct");
        assertThat(demo.publications().structureFile(budgetNow.get(1))).as("the old structure stays").exists();
        for (String unchanged : List.of("7000000885-Morbidity", "7000000885-ProcurementContracts", "7000000885-LabourMarket")) {
            assertThat(demo.publications().versions(unchanged)).as(unchanged).hasSize(1);
        }
    }

    private static DataSet copy(DataSet set, String code, JsonNode query) {
        return new DataSet(code, set.ownerInn(), set.title(), set.description(), set.creator(), set.keywords(), set.publisher(),
                set.periodicity(), set.validDays(), set.licence(), set.source(), query, set.disclosure());
    }
}
