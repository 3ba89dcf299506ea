package ru.vitrina.ingest.budget;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The format's rules: splitting, formatting and the field rules on UTF-8 bytes. */
class TreasuryCsvTest {
    private interface Rule {
        long apply(byte[] bytes, int from, int to) throws TreasuryFields.BadField;
    }

    /** The rule applied to {@code text} placed inside other bytes, so that the range bounds are exercised too. */
    private static long convert(Rule rule, String text) throws TreasuryFields.BadField {
        byte[] inner = text.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[inner.length + 4];
        bytes[0] = '9';
        bytes[1] = ';';
        System.arraycopy(inner, 0, bytes, 2, inner.length);
        bytes[bytes.length - 2] = ';';
        bytes[bytes.length - 1] = '9';
        return rule.apply(bytes, 2, 2 + inner.length);
    }

    @Test
    void amountsWithRussianSeparators() throws Exception {
        assertThat(convert(TreasuryFields::amount, "1 234 567,89")).isEqualTo(123_456_789L);
        assertThat(convert(TreasuryFields::amount, "1\u00A0234,5")).isEqualTo(123_450L);
        assertThat(convert(TreasuryFields::amount, "1\u202F000")).isEqualTo(100_000L);
        assertThat(convert(TreasuryFields::amount, "-12.30")).isEqualTo(-1_230L);
        assertThat(convert(TreasuryFields::amount, "- 5")).isEqualTo(-500L);
        assertThat(convert(TreasuryFields::amount, "99999999999999,99")).isEqualTo(9_999_999_999_999_999L);
        assertThat(convert(TreasuryFields::amount, " \u00A0")).isEqualTo(TreasuryFields.EMPTY);
        assertThat(convert(TreasuryFields::amount, "")).isEqualTo(TreasuryFields.EMPTY);
        for (String bad : List.of("1,234,5", "12,", ",5", "1,234", "abc", "-", "1e5", "1,2-", "+5", "1_000", "0x10",
                "123456789012345678", "1234567890123456,78", "5 -", "1.2.3", "1\u2003000", "1\u00A1")) {
            assertThatThrownBy(() -> convert(TreasuryFields::amount, bad)).as(bad).isInstanceOf(TreasuryFields.BadField.class);
        }
        assertThat(convert(TreasuryFields::amount, TreasuryCsv.formatAmount(-123_456_789L))).isEqualTo(-123_456_789L);
    }

    @Test
    void datesRussianAndIso() throws Exception {
        assertThat(convert(TreasuryFields::date, "05.01.2024")).isEqualTo(20240105L);
        assertThat(convert(TreasuryFields::date, " 2024-01-05 ")).isEqualTo(20240105L);
        assertThat(convert(TreasuryFields::date, "29.02.2024")).isEqualTo(20240229L);
        assertThat(convert(TreasuryFields::date, " ")).isEqualTo(TreasuryFields.EMPTY);
        assertThat(convert(TreasuryFields::timestamp, "05.01.2024 13:45:10")).isEqualTo(20240105134510L);
        assertThat(convert(TreasuryFields::timestamp, "2024-01-05T13:45")).isEqualTo(20240105134500L);
        assertThat(convert(TreasuryFields::timestamp, "05.01.2024")).isEqualTo(20240105000000L);
        for (String bad : List.of("31.02.2024", "29.02.2023", "31.04.2024", "5.1.2024", "2024/01/05", "05.01.24",
                "2024-1-05", "00.01.2024", "05.13.2024", "x5.01.2024")) {
            assertThatThrownBy(() -> convert(TreasuryFields::date, bad)).as(bad).isInstanceOf(TreasuryFields.BadField.class);
        }
        for (String bad : List.of("05.01.2024 24:00", "05.01.2024 13:60", "05.01.2024 13:45:60", "05.01.2024  13:45",
                "05.01.2024 1:45", "05.01.2024X13:45", "31.02.2024 10:00", "05.01.2024 13:45:1", "05.01.202")) {
            assertThatThrownBy(() -> convert(TreasuryFields::timestamp, bad)).as(bad)
                    .isInstanceOf(TreasuryFields.BadField.class);
        }
    }

    @Test
    void operationIds() throws Exception {
        assertThat(convert(TreasuryFields::id, " +42 ")).isEqualTo(42L);
        assertThat(convert(TreasuryFields::id, "-7")).isEqualTo(-7L);
        assertThat(convert(TreasuryFields::id, "9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(convert(TreasuryFields::id, "")).isEqualTo(TreasuryFields.EMPTY);
        for (String bad : List.of("9223372036854775808", "1e3", "1_000", "0x10", "4 2", "+", "-")) {
            assertThatThrownBy(() -> convert(TreasuryFields::id, bad)).as(bad).isInstanceOf(TreasuryFields.BadField.class);
        }
    }

    @Test
    void quotedFieldsAndFormatting() throws Exception {
        assertThat(TreasuryCsv.split("1;\"a;b\";\"say \"\"hi\"\"\";")).containsExactly("1", "a;b", "say \"hi\"", "");
        assertThat(TreasuryCsv.formatAmount(5L)).isEqualTo("0,05");
        assertThat(TreasuryCsv.formatAmount(-123_456_789L)).isEqualTo("-1\u00A0234\u00A0567,89");
    }
}
