package ru.vitrina.api.bench;

import java.util.Arrays;
import java.util.Locale;

/** Measured durations of one kind of request, in nanoseconds. */
record Latencies(long[] nanos) {
    double percentileMillis(double percentile) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    double p50() {
        return percentileMillis(50);
    }

    double p95() {
        return percentileMillis(95);
    }

    Percentiles percentiles() {
        return new Percentiles(p50(), p95());
    }

    static String millis(double value) {
        return value < 1 ? String.format(Locale.ROOT, "%.3f", value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
