package ru.vitrina.api.bench;

import com.fasterxml.jackson.databind.JsonNode;

import static java.util.Objects.requireNonNull;

/** A query shape of the benchmark: the cube query and the same question in raw DuckDB SQL. */
record Shape(String name, JsonNode query, String sql) {
    Shape {
        requireNonNull(name, "name");
        requireNonNull(query, "query");
        requireNonNull(sql, "sql");
    }
}
