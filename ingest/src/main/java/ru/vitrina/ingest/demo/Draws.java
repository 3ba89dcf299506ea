package ru.vitrina.ingest.demo;

import java.util.SplittableRandom;

/** Random draws used by the simulators; all take the generator explicitly so a seed fixes every value. */
public final class Draws {
    private Draws() {
    }

    /** Uniform in [lo, hi). */
    public static double uniform(SplittableRandom random, double lo, double hi) {
        return lo + (hi - lo) * random.nextDouble();
    }

    /** Log-normal with mean 1 and shape {@code sigma}: a multiplicative noise that does not bias totals. */
    public static double noise(SplittableRandom random, double sigma) {
        return Math.exp(sigma * random.nextGaussian() - sigma * sigma / 2);
    }

    /** Log-normal with the given median and shape. */
    public static double logNormal(SplittableRandom random, double median, double sigma) {
        return median * Math.exp(sigma * random.nextGaussian());
    }

    /** Poisson count with mean {@code lambda}; the normal approximation above 50 is exact enough for counts. */
    public static long poisson(SplittableRandom random, double lambda) {
        if (!(lambda >= 0)) {
            throw new IllegalArgumentException("lambda " + lambda);
        }
        if (lambda >= 50) {
            return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * random.nextGaussian()));
        }
        double limit = Math.exp(-lambda);
        long k = 0;
        double product = random.nextDouble();
        while (product > limit) {
            k++;
            product *= random.nextDouble();
        }
        return k;
    }

    /** True with probability {@code p}. */
    public static boolean chance(SplittableRandom random, double p) {
        return random.nextDouble() < p;
    }
}
