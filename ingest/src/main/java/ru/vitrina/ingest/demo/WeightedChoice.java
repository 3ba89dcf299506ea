package ru.vitrina.ingest.demo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

import static java.util.Objects.requireNonNull;

/** Picks items with probability proportional to their weights (binary search over cumulative weights). */
final class WeightedChoice<T> {
    private final List<T> items;
    private final double[] cumulative;

    WeightedChoice(List<T> items, double[] weights) {
        this.items = List.copyOf(requireNonNull(items, "items"));
        requireNonNull(weights, "weights");
        if (items.isEmpty() || items.size() != weights.length) {
            throw new IllegalArgumentException(items.size() + " items, " + weights.length + " weights");
        }
        cumulative = new double[weights.length];
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            if (!(weights[i] >= 0) || Double.isInfinite(weights[i])) {
                throw new IllegalArgumentException("weight " + weights[i] + " of " + items.get(i));
            }
            sum += weights[i];
            cumulative[i] = sum;
        }
        if (sum <= 0) {
            throw new IllegalArgumentException("all weights are 0");
        }
    }

    /**
     * A choice of codes written as alternating code, weight pairs ({@code "0701", 5.0, "0702", 14.0, ...}), which
     * reads like the tables they come from; {@code excluded}, if not null, gets weight 0.
     */
    static WeightedChoice<String> ofPairs(Object[] pairs, String excluded) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("code, weight pairs expected");
        }
        List<String> codes = new ArrayList<>(pairs.length / 2);
        double[] weights = new double[pairs.length / 2];
        for (int i = 0; i < pairs.length; i += 2) {
            codes.add((String) pairs[i]);
            weights[i / 2] = pairs[i].equals(excluded) ? 0 : ((Number) pairs[i + 1]).doubleValue();
        }
        return new WeightedChoice<>(codes, weights);
    }

    T pick(SplittableRandom random) {
        return items.get(pickIndex(random));
    }

    int pickIndex(SplittableRandom random) {
        double target = random.nextDouble() * cumulative[cumulative.length - 1];
        int index = Arrays.binarySearch(cumulative, target);
        index = index >= 0 ? index + 1 : -index - 1;
        // Skip zero-weight items that share the cumulative value of their predecessor.
        while (index < cumulative.length - 1 && cumulative[index] <= target) {
            index++;
        }
        return Math.min(index, cumulative.length - 1);
    }

    /**
     * {@code n} picks spread evenly over the weights (systematic sampling), in random order. Unlike {@code n}
     * independent picks, every item with at least 1/n of the weight is picked, and each item's count is within one
     * of its expected count, so small samples keep the proportions.
     */
    List<T> spread(SplittableRandom random, int n) {
        List<T> picks = new ArrayList<>(n);
        double step = cumulative[cumulative.length - 1] / n;
        double position = random.nextDouble() * step;
        int index = 0;
        for (int k = 0; k < n; k++, position += step) {
            while (index < cumulative.length - 1 && cumulative[index] <= position) {
                index++;
            }
            picks.add(items.get(index));
        }
        for (int i = picks.size() - 1; i > 0; i--) {
            Collections.swap(picks, i, random.nextInt(i + 1));
        }
        return picks;
    }

    List<T> items() {
        return items;
    }
}
