package ru.vitrina.engine.store;

import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * The tables one publication wrote, as its work declares them, so that only what reads them is derived again
 * (rollups, open data sets). A publication that cannot say counts as having written {@link #everything()}. A table
 * may be declared written in some months only ({@link #partitions}), so that a rollup by time is rebuilt for those.
 *
 * @param all        whether the publication may have written any table
 * @param schemas    schemas every table of which may have been written
 * @param tables     qualified names ({@code schema.table}), lower case, of tables written anywhere
 * @param partitions qualified names of tables written in some months only, none of them in {@code tables}
 */
public record Written(boolean all, Set<String> schemas, Set<String> tables, Map<String, Months> partitions) {
    public Written {
        schemas = Set.copyOf(schemas);
        tables = Set.copyOf(tables);
        partitions = Map.copyOf(partitions);
        if (partitions.keySet().stream().anyMatch(tables::contains)) {
            throw new IllegalArgumentException("a table written whole and in months: " + partitions.keySet());
        }
    }

    /**
     * The months of one table that a publication changed: only rows whose {@code column} lies in one of them, before
     * or after the change, were inserted, updated or deleted.
     *
     * @param column lower case
     * @param months first days of the months
     */
    public record Months(String column, Set<LocalDate> months) {
        public Months {
            column = column.replace("\"", "").toLowerCase(Locale.ROOT);
            months = months.stream().map(day -> day.withDayOfMonth(1)).collect(Collectors.toUnmodifiableSet());
        }
    }

    /** The safe default: everything derived is derived again. */
    public static Written everything() {
        return new Written(true, Set.of(), Set.of(), Map.of());
    }

    /** @param tables qualified names; a name without a schema is in DuckDB's {@code main} */
    public static Written tables(Collection<String> tables) {
        Set<String> names = new HashSet<>();
        tables.forEach(table -> names.add(qualified(table)));
        return new Written(false, Set.of(), names, Map.of());
    }

    public static Written schemas(String... schemas) {
        Set<String> names = new HashSet<>();
        for (String schema : schemas) {
            names.add(schema.toLowerCase(Locale.ROOT));
        }
        return new Written(false, names, Set.of(), Map.of());
    }

    /** In {@code table} only rows whose {@code dateColumn} lies in {@code months} changed (before or after the change). */
    public static Written partitions(String table, String dateColumn, Set<LocalDate> months) {
        return new Written(false, Set.of(), Set.of(), Map.of(qualified(table), new Months(dateColumn, months)));
    }

    /** Both publications' writes: a table declared by months on one side only, or by another column, is written whole. */
    public Written and(Written other) {
        requireNonNull(other, "other");
        if (all || other.all) {
            return everything();
        }
        Set<String> allSchemas = new HashSet<>(schemas);
        allSchemas.addAll(other.schemas);
        Set<String> allTables = new HashSet<>(tables);
        allTables.addAll(other.tables);
        Map<String, Months> allPartitions = new HashMap<>();
        Set<String> byMonths = new HashSet<>(partitions.keySet());
        byMonths.addAll(other.partitions.keySet());
        for (String table : byMonths) {
            Optional<Months> merged = merge(partitions.get(table), other.partitions.get(table));
            if (merged.isEmpty() || allTables.contains(table)) {
                allTables.add(table);
            } else {
                allPartitions.put(table, merged.get());
            }
        }
        return new Written(false, allSchemas, allTables, allPartitions);
    }

    /** The months of both, when both name the same column (or one names none); empty when they name two. */
    private static Optional<Months> merge(Months mine, Months theirs) {
        if (mine == null || theirs == null) {
            return Optional.of(mine == null ? theirs : mine);
        }
        if (!mine.column().equals(theirs.column())) {
            return Optional.empty();
        }
        Set<LocalDate> months = new HashSet<>(mine.months());
        months.addAll(theirs.months());
        return Optional.of(new Months(mine.column(), months));
    }

    /**
     * Whether a statement that reads {@code read} may answer differently after this publication; a table written in
     * no month had no row changed.
     */
    public boolean changes(TablesRead read) {
        requireNonNull(read, "read");
        if (all || !read.known()) {
            return true;
        }
        for (String table : read.tables()) {
            if (tables.contains(table) || schemas.contains(table.substring(0, table.indexOf('.')))
                    || partitions.containsKey(table) && !partitions.get(table).months().isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The months in which alone {@code table} changed; empty when it may have changed anywhere, or not at all (ask
     * {@link #changes}).
     */
    public Optional<Months> monthsOf(String table) {
        String name = qualified(table);
        if (all || schemas.contains(name.substring(0, name.indexOf('.')))) {
            return Optional.empty();
        }
        return Optional.ofNullable(partitions.get(name));
    }

    /** DuckDB's identifiers are case-insensitive; an unqualified name is in schema {@code main}. */
    public static String qualified(String table) {
        String name = table.replace("\"", "").toLowerCase(Locale.ROOT);
        return name.indexOf('.') < 0 ? "main." + name : name;
    }
}
