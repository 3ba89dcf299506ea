package ru.vitrina.opendata.publish;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ru.vitrina.engine.store.Written;
import ru.vitrina.opendata.dataset.DataSet;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A publication looks only at the data sets whose query reads a table it wrote; one that does not say what it wrote
 * looks at all of them. A write that a publication leaves undeclared shows which sets it read: a set read again after
 * its rows changed gets a new version, a set not read keeps its last one.
 */
class PublicationScopeTest {
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
    void onlyTheSetsThatReadWrittenTablesAreLookedAt() {
        Map<String, Integer> start = versions();
        assertThat(start.values()).as("one version of every set at start").containsOnly(1);

        clock.move(LocalDate.of(2026, 11, 21));
        demo.store().publishDeclared("labour", "a labour load, and morbidity changed without saying so", transaction -> {
            execute(transaction, "UPDATE labour.market SET vacancies = vacancies + 7 WHERE report_month = (SELECT max(report_month) FROM labour.market)");
            execute(transaction, "UPDATE health.morbidity SET cases = cases + 100 WHERE report_month = (SELECT max(report_month) FROM health.morbidity)");
            return Written.tables(List.of("labour.market")).and(Written.schemas("meta", "temp"));
        });
        assertThat(versions()).as("only the labour set was read").isEqualTo(plusOne(start, "LabourMarket"));

        clock.move(LocalDate.of(2026, 11, 22));
        demo.store().publishDeclared("indicators", "an approval", transaction -> Written.schemas("indicator"));
        assertThat(versions()).as("no set reads the indicator schema").isEqualTo(plusOne(start, "LabourMarket"));

        demo.store().publishDeclared("health", "a health load", transaction -> Written.tables(List.of("health.morbidity")));
        Map<String, Integer> afterHealth = plusOne(plusOne(start, "LabourMarket"), "Morbidity");
        assertThat(versions()).as("the morbidity set reads health.morbidity").isEqualTo(afterHealth);

        clock.move(LocalDate.of(2026, 11, 23));
        demo.store().publish("test", "says nothing", transaction -> { });
        assertThat(versions()).as("every set read again; the health load had published the morbidity set's current rows")
                .isEqualTo(afterHealth);

        clock.move(LocalDate.of(2026, 11, 24));
        demo.store().publishDeclared("health", "contracts changed, morbidity declared", transaction -> {
            execute(transaction, "UPDATE procurement.contract SET contract_price = contract_price + 1, initial_price = initial_price + 1");
            return Written.tables(List.of("health.morbidity"));
        });
        assertThat(versions()).as("the set of contracts is not read").isEqualTo(afterHealth);
        demo.store().publish("test", "says nothing", transaction -> { });
        assertThat(versions()).as("a publication that does not say reads every set")
                .isEqualTo(plusOne(afterHealth, "ProcurementContracts"));
    }

    private static Map<String, Integer> plusOne(Map<String, Integer> versions, String code) {
        Map<String, Integer> next = new TreeMap<>(versions);
        next.merge("7000000885-" + code, 1, Integer::sum);
        return next;
    }

    private static Map<String, Integer> versions() {
        Map<String, Integer> versions = new TreeMap<>();
        for (DataSet set : demo.catalogue().dataSets()) {
            versions.put(set.identifier(), demo.publications().versions(set.identifier()).size());
        }
        return versions;
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
