package ru.vitrina.engine.store;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The tables a statement reads, and whether a publication's writes may change its answer. */
class TablesReadTest {
    @Test
    void findsTablesInJoinsSubqueriesAndCommonTableExpressions() throws Exception {
        try (Store store = Store.inMemory(); Connection connection = store.connect()) {
            TablesRead read = TablesRead.of(connection, "WITH years AS (SELECT DISTINCT year FROM ref.population)"
                    + " SELECT e.municipality_oktmo, (SELECT max(name_ru) FROM ref.territory) FROM budget.execution e"
                    + " LEFT JOIN \"Labour\".market m ON true JOIN years ON true"
                    + " WHERE e.operation_date >= ? AND e.section_code IN (SELECT code FROM ref.budget_section)");
            assertThat(read.known()).isTrue();
            assertThat(read.tables()).containsExactlyInAnyOrder("ref.population", "ref.territory", "budget.execution",
                    "labour.market", "main.years", "ref.budget_section");
        }
    }

    @Test
    void aTableFunctionAViewOrAStatementThatDoesNotParseIsUnknownAndChangedByAnyWrite() throws Exception {
        try (Store store = Store.inMemory(); Connection connection = store.connect()) {
            TablesRead file = TablesRead.of(connection, "SELECT * FROM budget.execution, read_parquet('/tmp/x.parquet')");
            TablesRead broken = TablesRead.of(connection, "SELEC oops");
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE VIEW budget.recent AS SELECT * FROM budget.execution WHERE operation_date > DATE '2025-01-01'");
            }
            TablesRead view = TablesRead.of(connection, "SELECT count(*) FROM Budget.Recent");
            assertThat(file.known()).isFalse();
            assertThat(broken.known()).isFalse();
            assertThat(view.known()).as("a view hides the tables a publication names").isFalse();
            assertThat(Written.schemas("indicator").changes(file)).isTrue();
            assertThat(Written.schemas("indicator").changes(broken)).isTrue();
        }
    }

    @Test
    void aPublicationChangesWhatReadsATableOrASchemaItWrote() {
        TablesRead budget = new TablesRead(true, Set.of("budget.execution", "ref.territory"));
        assertThat(Written.tables(List.of("budget.execution")).changes(budget)).isTrue();
        assertThat(Written.tables(List.of("REF.Territory")).changes(budget)).as("identifiers ignore case").isTrue();
        assertThat(Written.schemas("ref").changes(budget)).isTrue();
        assertThat(Written.tables(List.of("labour.market")).and(Written.schemas("meta", "indicator")).changes(budget)).isFalse();
        assertThat(Written.tables(List.of("execution")).changes(budget)).as("an unqualified name is in main").isFalse();
        assertThat(Written.everything().changes(budget)).isTrue();
        assertThat(Written.schemas("meta").and(Written.everything()).changes(budget)).isTrue();
    }
}
