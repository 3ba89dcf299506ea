package ru.vitrina.opendata.publish;

import ru.vitrina.engine.query.CompiledQuery;
import ru.vitrina.engine.query.CubeQuery;
import ru.vitrina.engine.query.QueryEngine;
import ru.vitrina.engine.query.SqlCompiler;
import ru.vitrina.engine.store.TablesRead;
import ru.vitrina.opendata.dataset.DataSet;
import ru.vitrina.opendata.dataset.DisclosureSpec;
import ru.vitrina.opendata.dataset.Field;
import ru.vitrina.opendata.disclosure.TableDisclosure;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * The rows of one data set: its cube query compiled once by the engine's compiler (the one definition of every
 * measure, as the dashboards use it), run on a given connection — the publication's transaction — and hidden where
 * disclosure control says so. Values come out normalised: String, BigDecimal, LocalDate, Boolean or null.
 */
public final class DataSetQuery {
    private final DataSet dataSet;
    private final CompiledQuery compiled;
    private final List<Field> fields;

    public DataSetQuery(DataSet dataSet, QueryEngine engine) {
        this.dataSet = requireNonNull(dataSet, "dataSet");
        CubeQuery query = engine.parse(dataSet.query(), engine.limits().forExport());
        this.compiled = new SqlCompiler().compile(query);
        this.fields = compiled.columns().stream().map(Field::of).toList();
        DisclosureSpec disclosure = dataSet.disclosure();
        if (disclosure != null) {
            disclosure(); // checks that the fields it names exist, at start
        }
    }

    public DataSet dataSet() {
        return dataSet;
    }

    /** The tables the set's rows come from. */
    public TablesRead tablesRead(Connection connection) throws SQLException {
        return TablesRead.of(connection, compiled.sql());
    }

    /** The fields as the query gives them; a NUMBER field's scale is learnt when the rows are read. */
    public List<Field> fields() {
        return fields;
    }

    private TableDisclosure disclosure() {
        DisclosureSpec spec = dataSet.disclosure();
        List<String> names = fields.stream().map(Field::name).toList();
        return new TableDisclosure(names, spec.count(), spec.also(), spec.rows(), spec.columns(), spec.by(), spec.threshold());
    }

    /**
     * Reads every row and hands it to {@code sink} in order. With disclosure control the rows are held until every
     * table is complete (complementary cells depend on the whole table); otherwise they stream.
     *
     * @return how many cells disclosure control hid
     */
    public int read(Connection connection, Consumer<Object[]> sink) throws SQLException {
        List<Object[]> held = dataSet.disclosure() == null ? null : new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(compiled.sql())) {
            for (int i = 0; i < compiled.parameters().size(); i++) {
                statement.setObject(i + 1, compiled.parameters().get(i));
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    Object[] row = new Object[fields.size()];
                    for (int i = 0; i < row.length; i++) {
                        row[i] = normalise(rows.getObject(i + 1));
                    }
                    if (held == null) {
                        sink.accept(row);
                    } else {
                        held.add(row);
                    }
                }
            }
        }
        if (held == null) {
            return 0;
        }
        int hidden = disclosure().apply(held);
        held.forEach(sink);
        return hidden;
    }

    /** A DuckDB value as String, BigDecimal (no trailing zeros), LocalDate, Boolean or null. */
    public static Object normalise(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof LocalDate) {
            return value;
        }
        if (value instanceof BigDecimal) {
            BigDecimal decimal = ((BigDecimal) value).stripTrailingZeros();
            return decimal.scale() < 0 ? decimal.setScale(0) : decimal;
        }
        if (value instanceof Double || value instanceof Float) {
            return normalise(BigDecimal.valueOf(((Number) value).doubleValue()));
        }
        if (value instanceof Number) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof Timestamp) {
            return ((Timestamp) value).toLocalDateTime().toLocalDate();
        }
        if (value instanceof LocalDateTime) {
            return ((LocalDateTime) value).toLocalDate();
        }
        if (value instanceof OffsetDateTime) {
            return ((OffsetDateTime) value).toLocalDate();
        }
        if (value instanceof Date) {
            return ((Date) value).toLocalDate();
        }
        return value.toString();
    }
}
