package ru.vitrina.api.jdbc;

import ru.vitrina.cubes.load.CubeFiles;
import ru.vitrina.cubes.model.CubeModel;
import ru.vitrina.engine.access.AnalyticalLane;
import ru.vitrina.engine.cache.ResultCache;
import ru.vitrina.engine.query.DateRangeParser;
import ru.vitrina.engine.query.QueryEngine;
import ru.vitrina.engine.query.QueryLimits;
import ru.vitrina.engine.query.QueryParser;
import ru.vitrina.engine.sql.SqlService;
import ru.vitrina.engine.store.Store;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A small deterministic store for the JDBC tests: 300 budget operations of five municipalities and their references. */
final class JdbcFixture implements AutoCloseable {
    final Store store = Store.inMemory();
    /** Two places: the JDBC tests run a few statements at once and must not wait for each other. */
    final AnalyticalLane lane = new AnalyticalLane(2, Duration.ofSeconds(60));
    final QueryEngine engine;
    final SqlService sql;

    JdbcFixture() {
        CubeModel model = new CubeFiles().builtIn();
        try {
            fill();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        engine = new QueryEngine(store, model, new QueryParser(model, new DateRangeParser(Clock.systemUTC())), QueryLimits.DEFAULTS,
                new ResultCache(10_000), false, new ru.vitrina.engine.access.QueryPermits(4, java.time.Duration.ofSeconds(60)), lane);
        sql = SqlService.start(store, engine);
    }

    private void fill() throws SQLException {
        String[][] municipalities = {{"69701000", "Томск"}, {"69710000", "Северск"}, {"69604000", "Колпашевский район"},
                {"69612000", "Кривошеинский район"}, {"69624000", "Парабельский район"}};
        try (Connection c = store.connect(); Statement st = c.createStatement()) {
            for (String[] m : municipalities) {
                st.execute("INSERT INTO ref.territory VALUES ('" + m[0] + "', '" + m[1] + "', NULL, 2, 'муниципальный район', '69000000', '"
                        + m[0] + "', false, NULL)");
            }
            st.execute("INSERT INTO ref.budget_section VALUES ('0700', '0700', 'Образование'), ('0701', '0700', 'Дошкольное образование'),"
                    + " ('0900', '0900', 'Здравоохранение'), ('0901', '0900', 'Стационарная медицинская помощь')");
        }
        Random random = new Random(7L);
        String[] subsections = {"0701", "0901"};
        try (Connection c = store.connect(); PreparedStatement insert = c.prepareStatement(
                "INSERT INTO budget.execution VALUES (?, ?, ?, ?, ?, '801', ?, ?, '0110100000', '200', ?, ?, ?, now(), 1)")) {
            for (int i = 0; i < 300; i++) {
                String municipality = municipalities[random.nextInt(municipalities.length)][0];
                String subsection = subsections[random.nextInt(subsections.length)];
                BigDecimal plan = BigDecimal.valueOf(random.nextInt(5_000_000), 2);
                insert.setLong(1, i);
                insert.setString(2, "doc-" + i / 2);
                insert.setObject(3, LocalDate.of(2024, 1, 1).plusDays(random.nextInt(366)));
                insert.setString(4, municipality);
                insert.setString(5, municipality);
                insert.setString(6, subsection.substring(0, 2) + "00");
                insert.setString(7, subsection);
                insert.setBigDecimal(8, plan);
                insert.setBigDecimal(9, plan);
                insert.setBigDecimal(10, plan.multiply(BigDecimal.valueOf(random.nextInt(101))).divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP));
                insert.addBatch();
            }
            insert.executeBatch();
        }
        store.publish("jdbc-fixture", null, transaction -> {
        });
    }

    /** Rows of SQL run directly on DuckDB, values made comparable with {@link #comparable}. */
    List<List<Object>> duckDb(String query, Object... parameters) throws SQLException {
        try (Connection c = store.connect(); PreparedStatement statement = c.prepareStatement(query)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                return rows(rows);
            }
        }
    }

    static List<List<Object>> rows(ResultSet rows) throws SQLException {
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

    static Object comparable(Object value) {
        if (value instanceof Number number && !(value instanceof BigDecimal)) {
            value = new BigDecimal(number.toString());
        }
        if (value instanceof BigDecimal decimal) {
            BigDecimal stripped = decimal.stripTrailingZeros();
            return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate();
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toLocalDateTime().toLocalDate();
        }
        if (value instanceof java.time.LocalDateTime time) {
            return time.toLocalDate();
        }
        return value;
    }

    @Override
    public void close() {
        engine.close();
        store.close();
    }
}
