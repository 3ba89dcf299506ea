package ru.vitrina.engine.sql;

import ru.vitrina.cubes.model.Cube;
import ru.vitrina.cubes.model.CubeModel;
import ru.vitrina.cubes.model.Dimension;
import ru.vitrina.cubes.model.Join;
import ru.vitrina.cubes.model.Measure;
import ru.vitrina.cubes.model.MeasureType;
import ru.vitrina.cubes.model.SqlTemplate;
import ru.vitrina.engine.store.Store;
import ru.vitrina.engine.store.StoreException;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * The cubes as flat DuckDB views for SQL users, one per cube in schema {@value #SCHEMA}: every public dimension
 * is a column, and so is the row value of every public measure that is an aggregate of a row value. Aggregating
 * such a column the way the measure does ({@link #sqlUsage(Measure)}) gives exactly the JSON API's number:
 * both expand the same cube definitions over the same joins.
 *
 * <p>Plain counts and {@code number} measures are no columns: SQL users write {@code COUNT(*)} and their own
 * ratios. Joins are all many-to-one (checked when cubes are read), so joining every one of them in the view
 * never multiplies rows.
 */
public final class CubeViews {
    public static final String SCHEMA = "cubes";
    private static final String CUBE_ALIAS = "\"c\"";

    private final CubeModel model;
    private final Map<String, List<ViewColumn>> columns;

    public CubeViews(CubeModel model) {
        this.model = requireNonNull(model, "model");
        this.columns = model.cubes().stream().collect(Collectors.toUnmodifiableMap(Cube::name, CubeViews::columnsOf));
    }

    public CubeModel model() {
        return model;
    }

    /** Columns of the cube's view, dimensions first, in the order of the cube file. */
    public List<ViewColumn> columns(Cube cube) {
        return columns.getOrDefault(cube.name(), List.of());
    }

    /** The view column {@code cube.column}; names compare without case, as SQL identifiers do. */
    public Optional<ViewColumn> column(String cube, String column) {
        return columns.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(cube))
                .flatMap(e -> e.getValue().stream())
                .filter(c -> c.name().equalsIgnoreCase(column))
                .findFirst();
    }

    /** Whether the measure is a column of its cube's view (an aggregate of a row value). */
    public static boolean isSqlColumn(Measure measure) {
        return switch (measure.type()) {
            case SUM, AVG, MIN, MAX, COUNT_DISTINCT -> measure.sql() != null;
            case COUNT -> measure.filter() != null;
            case NUMBER -> false;
        };
    }

    /**
     * How a SQL user gets the measure over the cube view, for /api/v1/meta: {@code SUM(fact)},
     * {@code COUNT(DISTINCT documents)}, {@code COUNT(smb_contracts)}, {@code COUNT(*)}; empty for number measures,
     * which SQL users compute from the other columns themselves.
     */
    public static Optional<String> sqlUsage(Measure measure) {
        String name = measure.name();
        return switch (measure.type()) {
            case SUM -> Optional.of("SUM(" + name + ")");
            case AVG -> Optional.of("AVG(" + name + ")");
            case MIN -> Optional.of("MIN(" + name + ")");
            case MAX -> Optional.of("MAX(" + name + ")");
            case COUNT_DISTINCT -> Optional.of("COUNT(DISTINCT " + name + ")");
            case COUNT -> Optional.of(measure.filter() == null ? "COUNT(*)" : "COUNT(" + name + ")");
            case NUMBER -> Optional.empty();
        };
    }

    /** {@code CREATE OR REPLACE VIEW cubes.<cube> AS SELECT ... FROM <table> AS "c" LEFT JOIN ...}. */
    public String viewSql(Cube cube) {
        List<ViewColumn> viewColumns = columns(cube);
        if (viewColumns.isEmpty()) {
            throw new IllegalArgumentException("cube " + cube.name() + " has no public dimension or measure column");
        }
        String select = viewColumns.stream().map(c -> c.expression() + " AS " + quote(c.name())).collect(Collectors.joining(", "));
        return "CREATE OR REPLACE VIEW " + SCHEMA + "." + quote(cube.name()) + " AS SELECT " + select
                + " FROM " + cube.fromSql() + " AS " + CUBE_ALIAS + joins(cube);
    }

    /** Creates or replaces every cube view and drops views of cubes that are gone, in one transaction. */
    public void create(Store store) {
        try (Connection connection = store.connect(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            try {
                statement.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
                for (String stale : existingViews(connection)) {
                    if (model.cube(stale).isEmpty()) {
                        statement.execute("DROP VIEW " + SCHEMA + "." + quote(stale));
                    }
                }
                for (Cube cube : model.cubes()) {
                    if (!columns(cube).isEmpty()) {
                        statement.execute(viewSql(cube));
                    }
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("Cannot create the cube views in " + store.location() + ": " + e.getMessage(), e);
        }
    }

    private static List<String> existingViews(Connection connection) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT view_name FROM duckdb_views() WHERE schema_name = '" + SCHEMA
                     + "' AND database_name = current_database() AND NOT internal")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    private static List<ViewColumn> columnsOf(Cube cube) {
        List<ViewColumn> result = new ArrayList<>();
        for (Dimension dimension : cube.dimensions()) {
            if (dimension.isPublic()) {
                result.add(new ViewColumn(cube.name(), dimension.name(), dimension, null, expand(dimension.sql())));
            }
        }
        for (Measure measure : cube.measures()) {
            if (measure.isPublic() && isSqlColumn(measure)) {
                result.add(new ViewColumn(cube.name(), measure.name(), null, measure, measureExpression(measure)));
            }
        }
        return List.copyOf(result);
    }

    /** The row value the measure aggregates; a filtered measure is null on rows its filter leaves out. */
    private static String measureExpression(Measure measure) {
        String value = measure.type() == MeasureType.COUNT ? "1" : expand(measure.sql());
        return measure.filter() == null ? value : "CASE WHEN " + expand(measure.filter()) + " THEN " + value + " END";
    }

    /** Every join, each after the joins its own condition refers to. */
    private static String joins(Cube cube) {
        StringBuilder sql = new StringBuilder();
        Set<String> done = new LinkedHashSet<>();
        while (done.size() < cube.joins().size()) {
            int before = done.size();
            for (Join join : cube.joins()) {
                Set<String> needs = new LinkedHashSet<>(SqlTemplate.references(join.sql()));
                needs.remove(SqlTemplate.CUBE);
                needs.remove(join.name());
                if (!done.contains(join.name()) && done.containsAll(needs)) {
                    sql.append(" LEFT JOIN ").append(join.sqlTable()).append(" AS ").append(joinAlias(join.name()))
                            .append(" ON ").append(expand(join.sql()));
                    done.add(join.name());
                }
            }
            if (done.size() == before) {
                throw new IllegalArgumentException("cube " + cube.name() + ": the join conditions refer to each other in a circle");
            }
        }
        return sql.toString();
    }

    /** The same expansion as the JSON API's compiler: {@code {CUBE}} is the cube's row, {@code {join}} a join. */
    private static String expand(String template) {
        Function<String, String> replacement = reference -> reference.equals(SqlTemplate.CUBE) ? CUBE_ALIAS : joinAlias(reference);
        return SqlTemplate.substitute(template, replacement);
    }

    private static String joinAlias(String join) {
        return "\"j_" + join + "\"";
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
