package ru.vitrina.opendata.disclosure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Suppression cases computed by hand, as data (suppression-cases.yaml), and the long-form application. */
class CellSuppressionTest {

    static Stream<Arguments> cases() throws IOException {
        try (InputStream in = CellSuppressionTest.class.getResourceAsStream("suppression-cases.yaml")) {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
            List<Arguments> cases = new ArrayList<>();
            root.forEach(node -> cases.add(Arguments.of(node.get("name").asText(), node.path("threshold").asInt(5),
                    lines(node.get("table")), lines(node.get("expected")))));
            return cases.stream();
        }
    }

    private static List<String[]> lines(JsonNode array) {
        List<String[]> lines = new ArrayList<>();
        array.forEach(line -> lines.add(line.asText().trim().split("\\s+")));
        return lines;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void handComputedCase(String name, int threshold, List<String[]> table, List<String[]> expected) {
        BigDecimal[][] counts = new BigDecimal[table.size()][];
        for (int r = 0; r < table.size(); r++) {
            counts[r] = Arrays.stream(table.get(r)).map(v -> v.equals("-") ? null : new BigDecimal(v)).toArray(BigDecimal[]::new);
        }
        Mark[][] marks = new CellSuppression(threshold).suppress(counts);
        List<String> actual = new ArrayList<>();
        for (Mark[] row : marks) {
            StringBuilder line = new StringBuilder();
            for (Mark mark : row) {
                line.append(line.length() == 0 ? "" : " ").append(mark == Mark.PRIMARY ? "P" : mark == Mark.COMPLEMENTARY ? "C" : ".");
            }
            actual.add(line.toString());
        }
        assertThat(actual).as(name).containsExactlyElementsOf(expected.stream().map(l -> String.join(" ", l)).toList());
        assertThat(totalsRevealNothing(counts, marks)).as("no row or column holds exactly one hidden cell unless it is its only cell").isTrue();
    }

    /** The property the rule exists for: no line with a published total has exactly one unknown. */
    private static boolean totalsRevealNothing(BigDecimal[][] counts, Mark[][] marks) {
        for (int r = 0; r < marks.length; r++) {
            int hidden = 0;
            int present = 0;
            for (int c = 0; c < marks[r].length; c++) {
                hidden += marks[r][c].hidden() ? 1 : 0;
                present += counts[r][c] == null ? 0 : 1;
            }
            if (hidden == 1 && present > 1) {
                return false;
            }
        }
        for (int c = 0; c < (marks.length == 0 ? 0 : marks[0].length); c++) {
            int hidden = 0;
            int present = 0;
            for (int r = 0; r < marks.length; r++) {
                hidden += marks[r][c].hidden() ? 1 : 0;
                present += counts[r][c] == null ? 0 : 1;
            }
            if (hidden == 1 && present > 1) {
                return false;
            }
        }
        return true;
    }

    @Test
    void longFormRowsLoseTheirCountAndWhatIsComputedFromIt() {
        List<String> fields = List.of("month", "municipality", "chapter", "cases", "rate");
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[] {"2024-01", "A", "I", new BigDecimal(3), new BigDecimal("12.5")});
        rows.add(new Object[] {"2024-01", "A", "II", new BigDecimal(7), new BigDecimal("30.1")});
        rows.add(new Object[] {"2024-01", "B", "I", new BigDecimal(8), new BigDecimal("5.0")});
        rows.add(new Object[] {"2024-01", "B", "II", new BigDecimal(9), new BigDecimal("6.0")});
        rows.add(new Object[] {"2024-02", "A", "I", new BigDecimal(30), new BigDecimal("1")});
        rows.add(new Object[] {"2024-02", "A", "II", new BigDecimal(40), new BigDecimal("2")});
        int hidden = new TableDisclosure(fields, "cases", List.of("rate"), "municipality", "chapter", List.of("month"), 5).apply(rows);
        assertThat(hidden).isEqualTo(4);
        for (int i = 0; i < 4; i++) {
            assertThat(rows.get(i)[3]).isNull();
            assertThat(rows.get(i)[4]).isNull();
        }
        assertThat(rows.get(4)[3]).isEqualTo(new BigDecimal(30));
    }

    @Test
    void aCellTwiceInOneTableIsRefusedNamingTheFix() {
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[] {"A", "I", new BigDecimal(3)});
        rows.add(new Object[] {"A", "I", new BigDecimal(4)});
        TableDisclosure disclosure = new TableDisclosure(List.of("m", "c", "n"), "n", List.of(), "m", "c", List.of(), 5);
        assertThatThrownBy(() -> disclosure.apply(rows)).hasMessageContaining("'by'");
    }

    @Test
    void unknownFieldIsNamed() {
        assertThatThrownBy(() -> new TableDisclosure(List.of("a"), "cases", List.of(), "a", "a", List.of(), 5))
                .hasMessageContaining("'cases'");
    }
}
