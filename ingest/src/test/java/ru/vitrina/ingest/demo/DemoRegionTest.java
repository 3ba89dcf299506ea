package ru.vitrina.ingest.demo;

import org.junit.jupiter.api.Test;
import ru.vitrina.engine.store.DataVersion;
import ru.vitrina.engine.store.Store;
import ru.vitrina.ingest.reference.ReferenceData;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Determinism and publication of the demo region. */
class DemoRegionTest {
    private static final List<String> ALL_TABLES = tables();

    private static List<String> tables() {
        List<String> all = new ArrayList<>(DemoRegion.FACT_TABLES);
        all.addAll(ReferenceData.TABLES);
        return List.copyOf(all);
    }

    @Test
    void sameSeedGivesTheSameTablesAndAnotherSeedDifferentOnes() throws SQLException {
        Map<String, String> first = fingerprints(42);
        Map<String, String> second = fingerprints(42);
        Map<String, String> other = fingerprints(43);

        assertThat(second).isEqualTo(first);
        for (String table : DemoRegion.FACT_TABLES) {
            assertThat(other.get(table)).as(table).isNotEqualTo(first.get(table));
        }
        // Reference data does not depend on the seed.
        for (String table : ReferenceData.TABLES) {
            assertThat(other.get(table)).as(table).isEqualTo(first.get(table));
        }
    }

    private static Map<String, String> fingerprints(long seed) throws SQLException {
        try (Store store = Store.inMemory()) {
            new DemoRegion(seed, DemoSize.TEST).generate(store, ProgressListener.none());
            Queries q = new Queries(store);
            Map<String, String> fingerprints = new LinkedHashMap<>();
            for (String table : ALL_TABLES) {
                fingerprints.put(table, q.fingerprint(table));
            }
            return fingerprints;
        }
    }

    @Test
    void eachGenerationPublishesOneVersionAndReplacesTheData() throws SQLException {
        try (Store store = Store.inMemory()) {
            Queries q = new Queries(store);
            DataVersion first = new DemoRegion(1, DemoSize.TEST).generate(store, ProgressListener.none());
            assertThat(first.version()).isEqualTo(1);
            assertThat(first.publishedBy()).isEqualTo(DemoRegion.JOB);
            Map<String, Long> counts = counts(q);

            DataVersion second = new DemoRegion(2, DemoSize.TEST).generate(store, ProgressListener.none());

            assertThat(second.version()).isEqualTo(2);
            assertThat(store.currentVersion()).contains(second);
            assertThat(q.count("meta.data_version")).isEqualTo(2);
            assertThat(counts(q)).isEqualTo(counts);
            assertThat(counts.get("budget.execution")).isEqualTo(DemoSize.TEST.budgetOperations());
            assertThat(counts.get("procurement.contract")).isEqualTo(DemoSize.TEST.contracts());
            assertThat(q.strings("SELECT DISTINCT load_id FROM budget.execution"))
                    .containsExactly(q.strings("SELECT max(load_id) FROM meta.load").get(0));
        }
    }

    @Test
    void theLoadRecordCountsEveryRowWritten() throws SQLException {
        try (Store store = Store.inMemory()) {
            Queries q = new Queries(store);
            DataVersion version = new DemoRegion(5, DemoSize.TEST).generate(store, ProgressListener.none());
            long rows = counts(q).values().stream().mapToLong(Long::longValue).sum();

            assertThat(q.strings("SELECT job || '|' || status || '|' || data_version || '|' || rows_read || '|'"
                    + " || rows_loaded || '|' || rows_quarantined FROM meta.load"))
                    .containsExactly("demo|published|" + version.version() + "|" + rows + "|" + rows + "|0");
            assertThat(q.strings("SELECT source_extract FROM meta.load").get(0)).contains("seed=5", "size=test");
            // Per table: meta.load_table holds exactly the rows each table has.
            for (Map.Entry<String, Long> table : counts(q).entrySet()) {
                assertThat(q.strings("SELECT rows_loaded || '|' || rows_read || '|' || rows_quarantined FROM meta.load_table"
                        + " WHERE target = '" + table.getKey() + "'")).as(table.getKey())
                        .containsExactly(table.getValue() + "|" + table.getValue() + "|0");
            }
            assertThat(q.count("meta.load_table")).isEqualTo(ALL_TABLES.size());
            // Lineage: the generator's parameters and every reference file with its checksum.
            assertThat(q.strings("SELECT name FROM meta.load_source WHERE sha256 IS NULL")).singleElement()
                    .asString().startsWith("demo: seed=5");
            assertThat(q.count("meta.load_source WHERE regexp_full_match(sha256, '[0-9a-f]{64}')")).isEqualTo(12);
            assertThat(q.strings("SELECT source_checksum FROM meta.load").get(0)).matches("[0-9a-f]{64}");
        }
    }

    @Test
    void aFailureLeavesTheStoreAsItWas() throws SQLException {
        try (Store store = Store.inMemory()) {
            Queries q = new Queries(store);
            new DemoRegion(1, DemoSize.TEST).generate(store, ProgressListener.none());
            Map<String, String> before = new LinkedHashMap<>();
            for (String table : ALL_TABLES) {
                before.put(table, q.fingerprint(table));
            }
            // Fails after the budget is written (through the appender) and while procurement is being written.
            ProgressListener failing = (stage, done, total) -> {
                if (stage.equals("закупки") && done > 0) {
                    throw new IllegalStateException("disk full");
                }
            };

            assertThatThrownBy(() -> new DemoRegion(2, DemoSize.of("small", 10_000)).generate(store, failing))
                    .isInstanceOf(IllegalStateException.class).hasMessage("disk full");

            for (String table : ALL_TABLES) {
                assertThat(q.fingerprint(table)).as(table).isEqualTo(before.get(table));
            }
            assertThat(q.count("meta.data_version")).isEqualTo(1);
            assertThat(q.count("meta.load")).isEqualTo(1);
        }
    }

    @Test
    void reportsProgressOfEveryStage() {
        try (Store store = Store.inMemory()) {
            List<String> finished = new ArrayList<>();
            new DemoRegion(3, DemoSize.TEST).generate(store, (stage, done, total) -> {
                assertThat(done).isBetween(0L, total);
                if (done == total && !finished.contains(stage)) {
                    finished.add(stage);
                }
            });
            assertThat(finished).containsExactlyElementsOf(DemoRegion.stages());
        }
    }

    private static Map<String, Long> counts(Queries q) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : ALL_TABLES) {
            counts.put(table, q.count(table));
        }
        return counts;
    }
}
