package ru.vitrina.ingest.demo;

import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * How much demo data to generate. The budget (one row per operation) is the big table; procurement scales with
 * it (a contract per ~20 operations). Health and labour are monthly panels (months × municipalities ×
 * chapters or OKVED sections, about 40 000 rows) and do not scale.
 */
public record DemoSize(String name, long budgetOperations, long contracts) {
    /** Below this the budget has too few lines per year to show its shape. */
    public static final long MIN_BUDGET_OPERATIONS = 1_000;

    /** For unit tests: generates in about a second. */
    public static final DemoSize TEST = of("test", 5_000);
    /** The default demo. */
    public static final DemoSize DEMO = of("demo", 1_000_000);
    /** For benchmarks of the query engine. */
    public static final DemoSize BENCH = of("bench", 20_000_000);

    public DemoSize {
        requireNonNull(name, "name");
        if (budgetOperations < MIN_BUDGET_OPERATIONS) {
            throw new IllegalArgumentException("at least " + MIN_BUDGET_OPERATIONS + " budget operations, not " + budgetOperations);
        }
        if (contracts < 1) {
            throw new IllegalArgumentException("at least one contract, not " + contracts);
        }
    }

    /** A size with {@code budgetOperations} and procurement scaled from it. */
    public static DemoSize of(String name, long budgetOperations) {
        return new DemoSize(name, budgetOperations, Math.max(100, budgetOperations / 20));
    }

    /** "test", "demo", "bench", or a number of budget operations such as "5000", "500k", "2m". */
    public static DemoSize parse(String text) {
        requireNonNull(text, "text");
        String value = text.strip().toLowerCase(Locale.ROOT).replace("_", "");
        return switch (value) {
            case "test" -> TEST;
            case "demo" -> DEMO;
            case "bench" -> BENCH;
            default -> ofCount(text, value);
        };
    }

    private static DemoSize ofCount(String text, String value) {
        long multiplier = value.endsWith("k") ? 1_000 : value.endsWith("m") ? 1_000_000 : 1;
        String digits = multiplier == 1 ? value : value.substring(0, value.length() - 1);
        try {
            return of(value, Math.multiplyExact(Long.parseLong(digits), multiplier));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("Unknown demo size «" + text + "»: test, demo, bench or a number like 2m", e);
        }
    }
}
