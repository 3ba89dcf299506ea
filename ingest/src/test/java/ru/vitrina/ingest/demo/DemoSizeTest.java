package ru.vitrina.ingest.demo;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DemoSizeTest {
    @Test
    void namedSizes() {
        assertThat(DemoSize.parse("test")).isEqualTo(DemoSize.TEST);
        assertThat(DemoSize.parse(" Demo ").budgetOperations()).isEqualTo(1_000_000);
        assertThat(DemoSize.parse("bench").budgetOperations()).isEqualTo(20_000_000);
    }

    @Test
    void numbersWithSuffixes() {
        assertThat(DemoSize.parse("500k").budgetOperations()).isEqualTo(500_000);
        assertThat(DemoSize.parse("2m").budgetOperations()).isEqualTo(2_000_000);
        assertThat(DemoSize.parse("20_000").budgetOperations()).isEqualTo(20_000);
    }

    @Test
    void procurementScalesWithTheBudget() {
        assertThat(DemoSize.DEMO.contracts()).isEqualTo(50_000);
        assertThat(DemoSize.TEST.contracts()).isEqualTo(250);
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> DemoSize.parse("huge")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DemoSize.parse("10")).isInstanceOf(IllegalArgumentException.class);
    }
}
