package ru.vitrina.engine.sql;

import ru.vitrina.cubes.load.CubeFiles;
import ru.vitrina.cubes.model.CubeModel;
import ru.vitrina.engine.cache.ResultCache;
import ru.vitrina.engine.query.DateRangeParser;
import ru.vitrina.engine.query.QueryEngine;
import ru.vitrina.engine.query.QueryLimits;
import ru.vitrina.engine.query.QueryParser;
import ru.vitrina.engine.store.Store;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A small, deterministic store for SQL tests: the built-in cubes over a few hundred rows of budget execution and
 * procurement, with their reference tables, in an in-memory DuckDB. One budget row points at a municipality the
 * territory table lacks, so LEFT JOIN semantics show in the numbers.
 */
public final class SqlFixture implements AutoCloseable {
    public static final int BUDGET_ROWS = 400;
    public static final int CONTRACT_ROWS = 240;

    static final String[][] MUNICIPALITIES = {
            {"69701000", "Томск", "Tomsk"},
            {"69710000", "Северск", "Seversk"},
            {"69604000", "Колпашевский район", "Kolpashevo district"},
            {"69612000", "Кривошеинский район", "Krivosheino district"},
            {"69624000", "Парабельский район", "Parabel district"},
    };
    private static final String MISSING_MUNICIPALITY = "69999000";

    public final Store store;
    public final CubeModel model;
    public final QueryEngine engine;
    public final CubeViews views;

    public SqlFixture() {
        this.store = Store.inMemory();
        this.model = new CubeFiles().builtIn();
        try {
            fill(store);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        this.views = new CubeViews(model);
        views.create(store);
        Clock clock = Clock.fixed(Instant.parse("2025-01-15T00:00:00Z"), ZoneOffset.UTC);
        this.engine = new QueryEngine(store, model, new QueryParser(model, new DateRangeParser(clock)), QueryLimits.DEFAULTS,
                new ResultCache(100_000), false, new ru.vitrina.engine.access.QueryPermits(4, java.time.Duration.ofSeconds(60)),
                new ru.vitrina.engine.access.AnalyticalLane(1, java.time.Duration.ofSeconds(60)));
    }

    public SqlService sqlService() {
        return new SqlService(engine, views, CubeSchema.read(store));
    }

    /** Rows of a query run directly on DuckDB (the reference side of differential tests). */
    public List<List<Object>> duckDb(String sql, Object... parameters) {
        try (Connection connection = store.connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                return SqlFixture.rows(rows);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Reads every row, with numbers as BigDecimal stripped of trailing zeros and dates as LocalDate, for comparing. */
    public static List<List<Object>> rows(ResultSet rows) throws SQLException {
        List<List<Object>> result = new ArrayList<>();
        int width = rows.getMetaData().getColumnCount();
        while (rows.next()) {
            List<Object> row = new ArrayList<>();
            for (int i = 1; i <= width; i++) {
                row.add(comparable(rows.getObject(i)));
            }
            result.add(row);
        }
        return result;
    }

    public static Object comparable(Object value) {
        if (value instanceof Number number && !(value instanceof BigDecimal)) {
            value = number instanceof Double || number instanceof Float ? BigDecimal.valueOf(number.doubleValue()) : new BigDecimal(number.toString());
        }
        if (value instanceof BigDecimal decimal) {
            BigDecimal stripped = decimal.setScale(Math.min(decimal.scale(), 6), RoundingMode.HALF_UP).stripTrailingZeros();
            return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate();
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            LocalDateTime time = timestamp.toLocalDateTime();
            return time.toLocalTime().equals(java.time.LocalTime.MIDNIGHT) ? time.toLocalDate() : time;
        }
        if (value instanceof LocalDateTime time && time.toLocalTime().equals(java.time.LocalTime.MIDNIGHT)) {
            return time.toLocalDate();
        }
        return value;
    }

    /** The fixture's rows, written into {@code store} outside any publication. */
    public static void fill(Store store) throws SQLException {
        Random random = new Random(20240501L);
        try (Connection c = store.connect(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO ref.territory VALUES ('69000000', 'Томская область', 'Tomsk Oblast', 1, 'субъект РФ', NULL, NULL, false, NULL)");
            for (String[] m : MUNICIPALITIES) {
                st.execute("INSERT INTO ref.territory VALUES ('" + m[0] + "', '" + m[1] + "', '" + m[2] + "', 2, 'муниципальный район', '69000000', '"
                        + m[0] + "', false, NULL)");
                st.execute("INSERT INTO ref.territory VALUES ('" + m[0].substring(0, 5) + "101', 'Поселение " + m[1] + "', NULL, 3,"
                        + " 'городское поселение', '" + m[0] + "', '" + m[0] + "', true, NULL)");
            }
            String[][] sections = {{"0100", "0100", "Общегосударственные вопросы"}, {"0102", "0100", "Функционирование высшего должностного лица"},
                    {"0700", "0700", "Образование"}, {"0701", "0700", "Дошкольное образование"}, {"0702", "0700", "Общее образование"},
                    {"0900", "0900", "Здравоохранение"}, {"0901", "0900", "Стационарная медицинская помощь"}};
            for (String[] s : sections) {
                st.execute("INSERT INTO ref.budget_section VALUES ('" + s[0] + "', '" + s[1] + "', '" + s[2] + "')");
            }
            st.execute("INSERT INTO ref.expense_type VALUES ('100', 'Расходы на выплаты персоналу'), ('200', 'Закупка товаров, работ и услуг'),"
                    + " ('500', 'Межбюджетные трансферты')");
            st.execute("INSERT INTO ref.budget_administrator VALUES ('801', 'Департамент финансов'), ('802', 'Департамент общего образования'),"
                    + " ('803', 'Департамент здравоохранения')");
            st.execute("INSERT INTO ref.target_article VALUES ('0110100000', 'Развитие дошкольного образования', 'Развитие образования'),"
                    + " ('0210100000', 'Оказание медицинской помощи', 'Развитие здравоохранения'), ('9900000000', 'Непрограммные расходы', NULL)");
            st.execute("INSERT INTO ref.procurement_method VALUES ('EA', 'Электронный аукцион', 'Electronic auction'),"
                    + " ('OK', 'Открытый конкурс', 'Open tender'), ('EP', 'Единственный поставщик', 'Single supplier')");
            st.execute("INSERT INTO ref.okpd2_class VALUES ('21', '21', 'Средства лекарственные'), ('41', '41', 'Здания'), ('62', '62', 'Программное обеспечение')");
        }
        String[] subsections = {"0102", "0701", "0702", "0901"};
        String[] articles = {"0110100000", "0210100000", "9900000000"};
        String[] expenseTypes = {"100", "200", "500"};
        String[] administrators = {"801", "802", "803"};
        try (Connection c = store.connect(); PreparedStatement insert = c.prepareStatement(
                "INSERT INTO budget.execution VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < BUDGET_ROWS; i++) {
                String municipality = i == 7 ? MISSING_MUNICIPALITY : MUNICIPALITIES[random.nextInt(MUNICIPALITIES.length)][0];
                String subsection = subsections[random.nextInt(subsections.length)];
                LocalDate date = LocalDate.of(2023, 1, 1).plusDays(random.nextInt(730));
                BigDecimal plan = BigDecimal.valueOf(random.nextInt(10_000_000), 2);
                BigDecimal fact = plan.multiply(BigDecimal.valueOf(random.nextInt(100))).divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP);
                insert.setLong(1, i + 1);
                insert.setString(2, "doc-" + (i / 3));
                insert.setObject(3, date);
                insert.setString(4, random.nextBoolean() ? municipality : municipality.substring(0, 5) + "101");
                insert.setString(5, municipality);
                insert.setString(6, administrators[random.nextInt(administrators.length)]);
                insert.setString(7, subsection.substring(0, 2) + "00");
                insert.setString(8, subsection);
                insert.setString(9, articles[random.nextInt(articles.length)]);
                insert.setString(10, expenseTypes[random.nextInt(expenseTypes.length)]);
                insert.setBigDecimal(11, plan);
                insert.setBigDecimal(12, plan.multiply(BigDecimal.valueOf(9)).divide(BigDecimal.TEN, 2, RoundingMode.HALF_UP));
                insert.setBigDecimal(13, fact);
                insert.setObject(14, date.atTime(10, 0));
                insert.setLong(15, 1);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        String[] methods = {"EA", "OK", "EP"};
        String[] classes = {"21", "41", "62"};
        String[] statuses = {"executing", "executed", "terminated"};
        try (Connection c = store.connect(); PreparedStatement insert = c.prepareStatement(
                "INSERT INTO procurement.contract VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < CONTRACT_ROWS; i++) {
                BigDecimal initial = BigDecimal.valueOf(100_000 + random.nextInt(50_000_000), 2);
                BigDecimal price = initial.multiply(BigDecimal.valueOf(80 + random.nextInt(21))).divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP);
                insert.setString(1, String.format("%019d", 3_701_700_000_000_000_000L + i));
                String customer = String.valueOf(7_017_000_000L + random.nextInt(20));
                insert.setString(2, customer);
                insert.setString(3, "701701001");
                insert.setString(4, "Заказчик " + customer.substring(6));
                insert.setString(5, MUNICIPALITIES[random.nextInt(MUNICIPALITIES.length)][0]);
                insert.setString(6, String.valueOf(5_400_000_000L + random.nextInt(60)));
                insert.setBoolean(7, random.nextInt(3) == 0);
                insert.setString(8, methods[random.nextInt(methods.length)]);
                insert.setString(9, classes[random.nextInt(classes.length)]);
                insert.setBigDecimal(10, initial);
                insert.setBigDecimal(11, price);
                insert.setObject(12, LocalDate.of(2024, 1, 1).plusDays(random.nextInt(366)));
                insert.setString(13, statuses[random.nextInt(statuses.length)]);
                insert.setLong(14, 2);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        try (Connection c = store.connect(); Statement st = c.createStatement()) {
            for (String[] m : MUNICIPALITIES) {
                st.execute("INSERT INTO ref.population VALUES ('" + m[0] + "', 2024, " + (10_000 + m[0].hashCode() % 5_000 + 5_000)
                        + ", " + m[0].endsWith("4000") + ", 'demo', 3)");
            }
        }
        store.publish("sql-fixture", "deterministic rows for SQL tests", transaction -> {
        });
    }

    @Override
    public void close() {
        engine.close();
        store.close();
    }
}
