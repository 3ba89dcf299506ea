package ru.vitrina.indicators.collection;

import com.fasterxml.jackson.databind.node.DoubleNode;
import org.junit.jupiter.api.Test;
import ru.vitrina.indicators.DemoStore;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Approving a value publishes a new data version that writes the indicator schema only: no rollup reads it, so none is
 * rebuilt (a rebuilt rollup is a new DuckDB table with a new oid). Rebuilding them all made an approval cost seconds.
 */
class ApprovalPublicationTest {
    @Test
    void anApprovalPublishesWithoutRebuildingTheRollups() throws SQLException {
        try (DemoStore demo = DemoStore.open()) {
            CollectionService collection = demo.service().collection();
            EntryKey key = collection.key("SK-1", "2024", "69000000");
            Entry saved = collection.save(People.OFFICER, key, new EntryRequest(DoubleNode.valueOf(72), null, null, 0));
            Entry submitted = collection.submit(People.OFFICER, key, saved.version());
            long version = demo.store().publishedVersion().orElseThrow().version();
            Map<String, Long> before = rollups(demo);

            collection.approve(People.ADMINISTRATOR, key, submitted.version());

            assertThat(demo.store().publishedVersion().orElseThrow().version()).as("a new data version").isEqualTo(version + 1);
            assertThat(before).as("the demo has rollups").isNotEmpty();
            assertThat(rollups(demo)).isEqualTo(before);
        }
    }

    private static Map<String, Long> rollups(DemoStore demo) throws SQLException {
        Map<String, Long> oids = new TreeMap<>();
        try (Connection connection = demo.store().connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT table_name, table_oid FROM duckdb_tables() WHERE schema_name = 'rollup' AND table_name <> 'built'")) {
            while (rows.next()) {
                oids.put(rows.getString(1), rows.getLong(2));
            }
        }
        return oids;
    }
}
