package ru.vitrina.ingest.demo;

import org.duckdb.DuckDBAppender;
import ru.vitrina.engine.store.TableAppender;
import ru.vitrina.ingest.demo.RegionModel.Municipality;
import ru.vitrina.ingest.reference.LargestRemainder;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/**
 * Contracts under 44-ФЗ (procurement.contract) of the region's state and municipal customers.
 *
 * <p>Initial prices (НМЦК) are log-normal by method; competitive methods save 0–15 % mostly (a third of them
 * get a single bid and save nothing), single-supplier contracts save nothing. Customers and suppliers have
 * Tomsk tax numbers (prefix 70) with valid control digits; registry numbers follow the ЕИС pattern
 * 3 + customer ИНН + year + serial.
 */
final class ProcurementSimulator {
    static final String STAGE = "закупки";

    private record Method(String code, double share, double medianRub, double sigma, double capRub, boolean competitive) {
    }

    private static final List<Method> METHODS = List.of(
            new Method("EA44", 0.400, 1_000_000, 1.4, 3_000_000_000d, true),
            new Method("EP44", 0.380, 90_000, 1.2, 200_000_000d, false),
            new Method("EM44", 0.120, 60_000, 0.8, 3_000_000d, false),
            new Method("ZK44", 0.070, 350_000, 0.8, 3_000_000d, true),
            new Method("OK44", 0.025, 6_000_000, 1.3, 5_000_000_000d, true),
            new Method("ZA44", 0.003, 3_000_000, 1.0, 500_000_000d, true),
            new Method("ZKK44", 0.002, 5_000_000, 1.0, 500_000_000d, true));

    /** What customers buy, by number of contracts (OKPD2 classes). */
    private static final Object[] GOODS = {
            "21", 12.0, "32", 7.0, "86", 3.0, "10", 6.0, "56", 3.0, "41", 2.0, "42", 2.0, "43", 7.0, "71", 3.0,
            "26", 5.0, "62", 3.0, "63", 2.0, "58", 2.0, "17", 2.0, "20", 3.0, "22", 2.0, "25", 2.0, "27", 2.0,
            "28", 2.0, "29", 2.0, "30", 0.5, "31", 3.0, "13", 1.0, "14", 2.0, "15", 0.5, "19", 3.0, "33", 2.0,
            "35", 1.0, "36", 0.5, "38", 1.5, "45", 2.0, "49", 2.0, "52", 0.5, "53", 0.5, "61", 1.0, "65", 1.0,
            "68", 0.5, "69", 0.5, "74", 0.5, "80", 2.0, "81", 3.0, "82", 0.5, "84", 0.5, "85", 2.0, "88", 0.5,
            "93", 0.5, "95", 1.0, "96", 0.5, "01", 0.5, "02", 0.3, "46", 0.5, "47", 0.5, "77", 0.5, "79", 0.3};
    /** Utilities and other natural monopolies, bought from a single supplier. */
    private static final Object[] UTILITIES = {"35", 5.0, "36", 2.0, "37", 1.0, "61", 2.0, "53", 1.0, "65", 1.0, "68", 1.0};
    /** Construction, design and complex services: what open tenders are for. */
    private static final Object[] TENDERED = {"41", 3.0, "42", 2.0, "43", 2.0, "71", 2.0, "72", 0.5, "62", 1.0, "56", 1.0,
            "86", 1.0, "85", 0.5};
    private static final Set<String> UTILITY_CODES = Set.of("35", "36", "37", "61", "53", "65", "68");
    private static final Map<String, Double> PRICE_FACTOR = Map.ofEntries(
            Map.entry("41", 4.0), Map.entry("42", 4.0), Map.entry("43", 1.5), Map.entry("71", 1.5),
            Map.entry("29", 3.0), Map.entry("21", 1.3), Map.entry("86", 1.5), Map.entry("17", 0.3),
            Map.entry("58", 0.5), Map.entry("32", 1.2), Map.entry("35", 3.0), Map.entry("36", 1.5));
    private static final Set<String> CONSTRUCTION = Set.of("41", "42", "43");
    private static final Set<String> SERVICES = Set.of("49", "56", "61", "80", "81", "35", "36", "37", "86", "65", "68",
            "53", "38", "85");

    /** Contracts by month of signing: the first-quarter wave and the December rush. */
    private static final double[] MONTHS = {.06, .09, .10, .09, .08, .08, .08, .08, .08, .08, .08, .10};
    private static final String[] TOMSK_TAX_OFFICES = {"7017", "7018", "7019", "7020", "7021"};
    private static final int SMB_BLOCK = 20;
    private static final int SMB_PER_BLOCK = 9;
    private static final int SMB_PERSONS_PER_BLOCK = 5;

    private static final List<String> STATUSES = List.of("executed", "executing", "terminated");

    private record Customer(int id, String inn, String kpp, String name, String oktmo) {
    }

    private record Supplier(int id, String inn, boolean smb, boolean utility) {
    }

    private final RegionModel region;
    private final WorkingCalendar calendar;

    ProcurementSimulator(RegionModel region, WorkingCalendar calendar) {
        this.region = requireNonNull(region, "region");
        this.calendar = requireNonNull(calendar, "calendar");
    }

    long write(Connection transaction, SplittableRandom random, long contracts, long loadId,
               ProgressListener progress) throws SQLException {
        Set<String> issued = new HashSet<>();
        Map<String, String> taxOffices = taxOffices();
        List<Customer> customers = customers(transaction, random, contracts, taxOffices, issued);
        double[] activity = new double[customers.size()];
        for (int i = 0; i < activity.length; i++) {
            activity[i] = Draws.noise(random, 0.9);
        }
        WeightedChoice<Customer> customerChoice = new WeightedChoice<>(customers, activity);
        List<Supplier> suppliers = suppliers(random, contracts, taxOffices, issued);
        List<Supplier> utilitySuppliers = suppliers.stream().filter(Supplier::utility).toList();
        List<Supplier> market = suppliers.stream().filter(supplier -> !supplier.utility()).toList();
        double[] popularity = new double[market.size()];
        for (int i = 0; i < popularity.length; i++) {
            popularity[i] = Math.pow(i + 10, -0.8);
        }
        WeightedChoice<Supplier> supplierChoice = new WeightedChoice<>(market, popularity);
        double[] methodShares = METHODS.stream().mapToDouble(Method::share).toArray();
        WeightedChoice<Method> methodChoice = new WeightedChoice<>(METHODS, methodShares);
        WeightedChoice<String> goods = WeightedChoice.ofPairs(GOODS, null);
        WeightedChoice<String> utilities = WeightedChoice.ofPairs(UTILITIES, null);
        WeightedChoice<String> tendered = WeightedChoice.ofPairs(TENDERED, null);

        List<YearMonth> months = new ArrayList<>();
        for (YearMonth m = calendar.first(); !m.isAfter(calendar.last()); m = m.plusMonths(1)) {
            months.add(m);
        }
        double[] monthWeights = new double[months.size()];
        for (int i = 0; i < monthWeights.length; i++) {
            YearMonth m = months.get(i);
            monthWeights[i] = MONTHS[m.getMonthValue() - 1] * (1 + 0.03 * (m.getYear() - calendar.first().getYear()));
        }
        long[] perMonth = LargestRemainder.split(contracts, monthWeights);
        LocalDate periodEnd = calendar.last().atEndOfMonth();
        Map<Long, Integer> serials = new HashMap<>();
        List<String> okpd2Codes = okpd2Codes();
        Map<String, Integer> okpd2Index = new HashMap<>();
        for (String code : okpd2Codes) {
            okpd2Index.put(code, okpd2Index.size());
        }

        createStaging(transaction, customers, suppliers);
        long written = 0;
        progress.progress(STAGE, 0, contracts);
        try (TableAppender contractTable = TableAppender.temporary(transaction, "demo_contract")) {
            DuckDBAppender appender = contractTable.rows();
            for (int mi = 0; mi < months.size(); mi++) {
                YearMonth month = months.get(mi);
                int[] workingDays = calendar.workingDays(month.getYear(), month.getMonthValue());
                int[] days = new int[(int) perMonth[mi]];
                for (int k = 0; k < days.length; k++) {
                    days[k] = workingDays[random.nextInt(workingDays.length)];
                }
                Arrays.sort(days);
                double inflation = Math.pow(1.07, month.getYear() - calendar.first().getYear());
                for (int day : days) {
                    Method method = methodChoice.pick(random);
                    String okpd2 = method.code().equals("EP44") && Draws.chance(random, 0.6) ? utilities.pick(random)
                            : method.code().equals("OK44") ? tendered.pick(random)
                            : goods.pick(random);
                    Customer customer = customerChoice.pick(random);
                    Supplier supplier = method.code().equals("EP44") && UTILITY_CODES.contains(okpd2)
                            ? utilitySuppliers.get(random.nextInt(utilitySuppliers.size()))
                            : supplierChoice.pick(random);
                    double initialRub = Math.min(method.capRub(), Math.max(1_000,
                            Draws.logNormal(random, method.medianRub(), method.sigma())
                                    * PRICE_FACTOR.getOrDefault(okpd2, 1.0) * inflation));
                    long initial = Math.round(initialRub * 100);
                    long price = Math.round(initial * (1 - savings(random, method)));
                    LocalDate signed = LocalDate.ofEpochDay(day);
                    // Registry numbers run per customer and year: 3 + ИНН + YY + serial.
                    int serial = serials.merge((long) customer.id() * 10_000 + signed.getYear(), 1, Integer::sum);
                    int codes = METHODS.indexOf(method) * 10_000 + okpd2Index.get(okpd2) * 10
                            + STATUSES.indexOf(status(random, okpd2, signed, periodEnd));
                    appender.beginRow()
                            .append(customer.id())
                            .append(supplier.id())
                            .append(codes)
                            .append(serial)
                            .appendDecimal(initial)
                            .appendDecimal(price)
                            .appendEpochDays(day)
                            .endRow();
                    written++;
                    if (written % 65_536 == 0) {
                        progress.progress(STAGE, written, contracts);
                    }
                }
            }
        }
        try (Statement statement = transaction.createStatement()) {
            // No ORDER BY, as in the budget: the joins keep the signing-date order at the grain of row groups.
            statement.execute("INSERT INTO procurement.contract SELECT"
                    + " '3' || c.inn || strftime(o.sign_date, '%y') || lpad(CAST(o.serial AS VARCHAR), 6, '0'),"
                    + " c.inn, c.kpp, c.name, c.oktmo, s.inn, s.smb,"
                    + " " + sqlList(METHODS.stream().map(Method::code).toList()) + "[o.codes // 10000 + 1],"
                    + " " + sqlList(okpd2Codes) + "[o.codes // 10 % 1000 + 1],"
                    + " o.initial_price, o.contract_price, o.sign_date,"
                    + " " + sqlList(STATUSES) + "[o.codes % 10 + 1], " + loadId
                    + " FROM demo_contract o JOIN demo_customer c USING (customer) JOIN demo_supplier s USING (supplier)");
            statement.execute("DROP TABLE demo_contract");
            statement.execute("DROP TABLE demo_customer");
            statement.execute("DROP TABLE demo_supplier");
        }
        progress.progress(STAGE, written, contracts);
        return written;
    }

    /**
     * Contracts go through the appender as numbers into a temporary table, and customers and suppliers into two
     * small ones; one INSERT … SELECT joins them. Appending costs per value, and the long names and registry
     * numbers would otherwise cross into DuckDB one by one.
     */
    private static void createStaging(Connection transaction, List<Customer> customers, List<Supplier> suppliers)
            throws SQLException {
        try (Statement statement = transaction.createStatement()) {
            statement.execute("CREATE OR REPLACE TEMP TABLE demo_customer (customer INTEGER, inn VARCHAR, kpp VARCHAR,"
                    + " name VARCHAR, oktmo VARCHAR)");
            statement.execute("CREATE OR REPLACE TEMP TABLE demo_supplier (supplier INTEGER, inn VARCHAR, smb BOOLEAN)");
            statement.execute("CREATE OR REPLACE TEMP TABLE demo_contract (customer INTEGER, supplier INTEGER,"
                    + " codes INTEGER, serial INTEGER, initial_price DECIMAL(18,2), contract_price DECIMAL(18,2),"
                    + " sign_date DATE)");
        }
        try (TableAppender customerTable = TableAppender.temporary(transaction, "demo_customer")) {
            DuckDBAppender appender = customerTable.rows();
            for (Customer c : customers) {
                appender.beginRow().append(c.id()).append(c.inn()).append(c.kpp()).append(c.name()).append(c.oktmo()).endRow();
            }
        }
        try (TableAppender supplierTable = TableAppender.temporary(transaction, "demo_supplier")) {
            DuckDBAppender appender = supplierTable.rows();
            for (Supplier s : suppliers) {
                appender.beginRow().append(s.id()).append(s.inn()).append(s.smb()).endRow();
            }
        }
    }

    /** Every OKPD2 class the simulator can buy, in a fixed order. */
    private static List<String> okpd2Codes() {
        TreeSet<String> codes = new TreeSet<>();
        for (Object[] pairs : List.of(GOODS, UTILITIES, TENDERED)) {
            for (int i = 0; i < pairs.length; i += 2) {
                codes.add((String) pairs[i]);
            }
        }
        return List.copyOf(codes);
    }

    /** A DuckDB list literal of plain codes (letters and digits only, so no quoting issues). */
    private static String sqlList(List<String> codes) {
        StringBuilder list = new StringBuilder("[");
        for (String code : codes) {
            if (!code.matches("[A-Za-z0-9]+")) {
                throw new IllegalArgumentException("not a plain code: " + code);
            }
            list.append(list.length() > 1 ? ", " : "").append('\'').append(code).append('\'');
        }
        return list.append(']').toString();
    }

    /** Share of the initial price saved at the award. */
    private static double savings(SplittableRandom random, Method method) {
        if (method.code().equals("EP44")) {
            return 0;
        }
        if (!method.competitive()) {
            return Draws.chance(random, 0.5) ? 0 : Draws.uniform(random, 0, 0.05);
        }
        if (Draws.chance(random, 0.3)) {
            return 0; // a single bid: the contract is signed at the initial price
        }
        return Math.min(0.6, -0.07 * Math.log(1 - random.nextDouble()));
    }

    /** Terminated now and then; otherwise executed once its term is over by the end of the period. */
    private static String status(SplittableRandom random, String okpd2, LocalDate signed, LocalDate periodEnd) {
        if (Draws.chance(random, 0.03)) {
            return "terminated";
        }
        int months = CONSTRUCTION.contains(okpd2) ? 4 + random.nextInt(11)
                : SERVICES.contains(okpd2) ? 12
                : 1 + random.nextInt(3);
        return signed.plusMonths(months).isAfter(periodEnd) ? "executing" : "executed";
    }

    /** Tax office codes (first 4 digits of ИНН and КПП) by municipality: demo codes, one per district. */
    private Map<String, String> taxOffices() {
        Map<String, String> offices = new HashMap<>();
        int district = 1;
        for (Municipality m : region.municipalities()) {
            String code;
            if (m.isTomsk()) {
                code = TOMSK_TAX_OFFICES[0];
            } else if (m.isSeversk()) {
                code = "7024";
            } else if (m.urbanOkrug()) {
                code = m.oktmo().equals("69710000") ? "7022" : "7023"; // Стрежевой, Кедровый
            } else {
                code = String.format("70%02d", district++);
            }
            offices.put(m.oktmo(), code);
        }
        return offices;
    }

    private String taxOffice(SplittableRandom random, Municipality m, Map<String, String> offices) {
        return m.isTomsk() ? TOMSK_TAX_OFFICES[random.nextInt(TOMSK_TAX_OFFICES.length)] : offices.get(m.oktmo());
    }

    private List<Customer> customers(Connection transaction, SplittableRandom random, long contracts,
                                     Map<String, String> offices, Set<String> issued) throws SQLException {
        int count = (int) Math.max(40, Math.min(6_000, contracts / 30));
        List<Municipality> municipalities = region.municipalities();
        double[] weights = municipalities.stream().mapToDouble(m -> m.population(calendar.first().getYear())).toArray();
        long[] perMunicipality = LargestRemainder.split(count, weights, 2);
        List<String> regionalBodies = regionalBodies(transaction);
        List<Customer> customers = new ArrayList<>();
        for (int i = 0; i < municipalities.size(); i++) {
            Municipality m = municipalities.get(i);
            CustomerNames names = new CustomerNames(m, m.isTomsk() ? regionalBodies : List.of());
            for (int k = 0; k < perMunicipality[i]; k++) {
                String office = taxOffice(random, m, offices);
                String inn = uniqueInn(random, office, issued, false);
                customers.add(new Customer(customers.size(), inn, TaxIds.kpp(office), names.next(random), m.oktmo()));
            }
        }
        return customers;
    }

    private static List<String> regionalBodies(Connection transaction) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement statement = transaction.prepareStatement(
                "SELECT name_ru FROM ref.budget_administrator WHERE code LIKE '8%' ORDER BY code");
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    /**
     * Utility companies (a few, large, for single-supplier utility contracts) followed by the market in order of
     * popularity. In every block of 20 ranks, 9 suppliers are small or medium businesses (5 of them individual
     * entrepreneurs with 12-digit ИНН), so the SMB share of contracts stays near 35 % at any size instead of
     * hanging on whether the few most popular suppliers happen to be SMB.
     */
    private List<Supplier> suppliers(SplittableRandom random, long contracts, Map<String, String> offices,
                                     Set<String> issued) {
        int count = (int) Math.max(60, Math.min(250_000, contracts / 6));
        int utilityCount = Math.max(3, count / 200);
        List<Municipality> municipalities = region.municipalities();
        WeightedChoice<Municipality> home = new WeightedChoice<>(municipalities,
                municipalities.stream().mapToDouble(m -> m.population(calendar.first().getYear())).toArray());
        List<Supplier> suppliers = new ArrayList<>(count);
        for (int i = 0; i < utilityCount; i++) {
            suppliers.add(new Supplier(suppliers.size(),
                    uniqueInn(random, taxOffice(random, home.pick(random), offices), issued, false), false, true));
        }
        int[] block = new int[SMB_BLOCK];
        for (int i = 0; i < count - utilityCount; i++) {
            if (i % SMB_BLOCK == 0) {
                shuffledBlock(random, block);
            }
            int kind = block[i % SMB_BLOCK];
            String office = taxOffice(random, home.pick(random), offices);
            boolean person = kind < SMB_PERSONS_PER_BLOCK;
            boolean smb = kind < SMB_PER_BLOCK;
            suppliers.add(new Supplier(suppliers.size(), uniqueInn(random, office, issued, person), smb, false));
        }
        return suppliers;
    }

    /** 0..SMB_BLOCK-1 in random order: ranks below SMB_PERSONS_PER_BLOCK are entrepreneurs, below SMB_PER_BLOCK SMB. */
    private static void shuffledBlock(SplittableRandom random, int[] block) {
        for (int i = 0; i < block.length; i++) {
            block[i] = i;
        }
        for (int i = block.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = block[i];
            block[i] = block[j];
            block[j] = swap;
        }
    }

    private static String uniqueInn(SplittableRandom random, String office, Set<String> issued, boolean person) {
        while (true) {
            String inn = person ? TaxIds.personInn(office, random.nextInt(1_000_000))
                    : TaxIds.organisationInn(office, random.nextInt(100_000));
            if (issued.add(inn)) {
                return inn;
            }
        }
    }

    /** Plausible, unique names of a municipality's customers: its administration first, then institutions. */
    private static final class CustomerNames {
        private final List<String> fixed = new ArrayList<>();
        private final String genitive;
        private final Map<String, Integer> numbers = new HashMap<>();
        private int nextFixed;

        CustomerNames(Municipality m, List<String> regionalBodies) {
            genitive = genitive(m.nameRu());
            fixed.addAll(regionalBodies);
            fixed.add("Администрация " + (m.nameRu().startsWith("город ") ? "города " + cityGenitive(m.nameRu().substring(6))
                    : genitive));
            if (m.isTomsk()) {
                fixed.add("ОГАУЗ «Томская областная клиническая больница»");
                fixed.add("ОГБУЗ «Областная детская больница»");
            } else if (!m.urbanOkrug()) {
                fixed.add("ОГБУЗ «" + m.nameRu().replace("ский район", "ская") + " районная больница»");
            }
            fixed.add("ОГКУ «Центр социальной поддержки населения " + genitive + "»");
            fixed.add("МКУ «Управление образования " + genitive + "»");
            for (RegionModel.Settlement settlement : m.settlements()) {
                fixed.add("Администрация " + settlementGenitive(settlement.nameRu()));
            }
        }

        String next(SplittableRandom random) {
            if (nextFixed < fixed.size()) {
                return fixed.get(nextFixed++);
            }
            double pick = random.nextDouble();
            String kind = pick < 0.40 ? "МБОУ «Средняя общеобразовательная школа № %d» %s"
                    : pick < 0.70 ? "МБДОУ «Детский сад № %d» %s"
                    : pick < 0.78 ? "МБУ ДО «Детская школа искусств № %d» %s"
                    : pick < 0.85 ? "МАУ «Спортивная школа № %d» %s"
                    : pick < 0.93 ? "ОГБУЗ «Поликлиника № %d» %s"
                    : "ОГБУ «Центр социального обслуживания № %d» %s";
            int number = numbers.merge(kind, 1, Integer::sum);
            return String.format(kind, number, genitive);
        }

        /** «Асиновский район» → «Асиновского района», «город Томск» → «г. Томска». */
        static String genitive(String name) {
            if (name.endsWith("ский район")) {
                return name.substring(0, name.length() - "ский район".length()) + "ского района";
            }
            if (name.startsWith("город ")) {
                return "г. " + cityGenitive(name.substring("город ".length()));
            }
            return name;
        }

        /** «Батуринское сельское поселение» → «Батуринского сельского поселения». */
        static String settlementGenitive(String name) {
            StringBuilder out = new StringBuilder();
            for (String word : name.split(" ")) {
                if (out.length() > 0) {
                    out.append(' ');
                }
                out.append(word.endsWith("ое") ? word.substring(0, word.length() - 2) + "ого"
                        : word.equals("поселение") ? "поселения" : word);
            }
            return out.toString();
        }

        static String cityGenitive(String city) {
            return city.endsWith("ый") || city.endsWith("ой") ? city.substring(0, city.length() - 2) + "ого" : city + "а";
        }
    }
}
