package ru.vitrina.ingest.reference;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LargestRemainderTest {
    @Test
    void partsAddUpExactlyAndFollowTheWeights() {
        long[] parts = LargestRemainder.split(100, new double[]{1, 1, 1});

        assertThat(Arrays.stream(parts).sum()).isEqualTo(100);
        assertThat(parts).containsExactly(34, 33, 33);
    }

    @Test
    void givesEveryPartTheMinimum() {
        long[] parts = LargestRemainder.split(1_000, new double[]{1000, 1, 0}, 3);

        assertThat(Arrays.stream(parts).sum()).isEqualTo(1_000);
        assertThat(Arrays.stream(parts).min().orElseThrow()).isGreaterThanOrEqualTo(3);
        assertThat(parts[0]).isGreaterThan(990);
    }

    @Test
    void scalesToManyParts() {
        double[] weights = new double[200_000];
        Arrays.setAll(weights, i -> 1 + i % 7);

        long[] parts = LargestRemainder.split(5_000_001, weights, 3);

        assertThat(Arrays.stream(parts).sum()).isEqualTo(5_000_001);
    }

    @Test
    void rejectsImpossibleRequests() {
        assertThatThrownBy(() -> LargestRemainder.split(5, new double[]{1, 1}, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LargestRemainder.split(5, new double[]{0, 0})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LargestRemainder.split(5, new double[]{-1, 2})).isInstanceOf(IllegalArgumentException.class);
    }
}
