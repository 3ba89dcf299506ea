package ru.vitrina.ingest.demo;

import org.duckdb.DuckDBAppender;
import ru.vitrina.engine.store.TableAppender;
import ru.vitrina.ingest.demo.BudgetStructure.Level;
import ru.vitrina.ingest.demo.RegionModel.Municipality;
import ru.vitrina.ingest.reference.LargestRemainder;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

import static java.util.Objects.requireNonNull;

/**
 * Operations of the regional and municipal budgets (budget.execution), one row per operation.
 *
 * <p>Each year the budget is split into lines (territory × administrator × subsection × target article ×
 * expense type). A line gets its allocation in January (88–97 % of the year's total), a few revisions during the
 * year, and cash payments spread over the months along a payment curve with the December rush; its cash adds up
 * to the allocation times an execution rate of its expense type (93–98 % overall). Operation ids grow with
 * time, and the table is stored in that order.
 *
 * <p>Java draws every value from a {@link SplittableRandom}; the rows go through the DuckDB appender as numbers
 * only (five values a row) into a temporary table, and one INSERT … SELECT per month joins the line's codes and
 * formats document numbers in DuckDB. Appending costs per value, so this takes about half the CPU of appending
 * the fifteen columns with their strings from Java.
 */
final class BudgetSimulator {
    static final String STAGE = "бюджет";

    /** The year's final allocations, roubles: a regional budget of a region with about a million people. */
    private static final Map<Integer, Long> PLAN_RUB = Map.of(
            2023, 112_000_000_000L, 2024, 119_000_000_000L, 2025, 125_000_000_000L, 2026, 130_000_000_000L);
    /** The rest is spent by the municipal and settlement budgets out of their own revenues. */
    private static final double REGIONAL_SHARE = 0.88;
    private static final double REGIONAL_LINE_SHARE = 0.7;
    private static final int OPERATIONS_PER_LINE = 30;
    private static final int MIN_LINES = 24;
    private static final int MIN_OPERATIONS_PER_LINE = 3;

    /** Sort keys pack (second of the year, row index): 25 + 38 bits. */
    private static final int INDEX_BITS = 38;
    private static final long INDEX_MASK = (1L << INDEX_BITS) - 1;
    private static final int WORKDAY_START = 9 * 3600;
    private static final int WORKDAY_SECONDS = 9 * 3600;

    /** line_kind = line * 2 + kind: one value less to append per row, and appending is the slow part. */
    private static final String CREATE_STAGING = "CREATE OR REPLACE TEMP TABLE demo_budget_op (operation_id BIGINT,"
            + " line_kind INTEGER, document_no INTEGER, happened_at TIMESTAMP, amount DECIMAL(18,2))";

    private static final byte PLAN = 0;
    private static final byte CASH = 1;

    private final RegionModel region;
    private final BudgetStructure structure;
    private final WorkingCalendar calendar;

    BudgetSimulator(RegionModel region, BudgetStructure structure, WorkingCalendar calendar) {
        this.region = requireNonNull(region, "region");
        this.structure = requireNonNull(structure, "structure");
        this.calendar = requireNonNull(calendar, "calendar");
    }

    /** One budget line of a year. Amounts in kopecks. */
    private record Line(String oktmo, String municipality, Level level, String administrator, String subsection,
                        String article, String expenseType, double weight, long amount, double limitRatio,
                        double execution, int documentGroup) {
        Line withAmount(long value) {
            return new Line(oktmo, municipality, level, administrator, subsection, article, expenseType, weight,
                    value, limitRatio, execution, documentGroup);
        }
    }

    /** Writes exactly {@code operations} rows; returns that number. */
    long write(Connection transaction, SplittableRandom random, long operations, long loadId,
               ProgressListener progress) throws SQLException {
        int firstYear = calendar.first().getYear();
        int lastYear = calendar.last().getYear();
        double[] monthsPerYear = new double[lastYear - firstYear + 1];
        for (int year = firstYear; year <= lastYear; year++) {
            monthsPerYear[year - firstYear] = year == lastYear ? calendar.last().getMonthValue() : 12;
        }
        long[] operationsPerYear = LargestRemainder.split(operations, monthsPerYear);
        long nextId = 1;
        long done = 0;
        progress.progress(STAGE, 0, operations);
        for (int year = firstYear; year <= lastYear; year++) {
            int count = Math.toIntExact(operationsPerYear[year - firstYear]);
            int lastMonth = year == lastYear ? calendar.last().getMonthValue() : 12;
            List<Line> lines = lines(random, year, count);
            YearOperations ops = operations(random, year, lastMonth, lines, count);
            appendLines(transaction, lines);
            DocumentNumbers documents = new DocumentNumbers(lines);
            // One INSERT per month, each sorted by operation id: the table is stored in time order (tight zone maps
            // on operation_date, smaller files: sorted document numbers and dates compress well, and the same
            // physical order on every run). A month at a time keeps each sort small.
            int from = 0;
            while (from < count) {
                int to = monthEnd(ops, from);
                try (Statement statement = transaction.createStatement()) {
                    // A new table rather than DELETE: deleted rows stay in a table until the transaction ends and
                    // would be scanned again by every later month.
                    statement.execute(CREATE_STAGING);
                }
                nextId = appendOperations(transaction, ops, from, to, nextId, documents);
                try (Statement statement = transaction.createStatement()) {
                    statement.execute(insertStaged(loadId));
                }
                done += to - from;
                progress.progress(STAGE, done, operations);
                from = to;
            }
        }
        try (Statement statement = transaction.createStatement()) {
            statement.execute("DROP TABLE demo_budget_op");
            statement.execute("DROP TABLE demo_budget_line");
        }
        return operations;
    }

    /**
     * Copies the staged operations into budget.execution: the line's codes by join, document numbers formatted,
     * the amount into the plan or the fact column, limits from the line's ratio.
     */
    private static String insertStaged(long loadId) {
        String plan = "o.line_kind % 2 = " + PLAN;
        return "INSERT INTO budget.execution SELECT o.operation_id,"
                + " CASE WHEN " + plan + " THEN 'УБА-' ELSE 'ПП-' END || year(o.happened_at) || '-'"
                + " || lpad(CAST(o.document_no AS VARCHAR), 7, '0'),"
                + " CAST(o.happened_at AS DATE), l.oktmo, l.municipality_oktmo, l.administrator_code,"
                + " l.section_code, l.subsection_code, l.target_article, l.expense_type,"
                + " CASE WHEN " + plan + " THEN o.amount ELSE 0 END,"
                + " CASE WHEN " + plan + " THEN CAST(round(o.amount * l.limit_ratio, 2) AS DECIMAL(18,2)) ELSE 0 END,"
                + " CASE WHEN " + plan + " THEN 0 ELSE o.amount END,"
                + " o.happened_at, " + loadId
                + " FROM demo_budget_op o JOIN demo_budget_line l ON l.line = o.line_kind // 2"
                + " ORDER BY o.operation_id";
    }

    /**
     * The year's lines with their allocations; about {@value #OPERATIONS_PER_LINE} operations per line. Every
     * municipality keeps a budget of its own, so each gets municipal lines, in proportion to its population.
     */
    private List<Line> lines(SplittableRandom random, int year, int operations) {
        List<Municipality> all = region.municipalities();
        int count = Math.max(MIN_LINES, operations / OPERATIONS_PER_LINE);
        int regionalLines = (int) Math.round(count * REGIONAL_LINE_SHARE);
        int municipalLines = Math.max(all.size(), count - regionalLines);
        if ((long) (regionalLines + municipalLines) * MIN_OPERATIONS_PER_LINE > operations) {
            throw new IllegalArgumentException(operations + " operations are too few for a year of the budget");
        }
        long[] municipalLinesOf = LargestRemainder.split(municipalLines,
                all.stream().mapToDouble(m -> m.population(year)).toArray(), 1);
        List<Municipality> owners = new ArrayList<>(municipalLines);
        for (int i = 0; i < all.size(); i++) {
            for (long k = 0; k < municipalLinesOf[i]; k++) {
                owners.add(all.get(i));
            }
        }
        Municipality tomsk = all.stream().filter(Municipality::isTomsk).findFirst()
                .orElseThrow(() -> new IllegalStateException("no city of Tomsk in ref.territory"));
        // Remote northern districts cost more per head.
        WeightedChoice<Municipality> regional = municipalities(year, m -> m.north() ? 1.35 : 1.0);
        WeightedChoice<Municipality> transfers = municipalities(year, m -> m.urbanOkrug() ? 0.5 : 2.0);
        Map<String, Integer> documentGroups = new HashMap<>();
        // Spread rather than independent draws: with the few lines of a small demo, every large subsection and
        // municipality still gets its share.
        List<String> regionalSubsections = structure.subsections(Level.REGIONAL).spread(random, regionalLines);
        List<String> municipalSubsections = structure.subsections(Level.MUNICIPAL).spread(random, municipalLines);
        List<Municipality> regionalPlaces = regional.spread(random, regionalLines);

        List<Line> lines = new ArrayList<>(regionalLines + municipalLines);
        for (int i = 0; i < regionalLines + municipalLines; i++) {
            Level level = i < regionalLines ? Level.REGIONAL : Level.MUNICIPAL;
            String subsection = level == Level.REGIONAL ? regionalSubsections.get(i)
                    : municipalSubsections.get(i - regionalLines);
            List<String> administrators = structure.administrators(level, subsection);
            String administrator = administrators.get(random.nextInt(administrators.size()));
            List<String> articles = structure.articles(subsection);
            String article = articles.get(random.nextInt(articles.size()));
            String expenseType = structure.expenseTypes(level, subsection).pick(random);
            Municipality municipality;
            String oktmo;
            double weight = Draws.noise(random, 0.6);
            if (level == Level.REGIONAL) {
                municipality = BudgetStructure.CENTRAL_SUBSECTIONS.contains(subsection) ? tomsk
                        : BudgetStructure.TRANSFER_SUBSECTIONS.contains(subsection) ? transfers.pick(random)
                        : regionalPlaces.get(i);
                oktmo = municipality.oktmo();
            } else {
                municipality = owners.get(i - regionalLines);
                // A municipality's lines share its budget, which follows its population.
                weight *= municipality.population(year) / (double) municipalLinesOf[municipality.index()];
                List<RegionModel.Settlement> settlements = municipality.settlements();
                boolean settlementBudget = !settlements.isEmpty()
                        && BudgetStructure.SETTLEMENT_SUBSECTIONS.contains(subsection) && Draws.chance(random, 0.5);
                oktmo = settlementBudget ? settlements.get(random.nextInt(settlements.size())).oktmo() : municipality.oktmo();
            }
            double limitRatio = Draws.chance(random, 0.8) ? 1.0 : Draws.uniform(random, 0.85, 0.99);
            // Cash cannot exceed the limits of obligations (ЛБО), which cannot exceed the allocations.
            double execution = Math.max(0.5, Math.min(limitRatio,
                    BudgetStructure.execution(expenseType) + 0.015 * random.nextGaussian()));
            int documentGroup = documentGroups.computeIfAbsent(oktmo + '/' + administrator, k -> documentGroups.size());
            lines.add(new Line(oktmo, municipality.oktmo(), level, administrator, subsection, article, expenseType,
                    weight, 0, limitRatio, execution, documentGroup));
        }
        return withAmounts(lines, year);
    }

    /**
     * Allocations: each level's total split by subsection shares (of the subsections drawn this year), then
     * within a subsection by the lines' weights. Section totals thus keep their shares even with few lines.
     */
    private List<Line> withAmounts(List<Line> lines, int year) {
        long total = requireNonNull(PLAN_RUB.get(year), () -> "no budget total for " + year);
        Map<String, Double> weightBySubsection = new TreeMap<>();
        Map<Level, Double> weightByLevel = new TreeMap<>();
        for (Line line : lines) {
            String key = line.level() + ":" + line.subsection();
            if (!weightBySubsection.containsKey(key)) {
                weightByLevel.merge(line.level(), structure.subsectionWeight(line.level(), line.subsection()), Double::sum);
            }
            weightBySubsection.merge(key, line.weight(), Double::sum);
        }
        List<Line> result = new ArrayList<>(lines.size());
        for (Line line : lines) {
            double levelTotal = total * (line.level() == Level.REGIONAL ? REGIONAL_SHARE : 1 - REGIONAL_SHARE);
            double share = structure.subsectionWeight(line.level(), line.subsection()) / weightByLevel.get(line.level())
                    * line.weight() / weightBySubsection.get(line.level() + ":" + line.subsection());
            result.add(line.withAmount(Math.round(levelTotal * share * 100)));
        }
        return result;
    }

    private WeightedChoice<Municipality> municipalities(int year, ToDoubleFunction<Municipality> factor) {
        List<Municipality> all = region.municipalities();
        double[] weights = new double[all.size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = all.get(i).population(year) * factor.applyAsDouble(all.get(i));
        }
        return new WeightedChoice<>(all, weights);
    }

    /** A year's operations in struct-of-arrays form; {@code keys} sorted by time after {@link #operations}. */
    private record YearOperations(long[] keys, int[] line, byte[] kind, long[] amount, long yearStart) {
    }

    private YearOperations operations(SplittableRandom random, int year, int lastMonth, List<Line> lines, int count) {
        double[] lineWeights = new double[lines.size()];
        for (int i = 0; i < lineWeights.length; i++) {
            lineWeights[i] = Math.sqrt(lines.get(i).amount());
        }
        long[] perLine = LargestRemainder.split(count, lineWeights, MIN_OPERATIONS_PER_LINE);
        double[] revisionWeights = Arrays.copyOf(BudgetStructure.REVISION_MONTHS, lastMonth);
        WeightedChoice<Integer> revisionMonth = new WeightedChoice<>(months(lastMonth), revisionWeights);
        int yearStartDay = (int) LocalDate.of(year, 1, 1).toEpochDay();

        long[] keys = new long[count];
        int[] lineOf = new int[count];
        byte[] kind = new byte[count];
        long[] amount = new long[count];
        int p = 0;
        for (int l = 0; l < lines.size(); l++) {
            Line line = lines.get(l);
            int n = (int) perLine[l];
            int revisions = (int) Math.min(n - 2, n / 20 + Draws.poisson(random, 0.7));
            int payments = n - 1 - revisions;
            long total = line.amount();
            long initial = revisions == 0 ? total : Math.round(total * Draws.uniform(random, 0.88, 0.97));

            // Allocation brought to the administrator on the first working day of the year.
            int second = second(calendar.firstWorkingDay(year), yearStartDay, WORKDAY_START + random.nextInt(2 * 3600));
            p = put(keys, lineOf, kind, amount, p, second, l, PLAN, initial);

            long[] revisionAmounts = revisions(random, total - initial, total, revisions);
            for (long change : revisionAmounts) {
                int month = revisionMonth.pick(random);
                int[] days = calendar.workingDays(year, month);
                second = second(days[random.nextInt(days.length)], yearStartDay, workSecond(random));
                p = put(keys, lineOf, kind, amount, p, second, l, PLAN, change);
            }

            double[] curve = BudgetStructure.curve(line.expenseType());
            double[] cumulative = cumulative(curve);
            double reach = cumulative[lastMonth - 1];
            long cash = Math.round(total * line.execution() * reach);
            double[] weights = new double[payments];
            double weightSum = 0;
            int heaviest = 0;
            for (int k = 0; k < payments; k++) {
                weights[k] = Draws.noise(random, 0.6);
                weightSum += weights[k];
                if (weights[k] > weights[heaviest]) {
                    heaviest = k;
                }
            }
            long paid = 0;
            int heaviestRow = -1;
            for (int k = 0; k < payments; k++) {
                // Stratified over the payment curve: the k-th payment falls in the k-th slice of the year's cash,
                // so even a line with few payments follows the curve.
                double u = (k + random.nextDouble()) / payments * reach;
                int month = monthOf(cumulative, u, lastMonth);
                int[] days = calendar.workingDays(year, month);
                double position = month == 12 ? Math.max(random.nextDouble(), random.nextDouble()) : random.nextDouble();
                second = second(days[(int) (position * days.length)], yearStartDay, workSecond(random));
                long value = (long) Math.floor(cash * (weights[k] / weightSum));
                paid += value;
                if (k == heaviest) {
                    heaviestRow = p;
                }
                p = put(keys, lineOf, kind, amount, p, second, l, CASH, value);
            }
            amount[heaviestRow] += cash - paid;
        }
        if (p != count) {
            throw new IllegalStateException("generated " + p + " operations instead of " + count);
        }
        Arrays.sort(keys);
        return new YearOperations(keys, lineOf, kind, amount, LocalDate.of(year, 1, 1).toEpochDay() * 86_400L);
    }

    /**
     * In-year revisions adding up to {@code change}; now and then one of them takes money away
     * (a reallocation to another line), made up by the others.
     */
    private static long[] revisions(SplittableRandom random, long change, long total, int count) {
        long[] result = new long[count];
        if (count == 0) {
            return result;
        }
        int first = 0;
        long positive = change;
        if (count >= 2 && Draws.chance(random, 0.3)) {
            result[0] = -Math.round(total * Draws.uniform(random, 0.005, 0.03));
            positive -= result[0];
            first = 1;
        }
        double[] weights = new double[count - first];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = -Math.log(1 - random.nextDouble());
        }
        long[] parts = LargestRemainder.split(positive, weights);
        System.arraycopy(parts, 0, result, first, parts.length);
        return result;
    }

    private static int put(long[] keys, int[] lineOf, byte[] kind, long[] amount, int p, int second,
                           int line, byte operationKind, long value) {
        keys[p] = ((long) second << INDEX_BITS) | p;
        lineOf[p] = line;
        kind[p] = operationKind;
        amount[p] = value;
        return p + 1;
    }

    private static int second(int epochDay, int yearStartDay, int secondOfDay) {
        return (epochDay - yearStartDay) * 86_400 + secondOfDay;
    }

    private static int workSecond(SplittableRandom random) {
        return WORKDAY_START + random.nextInt(WORKDAY_SECONDS);
    }

    private static double[] cumulative(double[] curve) {
        double[] cumulative = new double[curve.length];
        double sum = 0;
        for (int m = 0; m < curve.length; m++) {
            sum += curve[m];
            cumulative[m] = sum;
        }
        return cumulative;
    }

    /** The month (1–12) in which the cumulative curve passes {@code u}. */
    private static int monthOf(double[] cumulative, double u, int lastMonth) {
        for (int m = 0; m < lastMonth - 1; m++) {
            if (u < cumulative[m]) {
                return m + 1;
            }
        }
        return lastMonth;
    }

    private static List<Integer> months(int lastMonth) {
        List<Integer> months = new ArrayList<>(lastMonth);
        for (int m = 1; m <= lastMonth; m++) {
            months.add(m);
        }
        return months;
    }

    private static void appendLines(Connection transaction, List<Line> lines) throws SQLException {
        try (Statement statement = transaction.createStatement()) {
            statement.execute("CREATE OR REPLACE TEMP TABLE demo_budget_line (line INTEGER, oktmo VARCHAR,"
                    + " municipality_oktmo VARCHAR, administrator_code VARCHAR, section_code VARCHAR,"
                    + " subsection_code VARCHAR, target_article VARCHAR, expense_type VARCHAR, limit_ratio DOUBLE)");
        }
        try (TableAppender lineTable = TableAppender.temporary(transaction, "demo_budget_line")) {
            DuckDBAppender appender = lineTable.rows();
            for (int i = 0; i < lines.size(); i++) {
                Line line = lines.get(i);
                appender.beginRow()
                        .append(i + 1)
                        .append(line.oktmo())
                        .append(line.municipality())
                        .append(line.administrator())
                        .append(BudgetStructure.section(line.subsection()))
                        .append(line.subsection())
                        .append(line.article())
                        .append(line.expenseType())
                        .append(line.limitRatio())
                        .endRow();
            }
        }
    }

    /** The end (exclusive) of the month that starts at sorted position {@code from}. */
    private static int monthEnd(YearOperations ops, int from) {
        long[] keys = ops.keys();
        LocalDate day = LocalDate.ofEpochDay((ops.yearStart() + (keys[from] >>> INDEX_BITS)) / 86_400);
        long nextMonth = day.withDayOfMonth(1).plusMonths(1).toEpochDay() * 86_400 - ops.yearStart();
        int to = from + 1;
        while (to < keys.length && (keys[to] >>> INDEX_BITS) < nextMonth) {
            to++;
        }
        return to;
    }

    /**
     * Document numbers of a year: payment orders are numbered through the year; an allocation notice covers all
     * lines of one administrator of one budget on one day.
     */
    private static final class DocumentNumbers {
        private final List<Line> lines;
        private final Map<Long, Integer> notices = new HashMap<>();
        private int paymentOrders;

        DocumentNumbers(List<Line> lines) {
            this.lines = lines;
        }

        int next(int line, byte kind, long secondOfYear) {
            if (kind == CASH) {
                return ++paymentOrders;
            }
            long notice = ((long) lines.get(line).documentGroup() << 20) | (secondOfYear / 86_400);
            return notices.computeIfAbsent(notice, k -> notices.size() + 1);
        }
    }

    /** Stages the sorted operations {@code from}..{@code to} (exclusive); returns the next operation id. */
    private static long appendOperations(Connection transaction, YearOperations ops, int from, int to, long nextId,
                                         DocumentNumbers documents) throws SQLException {
        long id = nextId;
        try (TableAppender operationTable = TableAppender.temporary(transaction, "demo_budget_op")) {
            DuckDBAppender appender = operationTable.rows();
            long[] keys = ops.keys();
            for (int i = from; i < to; i++) {
                int p = (int) (keys[i] & INDEX_MASK);
                long secondOfYear = keys[i] >>> INDEX_BITS;
                int line = ops.line()[p];
                byte kind = ops.kind()[p];
                appender.beginRow()
                        .append(id++)
                        .append((line + 1) * 2 + kind)
                        .append(documents.next(line, kind, secondOfYear))
                        .appendEpochMicros((ops.yearStart() + secondOfYear) * 1_000_000L)
                        .appendDecimal(ops.amount()[p])
                        .endRow();
            }
        }
        return id;
    }
}
