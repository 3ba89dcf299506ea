package ru.vitrina.engine.rollup;

import ru.vitrina.cubes.model.Cube;
import ru.vitrina.cubes.model.CubeModel;
import ru.vitrina.cubes.model.Dimension;
import ru.vitrina.cubes.model.Granularity;
import ru.vitrina.cubes.model.Measure;
import ru.vitrina.cubes.model.MeasureType;
import ru.vitrina.cubes.model.Rollup;
import ru.vitrina.cubes.model.SqlTemplate;
import ru.vitrina.engine.query.CompiledQuery;
import ru.vitrina.engine.query.CubeQuery;
import ru.vitrina.engine.query.DateRange;
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
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

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
            if (version.isPresent() && !builtFor(connection, version.get().version(), fingerprint())) {
                rebuild(connection, version.get(), Written.everything());
            }
            connection.commit();
        } catch (SQLException e) {
            throw new StoreException("Cannot build the rollups: " + e.getMessage(), e);
        }
    }

    /** Whether the rollups hold the rows of {@code version}, built from the same definitions. */
    private static boolean builtFor(Connection connection, long version, String fingerprint) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
            statement.execute("CREATE TABLE IF NOT EXISTS " + STATE + " (version BIGINT, definitions VARCHAR)");
        }
        try (PreparedStatement check = connection.prepareStatement("SELECT count(*) FROM " + STATE + " WHERE version = ? AND definitions = ?")) {
            check.setLong(1, version);
            check.setString(2, fingerprint);
            try (ResultSet rows = check.executeQuery()) {
                rows.next();
                return rows.getLong(1) > 0;
            }
        }
    }

    /**
     * Brings up to date, with the rows of {@code version}, every rollup that reads a table the publication wrote (its
     * cube's table, a joined table, a table of the cube's query); run inside the transaction that publishes it. The
     * others hold the same rows as before, so they stay. A rollup whose time buckets the written months name exactly
     * has those buckets recomputed only ({@link #touchedBuckets}); any other is rebuilt from the whole table.
     */
    public void rebuild(Connection transaction, DataVersion version, Written written) throws SQLException {
        String fingerprint = fingerprint();
        // Recomputing the changed buckets makes the rollups current only if they held the version this publication
        // follows, from the same definitions: a store written by a process that does not derive, or cube files edited
        // since, need the whole rebuild. Versions are numbered one after another.
        boolean builtForPrevious = builtFor(transaction, version.version() - 1, fingerprint);
        try (Statement statement = transaction.createStatement()) {
            statement.execute("CREATE OR REPLACE TABLE " + STATE + " (version BIGINT, definitions VARCHAR)");
        }
        for (Cube cube : model.cubes()) {
            for (Rollup rollup : cube.rollups()) {
                String body = compiler.compileUnpaged(definition(cube, rollup, null)).sql();
                TablesRead read = TablesRead.of(transaction, body);
                if (!written.changes(read)) {
                    continue;
                }
                Optional<List<DateRange>> touched = builtForPrevious && exists(transaction, cube, rollup)
                        ? touchedBuckets(cube, rollup, read, written) : Optional.empty();
                if (touched.isPresent()) {
                    rebuildBuckets(transaction, cube, rollup, touched.get());
                } else {
                    try (PreparedStatement create = transaction.prepareStatement("CREATE OR REPLACE TABLE " + tableName(cube, rollup) + " AS " + body)) {
                        create.execute();
                    }
                }
            }
        }
        try (PreparedStatement state = transaction.prepareStatement("INSERT INTO " + STATE + " VALUES (?, ?)")) {
            state.setLong(1, version.version());
            state.setString(2, fingerprint);
            state.execute();
        }
    }

    private static boolean exists(Connection transaction, Cube cube, Rollup rollup) throws SQLException {
        try (PreparedStatement check = transaction.prepareStatement(
                "SELECT count(*) FROM duckdb_tables() WHERE schema_name = ? AND table_name = ?")) {
            check.setString(1, SCHEMA);
            check.setString(2, cube.name() + "__" + rollup.name());
            try (ResultSet rows = check.executeQuery()) {
                rows.next();
                return rows.getLong(1) > 0;
            }
        }
    }

    /**
     * The spans of the rollup's time buckets that hold every row the publication changed, merged where they meet;
     * empty when they cannot be told: the rollup has no time buckets, its time dimension is not the plain column
     * the publication declared its months by on the cube's own table, or another table the rollup reads was written.
     * A bucket is recomputed whole, so a month changed makes its quarter, year or the weeks across it be.
     */
    private static Optional<List<DateRange>> touchedBuckets(Cube cube, Rollup rollup, TablesRead read, Written written) {
        Granularity granularity = rollup.granularity();
        if (rollup.timeDimension() == null || granularity == null || cube.sqlTable() == null) {
            return Optional.empty();
        }
        Optional<Written.Months> changed = written.monthsOf(cube.sqlTable());
        String time = cube.dimension(rollup.timeDimension()).orElseThrow().sql().replace("\"", "").trim();
        if (changed.isEmpty() || !time.equalsIgnoreCase(changed.get().column())) {
            return Optional.empty();
        }
        Set<String> others = new HashSet<>(read.tables());
        others.remove(Written.qualified(cube.sqlTable()));
        if (written.changes(new TablesRead(true, others))) {
            return Optional.empty();
        }
        List<DateRange> spans = new ArrayList<>();
        for (LocalDate month : new TreeSet<>(changed.get().months())) {
            LocalDateTime from = granularity.start(month).atStartOfDay();
            LocalDateTime to = granularity.start(month.plusMonths(1).minusDays(1)).plus(granularity.length()).atStartOfDay();
            DateRange last = spans.isEmpty() ? null : spans.get(spans.size() - 1);
            if (last != null && !from.isAfter(last.toExclusive())) {
                spans.set(spans.size() - 1, new DateRange(last.from(), to.isAfter(last.toExclusive()) ? to : last.toExclusive()));
            } else {
                spans.add(new DateRange(from, to));
            }
        }
        return Optional.of(spans);
    }

    /** Deletes the rows of each span's buckets and inserts them again from the base rows of that span. */
    private void rebuildBuckets(Connection transaction, Cube cube, Rollup rollup, List<DateRange> spans) throws SQLException {
        TimeDimensionQuery bucket = definition(cube, rollup, null).timeDimensions().get(0);
        for (DateRange span : spans) {
            try (PreparedStatement delete = transaction.prepareStatement("DELETE FROM " + tableName(cube, rollup)
                    + " WHERE \"" + bucket.key() + "\" >= ? AND \"" + bucket.key() + "\" < ?")) {
                delete.setObject(1, span.from());
                delete.setObject(2, span.toExclusive());
                delete.executeUpdate();
            }
            CompiledQuery rows = compiler.compileUnpaged(definition(cube, rollup, span));
            try (PreparedStatement insert = transaction.prepareStatement("INSERT INTO " + tableName(cube, rollup) + " " + rows.sql())) {
                for (int i = 0; i < rows.parameters().size(); i++) {
                    insert.setObject(i + 1, rows.parameters().get(i));
                }
                insert.executeUpdate();
            }
        }
    }

    /** The SQL of every rollup: when a cube file changes a rollup, its fingerprint changes and the rollup is rebuilt. */
    private String fingerprint() {
        StringBuilder all = new StringBuilder();
        for (Cube cube : model.cubes()) {
            for (Rollup rollup : cube.rollups()) {
                all.append(tableName(cube, rollup)).append('=').append(compiler.compileUnpaged(definition(cube, rollup, null)).sql()).append('\n');
            }
        }
        return Integer.toHexString(all.toString().hashCode()) + ":" + all.length();
    }

    /** The rows of a rollup, all of them or those of the buckets in {@code span}: one definition for both builds. */
    private static CubeQuery definition(Cube cube, Rollup rollup, DateRange span) {
        List<MemberRef> measures = storedMeasures(cube, rollup).stream().map(m -> new MemberRef(cube, m, null)).toList();
        List<MemberRef> dimensions = new ArrayList<>();
        for (String name : rollup.dimensions()) {
            Dimension dimension = cube.dimension(name).orElseThrow();
            dimensions.add(new MemberRef(cube, null, dimension));
        }
        List<TimeDimensionQuery> time = rollup.timeDimension() == null ? List.of()
                : List.of(new TimeDimensionQuery(new MemberRef(cube, null, cube.dimension(rollup.timeDimension()).orElseThrow()),
                rollup.granularity(), span));
        return new CubeQuery(cube, measures, dimensions, time, null, List.of(), Integer.MAX_VALUE, 0, false, null, null,
                CubeQuery.Totals.NONE);
    }
}
