package ru.vitrina.cubes.model;

import static java.util.Objects.requireNonNull;

/**
 * A table joined to the cube's rows. Only {@code many_to_one} joins are allowed, so a join never multiplies rows
 * and every measure keeps its meaning; the compiler adds a join only when a member used by the query refers to it.
 */
public record Join(String name, String sqlTable, String sql, String relationship) {
    public Join {
        requireNonNull(name, "name");
        requireNonNull(sqlTable, "sqlTable");
        requireNonNull(sql, "sql");
    }
}
