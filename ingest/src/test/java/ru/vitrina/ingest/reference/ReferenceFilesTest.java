package ru.vitrina.ingest.reference;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReferenceFilesTest {
    @Test
    void parsesQuotedFieldsWithCommasQuotesAndCrlf() {
        List<Map<String, String>> rows = ReferenceFiles.parse(
                "\uFEFFcode,name\r\n01,\"Один, два\"\r\n02,\"Он сказал \"\"да\"\"\"\r\n03,\r\n", "test.csv");

        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).containsEntry("code", "01").containsEntry("name", "Один, два");
        assertThat(rows.get(1)).containsEntry("name", "Он сказал \"да\"");
        assertThat(rows.get(2)).containsEntry("code", "03").containsEntry("name", "");
    }

    @Test
    void rejectsRowsWithTheWrongNumberOfFields() {
        assertThatThrownBy(() -> ReferenceFiles.parse("a,b\n1,2,3\n", "bad.csv"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("bad.csv line 2");
    }

    @Test
    void readsTheShippedFilesFromTheClasspath() {
        ReferenceFiles files = new ReferenceFiles();

        assertThat(files.rows("tomsk_oblast_mo.csv")).hasSize(20);
        assertThat(files.rows("budget_expense_types.csv")).extracting(r -> r.get("code"))
                .containsExactly("100", "200", "300", "400", "500", "600", "700", "800");
        assertThatThrownBy(() -> files.rows("missing.csv")).hasMessageContaining("/reference/missing.csv");
    }
}
