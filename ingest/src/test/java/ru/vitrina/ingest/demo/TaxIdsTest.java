package ru.vitrina.ingest.demo;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaxIdsTest {
    @Test
    void acceptsRealNumbers() {
        assertThat(TaxIds.isValidInn("7707083893")).isTrue();   // ПАО Сбербанк
        assertThat(TaxIds.isValidInn("500100732259")).isTrue(); // the example of the ФНС check service
        assertThat(TaxIds.isValidKpp("773601001")).isTrue();
    }

    @Test
    void rejectsWrongControlDigitsAndShapes() {
        assertThat(TaxIds.isValidInn("7707083894")).isFalse();
        assertThat(TaxIds.isValidInn("500100732258")).isFalse();
        assertThat(TaxIds.isValidInn("70170000")).isFalse();
        assertThat(TaxIds.isValidInn("70170000a1")).isFalse();
        assertThat(TaxIds.isValidInn(null)).isFalse();
        assertThat(TaxIds.isValidKpp("7017010")).isFalse();
    }

    @Test
    void generatesValidTomskNumbers() {
        for (int serial = 0; serial < 2_000; serial++) {
            String organisation = TaxIds.organisationInn("7017", serial * 37);
            String person = TaxIds.personInn("7024", serial * 411);
            assertThat(organisation).hasSize(10).startsWith("7017");
            assertThat(person).hasSize(12).startsWith("7024");
            assertThat(TaxIds.isValidInn(organisation)).as(organisation).isTrue();
            assertThat(TaxIds.isValidInn(person)).as(person).isTrue();
        }
        assertThat(TaxIds.kpp("7017")).isEqualTo("701701001");
        assertThatThrownBy(() -> TaxIds.organisationInn("70", 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
