package ru.vitrina.opendata.publish;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ru.vitrina.opendata.dataset.Field;
import ru.vitrina.opendata.v3.StructureFile;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the passport says about versions over a real demo store: a set's first version is named a first publication
 * (not after whichever load happened to be newest), and a new structure version appears only when the structure
 * file would read differently — not when the values of a decimal field merely have fewer digits after the point.
 */
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
    void firstVersionOfEverySetIsAFirstPublication() {
        for (var set : demo.catalogue().dataSets()) {
            List<PublishedVersion> versions = demo.publications().versions(set.identifier());
            PublishedVersion oldest = versions.get(versions.size() - 1);
            assertThat(oldest.provenance()).as(set.identifier()).startsWith("Первая публикация набора (версия данных ");
        }
    }

    @Test
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
}
