package ru.vitrina.ingest.demo;

import ru.vitrina.ingest.reference.ReferenceFiles;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * The shape of a regional budget: how spending splits over subsections, expense types, administrators and
 * target articles, and how fast each kind of spending is paid out. Shares follow the typical structure of a
 * Russian regional budget (education, social policy, national economy and health largest); administrators and
 * articles come from budget_administrators.csv and target_articles.csv, whose {@code subsections} column says
 * what each one may spend on.
 */
final class BudgetStructure {
    enum Level { REGIONAL, MUNICIPAL }

    /** Share of each subsection in the regional budget, %. */
    private static final Object[] REGIONAL = {
            "0102", 0.1, "0103", 0.4, "0104", 1.2, "0105", 0.3, "0106", 0.4, "0107", 0.2, "0111", 0.1, "0113", 2.3,
            "0203", 0.05, "0204", 0.02, "0304", 0.1, "0309", 0.3, "0310", 1.0, "0314", 0.2,
            "0401", 0.6, "0402", 0.1, "0404", 0.1, "0405", 2.2, "0406", 0.2, "0407", 0.8, "0408", 2.5, "0409", 8.0,
            "0410", 1.0, "0412", 1.7,
            "0501", 2.0, "0502", 2.5, "0503", 1.0, "0505", 0.5,
            "0602", 0.3, "0603", 0.2, "0605", 0.1,
            "0701", 5.0, "0702", 14.0, "0703", 1.5, "0704", 3.0, "0705", 0.3, "0707", 0.6, "0709", 1.6,
            "0801", 2.2, "0804", 0.3,
            "0901", 3.0, "0902", 2.5, "0903", 0.4, "0904", 0.8, "0905", 0.3, "0906", 0.2, "0907", 0.2, "0909", 5.0,
            "1001", 0.4, "1002", 2.5, "1003", 9.0, "1004", 6.0, "1006", 1.1,
            "1101", 0.4, "1102", 0.8, "1103", 0.8, "1105", 0.2,
            "1201", 0.15, "1202", 0.15,
            "1301", 1.2,
            "1401", 3.0, "1402", 1.0, "1403", 1.5};

    /** Share of each subsection in the municipal budgets, %: schools, kindergartens, roads, utilities. */
    private static final Object[] MUNICIPAL = {
            "0102", 0.5, "0103", 0.3, "0104", 5.0, "0106", 1.0, "0111", 0.1, "0113", 4.0, "0203", 0.3,
            "0309", 0.5, "0310", 0.8, "0405", 0.5, "0408", 1.5, "0409", 8.0, "0412", 1.0,
            "0501", 3.0, "0502", 6.0, "0503", 7.0, "0605", 0.3,
            "0701", 14.0, "0702", 25.0, "0703", 5.0, "0707", 0.8, "0709", 2.0,
            "0801", 5.0, "0804", 0.5, "1001", 0.6, "1003", 1.5, "1004", 2.0, "1101", 0.8, "1102", 1.5,
            "1202", 0.3, "1301", 0.3, "1403", 0.5};

    /** Subsections that settlement budgets (level 3) spend on; the rest is district business. */
    static final Set<String> SETTLEMENT_SUBSECTIONS = Set.of(
            "0102", "0104", "0113", "0203", "0310", "0409", "0501", "0502", "0503", "0801", "1102");

    /** Subsections of the regional government itself: spent in the regional capital, not spread over the map. */
    static final Set<String> CENTRAL_SUBSECTIONS = Set.of(
            "0102", "0103", "0104", "0105", "0106", "0107", "0111", "0113", "0204", "0410", "1201", "1202", "1301");

    /** Transfers to municipal budgets: smaller and poorer municipalities get more per head. */
    static final Set<String> TRANSFER_SUBSECTIONS = Set.of("1401", "1402", "1403");

    /** Expense-type weights by section. */
    private static final Map<String, Object[]> EXPENSE_TYPES = new TreeMap<>(Map.ofEntries(
            Map.entry("0100", new Object[]{"100", 0.55, "200", 0.28, "800", 0.12, "300", 0.05}),
            Map.entry("0200", new Object[]{"500", 0.6, "100", 0.3, "200", 0.1}),
            Map.entry("0300", new Object[]{"600", 0.45, "100", 0.25, "200", 0.2, "400", 0.1}),
            Map.entry("0400", new Object[]{"800", 0.35, "200", 0.25, "400", 0.15, "600", 0.15, "500", 0.10}),
            Map.entry("0500", new Object[]{"400", 0.30, "500", 0.25, "800", 0.20, "200", 0.15, "600", 0.10}),
            Map.entry("0600", new Object[]{"200", 0.40, "600", 0.30, "800", 0.20, "500", 0.10}),
            Map.entry("0700", new Object[]{"600", 0.60, "100", 0.12, "500", 0.12, "200", 0.08, "400", 0.06, "300", 0.02}),
            Map.entry("0800", new Object[]{"600", 0.70, "200", 0.10, "400", 0.10, "100", 0.10}),
            Map.entry("0900", new Object[]{"600", 0.45, "200", 0.20, "500", 0.20, "400", 0.08, "300", 0.07}),
            Map.entry("1000", new Object[]{"300", 0.70, "600", 0.15, "500", 0.08, "200", 0.05, "100", 0.02}),
            Map.entry("1100", new Object[]{"600", 0.70, "200", 0.10, "400", 0.12, "100", 0.08}),
            Map.entry("1200", new Object[]{"600", 0.70, "800", 0.30}),
            Map.entry("1300", new Object[]{"700", 1.0}),
            Map.entry("1400", new Object[]{"500", 1.0})));

    /** Cash paid by 31 December as a share of the year's allocations, by expense type. */
    private static final Map<String, Double> EXECUTION = Map.of(
            "100", 0.985, "200", 0.93, "300", 0.98, "400", 0.82, "500", 0.965, "600", 0.975, "700", 0.90, "800", 0.95);

    /** Purchases, capital works and subsidies to producers are paid late in the year. */
    private static final Set<String> BACK_LOADED = Set.of("200", "400", "800");

    /** Monthly share of the year's cash: salaries, benefits and subsidies to institutions. */
    static final double[] EVEN_CURVE = {.065, .080, .085, .085, .085, .085, .085, .085, .090, .085, .080, .090};
    /** Monthly share of the year's cash: purchases and construction, with the December rush. */
    static final double[] BACK_LOADED_CURVE = {.015, .035, .050, .060, .070, .080, .085, .090, .090, .095, .110, .220};
    /** When allocations are revised during the year (February to December). */
    static final double[] REVISION_MONTHS = {0, .05, .08, .12, .10, .12, .08, .07, .10, .10, .10, .08};

    record Administrator(String code, Level level, Set<String> subsections) {
    }

    record Article(String code, Set<String> subsections) {
    }

    private final Map<Level, WeightedChoice<String>> subsections = new TreeMap<>();
    private final Map<String, Double> weights = new TreeMap<>();
    private final Map<String, List<String>> administrators = new TreeMap<>();
    private final Map<String, List<String>> articles = new TreeMap<>();
    private final Map<String, WeightedChoice<String>> expenseTypes = new TreeMap<>();

    BudgetStructure(List<Administrator> administratorList, List<Article> articleList) {
        requireNonNull(administratorList, "administratorList");
        requireNonNull(articleList, "articleList");
        for (Level level : Level.values()) {
            Object[] pairs = level == Level.REGIONAL ? REGIONAL : MUNICIPAL;
            WeightedChoice<String> choice = WeightedChoice.ofPairs(pairs, null);
            subsections.put(level, choice);
            for (int i = 0; i < pairs.length; i += 2) {
                weights.put(key(level, (String) pairs[i]), (Double) pairs[i + 1]);
            }
            for (String subsection : choice.items()) {
                List<String> admins = administratorList.stream()
                        .filter(a -> a.level() == level && a.subsections().contains(subsection))
                        .map(Administrator::code).sorted().toList();
                List<String> arts = articleList.stream()
                        .filter(a -> a.subsections().contains(subsection))
                        .map(Article::code).sorted().toList();
                if (admins.isEmpty() || arts.isEmpty()) {
                    throw new IllegalStateException("Subsection " + subsection + " (" + level + ") has no "
                            + (admins.isEmpty() ? "administrator" : "target article")
                            + " in the reference files: check the subsections columns");
                }
                administrators.put(key(level, subsection), admins);
                articles.put(subsection, arts);
                String section = section(subsection);
                Object[] types = EXPENSE_TYPES.get(section);
                if (types == null) {
                    throw new IllegalStateException("No expense types for section " + section);
                }
                // Municipal budgets pass little on to other budgets; only their own transfers (1403) are type 500.
                expenseTypes.computeIfAbsent(key(level, section),
                        k -> WeightedChoice.ofPairs(types, level == Level.MUNICIPAL && !section.equals("1400") ? "500" : null));
            }
        }
    }

    /** The structure with the administrators and target articles of the reference files. */
    static BudgetStructure read(ReferenceFiles files) {
        List<Administrator> administrators = new ArrayList<>();
        for (Map<String, String> row : files.rows("budget_administrators.csv")) {
            Level level = switch (row.get("budget_level")) {
                case "regional" -> Level.REGIONAL;
                case "municipal" -> Level.MUNICIPAL;
                default -> throw new IllegalStateException("budget_administrators.csv: unknown budget_level "
                        + row.get("budget_level") + " of " + row.get("code"));
            };
            administrators.add(new Administrator(row.get("code"), level, codes(row.get("subsections"))));
        }
        List<Article> articles = new ArrayList<>();
        for (Map<String, String> row : files.rows("target_articles.csv")) {
            articles.add(new Article(row.get("code"), codes(row.get("subsections"))));
        }
        return new BudgetStructure(administrators, articles);
    }

    static String section(String subsection) {
        return subsection.substring(0, 2) + "00";
    }

    WeightedChoice<String> subsections(Level level) {
        return subsections.get(level);
    }

    double subsectionWeight(Level level, String subsection) {
        Double weight = weights.get(key(level, subsection));
        if (weight == null) {
            throw new IllegalArgumentException(subsection + " is not spent on at the " + level + " level");
        }
        return weight;
    }

    List<String> administrators(Level level, String subsection) {
        return administrators.get(key(level, subsection));
    }

    List<String> articles(String subsection) {
        return articles.get(subsection);
    }

    WeightedChoice<String> expenseTypes(Level level, String subsection) {
        return expenseTypes.get(key(level, section(subsection)));
    }

    static double execution(String expenseType) {
        Double rate = EXECUTION.get(expenseType);
        if (rate == null) {
            throw new IllegalArgumentException("expense type " + expenseType);
        }
        return rate;
    }

    static double[] curve(String expenseType) {
        return BACK_LOADED.contains(expenseType) ? BACK_LOADED_CURVE : EVEN_CURVE;
    }

    private static String key(Level level, String code) {
        return level.name() + ':' + code;
    }

    /** Parses the demo-only {@code subsections} column (space-separated codes). */
    private static Set<String> codes(String column) {
        Set<String> codes = new LinkedHashSet<>();
        for (String code : column.strip().split("\\s+")) {
            if (!code.isEmpty()) {
                codes.add(code);
            }
        }
        return Set.copyOf(codes);
    }
}
