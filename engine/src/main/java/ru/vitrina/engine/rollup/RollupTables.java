package ru.vitrina.engine.rollup;

import ru.vitrina.cubes.model.Cube;
import ru.vitrina.cubes.model.CubeModel;
import ru.vitrina.cubes.model.Dimension;
import ru.vitrina.cubes.model.Measure;
import ru.vitrina.cubes.model.MeasureType;
import ru.vitrina.cubes.model.Rollup;
import ru.vitrina.cubes.model.SqlTemplate;
import ru.vitrina.engine.query.CompiledQuery;
import ru.vitrina.engine.query.CubeQuery;
import ru.vitrina.engine.query.MemberRef;
import ru.vitrina.engine.query.SqlCompiler;
import ru.vitrina.engine.query.TimeDimensionQuery;
import ru.vitrina.engine.store.DataVersion;
import ru.vitrina.engine.store.Store;
import ru.vitrina.engine.store.StoreException;
import ru.vitrina.engine.store.TablesRead;
import ru.vitrina.engine.store.Written;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Builds the rollups declared in the cube files as DuckDB tables in schema {@code rollup}, one per declaration,
 * with one column per dimension, the time bucket, and one per additive measure. Only measures that can be
 * rolled up again (sum, count, min, max) are stored; number measures are computed from them at query time.
 */
public final class RollupTables {
    public static final String SCHEMA = "rollup";
    private static final String STATE = SCHEMA + ".built";

    private final CubeModel model;
    private final SqlCompiler compiler = new SqlCompiler();

    public RollupTables(CubeModel model) {
        this.model = requireNonNull(model, "model");
    }

    public static String tableName(Cube cube, Rollup rollup) {
        return SCHEMA + ".\"" + cube.name() + "__" + rollup.name() + "\"";
    }

    /** The stored measures of a rollup: those declared, and those the declared number measures are made of. */
    public static Set<Measure> storedMeasures(Cube cube, Rollup rollup) {
        Set<Measure> stored = new LinkedHashSet<>();
        rollup.measures().forEach(name -> collect(cube, cube.measure(name).orElseThrow(), stored));
        return stored;
    }

    private static void collect(Cube cube, Measure measure, Set<Measure> stored) {
        if (measure.type() != MeasureType.NUMBER) {
            if (measure.type().additive()) {
                stored.add(measure);
            }
            return;
        }
        SqlTemplate.references(measure.sql()).stream().map(cube::measure).flatMap(java.util.Optional::stream)
                .forEach(part -> collect(cube, part, stored));
    }

    /**
     * Makes the rollups current at start: rebuilt unless they were built for the current data version from the
     * same definitions (the cube files may have changed since), in a transaction of their own.
     */
    public void ensureCurrent(Store store) {
        try (Connection connection = store.connect()) {
            connection.setAutoCommit(false);
            Optional<DataVersion> version = DataVersion.current(connection);
            if (version.isPresent() && !builtFor(connection, version.get())) {
                rebuild(connection, version.get(), Written.everything());
            }
            connection.commit();
        } catch (SQLException e) {
            throw new StoreException("Cannot build the rollups: " + e.getMessage(), e);
        }
    }

    private boolean builtFor(Connection connection, DataVersion version) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
            statement.execute("CREATE TABLE IF NOT EXISTS " + STATE + " (version BIGINT, definitions VARCHAR)");
        }
        try (PreparedStatement check = connection.prepareStatement("SELECT count(*) FROM " + STATE + " WHERE version = ? AND definitions = ?")) {
            check.setLong(1, version.version());
            check.setString(2, fingerprint());
            try (ResultSet rows = check.executeQuery()) {
                rows.next();
                return rows.getLong(1) > 0;
            }
        }
    }

    /**
     * Rebuilds from the rows of {@code version} every rollup that reads a table the publication wrote (its cube's
     * table, a joined table, a table of the cube's query); run inside the transaction that publishes it. The others
     * hold the same rows as before, so they stay.
     */
    public void rebuild(Connection transaction, DataVersion version, Written written) throws SQLException {
        try (Statement statement = transaction.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
            statement.execute("CREATE OR REPLACE TABLE " + STATE + " (version BIGINT, definitions VARCHAR)");
        }
        for (Cube cube : model.cubes()) {
            for (Rollup rollup : cube.rollups()) {
                CompiledQuery body = compiler.compileUnpaged(definition(cube, rollup));
                if (!written.changes(TablesRead.of(transaction, body.sql()))) {
                    continue;
                }
                try (PreparedStatement create = transaction.prepareStatement(
                        "CREATE OR REPLACE TABLE " + tableName(cube, rollup) + " AS " + body.sql())) {
                    create.execute();
                }
            }
        }
        try (PreparedStatement state = transaction.prepareStatement("INSERT INTO " + STATE + " VALUES (?, ?)")) {
            state.setLong(1, version.version());
            state.setString(2, fingerprint());
            state.execute();
        }
    }

    /** The SQL of every rollup: when a cube file changes a rollup, its fingerprint changes and the rollup is rebuilt. */
    private String fingerprint() {
        StringBuilder all = new StringBuilder();
        for (Cube cube : model.cubes()) {
            for (Rollup rollup : cube.rollups()) {
                all.append(tableName(cube, rollup)).append('=').append(compiler.compileUnpaged(definition(cube, rollup)).sql()).append('\n');
            }
        }
        return Integer.toHexString(all.toString().hashCode()) + ":" + all.length();
    }

    private static CubeQuery definition(Cube cube, Rollup rollup) {
        List<MemberRef> measures = storedMeasures(cube, rollup).stream().map(m -> new MemberRef(cube, m, null)).toList();
        List<MemberRef> dimensions = new ArrayList<>();
        for (String name : rollup.dimensions()) {
            Dimension dimension = cube.dimension(name).orElseThrow();
            dimensions.add(new MemberRef(cube, null, dimension));
        }
        List<TimeDimensionQuery> time = rollup.timeDimension() == null ? List.of()
                : List.of(new TimeDimensionQuery(new MemberRef(cube, null, cube.dimension(rollup.timeDimension()).orElseThrow()),
                rollup.granularity(), null));
        return new CubeQuery(cube, measures, dimensions, time, null, List.of(), Integer.MAX_VALUE, 0, false, null, null,
                CubeQuery.Totals.NONE);
    }
}
