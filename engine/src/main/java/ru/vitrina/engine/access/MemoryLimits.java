package ru.vitrina.engine.access;

import ru.vitrina.engine.store.Store;
import ru.vitrina.engine.store.StoreException;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * How much native memory and temporary disk DuckDB may use. DuckDB has no limit per query: {@code memory_limit} and
 * {@code max_temp_directory_size} hold for the whole database, every query together. What bounds one query is
 * therefore the rest of the sandbox — the row caps written into its SQL, the statement timeout, the per-user cap on
 * running queries and the analytical lane — with these two as the ceiling. A query that would cross the ceiling fails
 * alone instead of taking the process or the other queries down; DuckDB's driver reports such a failure of a streamed
 * result only as "Invalid result set", so it is answered as a store error, not yet with a message of its own.
 *
 * @param memory the DuckDB memory limit (e.g. {@code 4GB}); null keeps DuckDB's default, 80 % of the machine's memory
 * @param spill  the most temporary disk DuckDB may spill to (e.g. {@code 20GB}); null keeps DuckDB's default
 */
public record MemoryLimits(String memory, String spill) {
    public static final MemoryLimits DEFAULTS = new MemoryLimits(null, null);
    /** DuckDB's size syntax only: the values are written into a SET statement. */
    private static final Pattern SIZE = Pattern.compile("[0-9]{1,9}(\\.[0-9]{1,3})? ?(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)");

    public MemoryLimits {
        check("security.memory_limit", memory);
        check("security.spill_limit", spill);
    }

    private static void check(String setting, String value) {
        if (value != null && !SIZE.matcher(value).matches()) {
            throw new IllegalArgumentException(setting + " must be a size such as 4GB or 512MB, got '" + value + "'");
        }
    }

    /** Sets the limits on the store's database (they hold for every connection to it). */
    public void apply(Store store) {
        try (Connection connection = store.connect(); Statement statement = connection.createStatement()) {
            if (memory != null) {
                statement.execute("SET GLOBAL memory_limit = '" + memory + "'");
            }
            if (spill != null) {
                statement.execute("SET GLOBAL max_temp_directory_size = '" + spill + "'");
            }
        } catch (SQLException e) {
            throw new StoreException("Cannot set DuckDB's memory limits: " + e.getMessage(), e);
        }
    }
}
