package ru.vitrina.ingest.demo;

import ru.vitrina.engine.store.Store;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/** Reads answers out of a store in tests. */
final class Queries {
    private final Store store;

    Queries(Store store) {
        this.store = requireNonNull(store, "store");
    }

    long count(String fromWhere) throws SQLException {
        return number("SELECT count(*) FROM " + fromWhere).longValueExact();
    }

    BigDecimal number(String sql) throws SQLException {
        List<String> values = strings(sql);
        if (values.size() != 1 || values.get(0) == null) {
            throw new AssertionError("expected one value from " + sql + ", got " + values);
        }
        return new BigDecimal(values.get(0));
    }

    double fraction(String sql) throws SQLException {
        return number(sql).doubleValue();
    }

    List<String> strings(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = store.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    /** Row count and an order-independent checksum of every column of {@code table}. */
    String fingerprint(String table) throws SQLException {
        return strings("SELECT count(*) || ':' || coalesce(sum(hash(t)), 0) FROM " + table + " t").get(0);
    }
}
