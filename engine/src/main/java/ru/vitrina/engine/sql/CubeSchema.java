package ru.vitrina.engine.sql;

import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;
import ru.vitrina.engine.store.Store;
import ru.vitrina.engine.store.StoreException;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * What Calcite may see: the cube views of DuckDB's schema {@value CubeViews#SCHEMA} and nothing else, as tables
 * whose columns and types are read once from DuckDB's catalog. The tables only describe rows; Calcite never reads
 * them (queries are translated to DuckDB SQL) and cannot write them (they are not modifiable).
 */
public final class CubeSchema {
    private static final Pattern DECIMAL = Pattern.compile("(?:DECIMAL|NUMERIC)\\((\\d+),\\s*(\\d+)\\)");

    private final JavaTypeFactory typeFactory = new Utf8TypeFactory();
    private final Map<String, CubeTable> tables;
    private final CalciteSchema root;

    private CubeSchema(Map<String, CubeTable> tables) {
        this.tables = Map.copyOf(tables);
        this.root = CalciteSchema.createRootSchema(false, false);
        root.add(CubeViews.SCHEMA, new Schema(this.tables));
    }

    /** Reads the views of schema {@code cubes} (create them first with {@link CubeViews#create(Store)}). */
    public static CubeSchema read(Store store) {
        requireNonNull(store, "store");
        Map<String, List<ColumnType>> columns = new LinkedHashMap<>();
        try (Connection connection = store.connect();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT table_name, column_name, data_type FROM information_schema.columns"
                             + " WHERE table_schema = ? AND table_catalog = current_database()"
                             + " ORDER BY table_name, ordinal_position")) {
            statement.setString(1, CubeViews.SCHEMA);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    columns.computeIfAbsent(rows.getString(1), t -> new ArrayList<>())
                            .add(new ColumnType(rows.getString(2), rows.getString(3)));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("Cannot read the cube views of " + store.location() + ": " + e.getMessage(), e);
        }
        Map<String, CubeTable> tables = new LinkedHashMap<>();
        columns.forEach((table, types) -> tables.put(table, new CubeTable(types)));
        return new CubeSchema(tables);
    }

    /** Root of the Calcite catalog: one sub-schema, {@code cubes}. */
    CalciteSchema root() {
        return root;
    }

    JavaTypeFactory typeFactory() {
        return typeFactory;
    }

    /** Names of the cube tables, as DuckDB spells them. */
    public List<String> tableNames() {
        return tables.keySet().stream().sorted().toList();
    }

    private static final class Schema extends AbstractSchema {
        private final Map<String, Table> tables;

        Schema(Map<String, CubeTable> tables) {
            this.tables = Map.copyOf(tables);
        }

        @Override
        protected Map<String, Table> getTableMap() {
            return tables;
        }
    }

    /** A view's row type; the type factory asks for it on every query, so it is built from values read once. */
    private static final class CubeTable extends AbstractTable {
        private final List<ColumnType> columns;

        CubeTable(List<ColumnType> columns) {
            this.columns = List.copyOf(columns);
        }

        @Override
        public RelDataType getRowType(RelDataTypeFactory factory) {
            RelDataTypeFactory.Builder builder = factory.builder();
            for (ColumnType column : columns) {
                builder.add(column.name(), factory.createTypeWithNullability(calciteType(factory, column.duckDbType()), true));
            }
            return builder.build();
        }
    }

    private record ColumnType(String name, String duckDbType) {
    }

    /** DuckDB's type names (information_schema.columns.data_type) as Calcite types; strings have no length limit. */
    static RelDataType calciteType(RelDataTypeFactory factory, String duckDbType) {
        String type = duckDbType.toUpperCase(Locale.ROOT).trim();
        Matcher decimal = DECIMAL.matcher(type);
        if (decimal.matches()) {
            return factory.createSqlType(SqlTypeName.DECIMAL, Integer.parseInt(decimal.group(1)), Integer.parseInt(decimal.group(2)));
        }
        return switch (type) {
            case "VARCHAR", "TEXT", "STRING", "CHAR", "BPCHAR", "UUID" -> factory.createSqlType(SqlTypeName.VARCHAR);
            case "BOOLEAN", "BOOL" -> factory.createSqlType(SqlTypeName.BOOLEAN);
            case "TINYINT" -> factory.createSqlType(SqlTypeName.TINYINT);
            case "SMALLINT", "UTINYINT" -> factory.createSqlType(SqlTypeName.SMALLINT);
            case "INTEGER", "INT", "USMALLINT" -> factory.createSqlType(SqlTypeName.INTEGER);
            case "BIGINT", "UINTEGER" -> factory.createSqlType(SqlTypeName.BIGINT);
            case "HUGEINT", "UHUGEINT", "UBIGINT" -> factory.createSqlType(SqlTypeName.DECIMAL, 38, 0);
            case "FLOAT", "REAL" -> factory.createSqlType(SqlTypeName.REAL);
            case "DOUBLE" -> factory.createSqlType(SqlTypeName.DOUBLE);
            case "DATE" -> factory.createSqlType(SqlTypeName.DATE);
            case "TIME" -> factory.createSqlType(SqlTypeName.TIME);
            case "TIMESTAMP", "DATETIME", "TIMESTAMP_MS", "TIMESTAMP_NS", "TIMESTAMP_S" -> factory.createSqlType(SqlTypeName.TIMESTAMP, 3);
            case "TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ" -> factory.createSqlType(SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE, 3);
            default -> factory.createSqlType(SqlTypeName.ANY);
        };
    }

    /**
     * Calcite's default character set is ISO-8859-1, in which Cyrillic literals cannot even be written; this
     * factory makes UTF-8 the default for this catalog only, without Calcite's JVM-wide system property.
     */
    static final class Utf8TypeFactory extends JavaTypeFactoryImpl {
        Utf8TypeFactory() {
            super(VitrinaDuckDbDialect.INSTANCE.getTypeSystem());
        }

        @Override
        public Charset getDefaultCharset() {
            return StandardCharsets.UTF_8;
        }
    }
}
