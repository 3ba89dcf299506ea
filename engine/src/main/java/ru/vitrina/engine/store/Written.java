package ru.vitrina.engine.store;

import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The tables one publication wrote, as its work declares them, so that only what reads them is derived again
 * (rollups, open data sets). A publication that cannot say counts as having written {@link #everything()}.
 *
 * @param all     whether the publication may have written any table
 * @param schemas schemas every table of which may have been written
 * @param tables  qualified names ({@code schema.table}), lower case
 */
public record Written(boolean all, Set<String> schemas, Set<String> tables) {
    public Written {
        schemas = Set.copyOf(schemas);
        tables = Set.copyOf(tables);
    }

    /** The safe default: everything derived is derived again. */
    public static Written everything() {
        return new Written(true, Set.of(), Set.of());
    }

    /** @param tables qualified names; a name without a schema is in DuckDB's {@code main} */
    public static Written tables(Collection<String> tables) {
        Set<String> names = new HashSet<>();
        tables.forEach(table -> names.add(qualified(table)));
        return new Written(false, Set.of(), names);
    }

    public static Written schemas(String... schemas) {
        Set<String> names = new HashSet<>();
        for (String schema : schemas) {
            names.add(schema.toLowerCase(Locale.ROOT));
        }
        return new Written(false, names, Set.of());
    }

    public Written and(Written other) {
        requireNonNull(other, "other");
        if (all || other.all) {
            return everything();
        }
        Set<String> allSchemas = new HashSet<>(schemas);
        allSchemas.addAll(other.schemas);
        Set<String> allTables = new HashSet<>(tables);
        allTables.addAll(other.tables);
        return new Written(false, allSchemas, allTables);
    }

    /** Whether a statement that reads {@code read} may answer differently after this publication. */
    public boolean changes(TablesRead read) {
        requireNonNull(read, "read");
        if (all || !read.known()) {
            return true;
        }
        for (String table : read.tables()) {
            if (tables.contains(table) || schemas.contains(table.substring(0, table.indexOf('.')))) {
                return true;
            }
        }
        return false;
    }

    /** DuckDB's identifiers are case-insensitive; an unqualified name is in schema {@code main}. */
    static String qualified(String table) {
        String name = table.replace("\"", "").toLowerCase(Locale.ROOT);
        return name.indexOf('.') < 0 ? "main." + name : name;
    }
}
