package ru.vitrina.ingest.reference;

import java.util.Arrays;

/** Splits a whole number into integer parts proportional to weights that add up to it exactly. */
public final class LargestRemainder {
    private static final int INDEX_BITS = 23;
    private static final int FRACTION_BITS = 39;
    private LargestRemainder() {
    }

    /**
     * Parts of {@code total} proportional to {@code weights} (all ≥ 0, not all 0). Ties go to the lower
     * index, so the result depends only on the inputs.
     */
    public static long[] split(long total, double[] weights) {
        return split(total, weights, 0);
    }

    /** As {@link #split(long, double[])}, but every part gets at least {@code minimum}. */
    public static long[] split(long total, double[] weights, long minimum) {
        int n = weights.length;
        if (n == 0) {
            throw new IllegalArgumentException("no weights");
        }
        if (total < minimum * n) {
            throw new IllegalArgumentException(total + " cannot give " + n + " parts of at least " + minimum);
        }
        double sum = 0;
        for (double w : weights) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("weight " + w);
            }
            sum += w;
        }
        if (sum <= 0) {
            throw new IllegalArgumentException("all weights are 0");
        }
        long free = total - minimum * n;
        long[] parts = new long[n];
        double[] fractions = new double[n];
        long given = 0;
        for (int i = 0; i < n; i++) {
            double exact = free * (weights[i] / sum);
            long whole = (long) Math.floor(exact);
            parts[i] = whole;
            fractions[i] = exact - whole;
            given += whole;
        }
        long left = free - given;
        if (left > 0) {
            // Leftovers go to the largest fractions; the key packs (1 - fraction, index) so that one primitive
            // sort orders by fraction descending with ties by index.
            if (n >= 1 << INDEX_BITS) {
                throw new IllegalArgumentException("too many parts: " + n);
            }
            long[] keys = new long[n];
            for (int i = 0; i < n; i++) {
                long rank = (long) ((1.0 - fractions[i]) * (1L << FRACTION_BITS));
                keys[i] = (rank << INDEX_BITS) | i;
            }
            Arrays.sort(keys);
            for (int k = 0; k < left; k++) {
                parts[(int) (keys[k] & ((1L << INDEX_BITS) - 1))]++;
            }
        }
        for (int i = 0; i < n; i++) {
            parts[i] += minimum;
        }
        return parts;
    }
}
