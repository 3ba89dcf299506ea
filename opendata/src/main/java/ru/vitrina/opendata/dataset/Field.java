package ru.vitrina.opendata.dataset;

import ru.vitrina.engine.query.ColumnType;
import ru.vitrina.engine.query.ResultColumn;

import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * One column of a published data set: a machine name (Latin, as the structure file wants), Russian and English
 * descriptions, and a type. Taken from the cube member it shows, so it reads as the dashboards do.
 *
 * @param scale digits after the decimal point of a NUMBER field (0 for the other types)
 */
public record Field(String name, String titleRu, String titleEn, FieldType type, int scale) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

    public Field {
        requireNonNull(name, "name");
        requireNonNull(titleRu, "titleRu");
        requireNonNull(titleEn, "titleEn");
        requireNonNull(type, "type");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("field name must be lower-case Latin, digits and _: " + name);
        }
    }

    /** {@code budget.operation_date.month} → {@code operation_date_month}; the cube's name is the data set's. */
    public static Field of(ResultColumn column) {
        String key = column.key();
        String name = key.substring(key.indexOf('.') + 1).replace('.', '_');
        return new Field(name, column.title(), column.titleEn() == null ? column.title() : column.titleEn(), type(column), 0);
    }

    private static FieldType type(ResultColumn column) {
        if (column.type() == ColumnType.TIME) {
            return FieldType.DATE;
        }
        if (column.type() == ColumnType.BOOLEAN) {
            return FieldType.BOOLEAN;
        }
        if (column.type() == ColumnType.STRING) {
            return FieldType.STRING;
        }
        return "integer".equals(column.format()) ? FieldType.INTEGER : FieldType.NUMBER;
    }

    public Field withScale(int newScale) {
        return new Field(name, titleRu, titleEn, type, newScale);
    }

    /** The DuckDB type of the column in the stored Parquet file. */
    public String duckDbType() {
        return type == FieldType.NUMBER ? "DECIMAL(38," + scale + ")" : type.duckDb();
    }
}
