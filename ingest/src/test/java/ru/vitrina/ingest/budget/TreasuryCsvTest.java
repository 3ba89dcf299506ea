package ru.vitrina.ingest.budget;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TreasuryCsvTest {
    @Test
    void amountsWithRussianSeparators() {
        assertThat(TreasuryCsv.amount("1 234 567,89")).isEqualTo(123_456_789L);
        assertThat(TreasuryCsv.amount("1\u00A0234,5")).isEqualTo(123_450L);
        assertThat(TreasuryCsv.amount("1\u202F000")).isEqualTo(100_000L);
        assertThat(TreasuryCsv.amount("-12.30")).isEqualTo(-1_230L);
        assertThat(TreasuryCsv.amount(" ")).isNull();
        for (String bad : List.of("1,234,5", "12,", ",5", "1,234", "abc", "-", "1e5", "1,2-")) {
            if (!bad.equals("1,234")) {
                assertThatThrownBy(() -> TreasuryCsv.amount(bad)).as(bad).isInstanceOf(NumberFormatException.class);
            }
        }
        assertThatThrownBy(() -> TreasuryCsv.amount("1,234")).isInstanceOf(NumberFormatException.class);
    }

    @Test
    void datesRussianAndIso() {
        assertThat(TreasuryCsv.date("05.01.2024")).isEqualTo(LocalDate.of(2024, 1, 5));
        assertThat(TreasuryCsv.date("2024-01-05")).isEqualTo(LocalDate.of(2024, 1, 5));
        assertThat(TreasuryCsv.timestamp("05.01.2024 13:45:10")).isEqualTo(LocalDateTime.of(2024, 1, 5, 13, 45, 10));
        assertThat(TreasuryCsv.timestamp("2024-01-05T13:45")).isEqualTo(LocalDateTime.of(2024, 1, 5, 13, 45));
        for (String bad : List.of("31.02.2024", "5.1.2024", "2024/01/05", "05.01.24")) {
            assertThatThrownBy(() -> TreasuryCsv.date(bad)).as(bad).isInstanceOf(java.time.DateTimeException.class);
        }
    }

    @Test
    void quotedFieldsAndRoundTripFormatting() throws Exception {
        assertThat(TreasuryCsv.split("1;\"a;b\";\"say \"\"hi\"\"\";")).containsExactly("1", "a;b", "say \"hi\"", "");
        assertThat(TreasuryCsv.amount(TreasuryCsv.formatAmount(-123_456_789L))).isEqualTo(-123_456_789L);
        assertThat(TreasuryCsv.formatAmount(5L)).isEqualTo("0,05");
    }
}
