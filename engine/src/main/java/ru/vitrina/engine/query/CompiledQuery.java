package ru.vitrina.engine.query;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** DuckDB SQL for a query, its parameters in order, and the columns it returns. */
public record CompiledQuery(String sql, List<Object> parameters, List<ResultColumn> columns) {
    public CompiledQuery {
        requireNonNull(sql, "sql");
        parameters = List.copyOf(parameters);
        columns = List.copyOf(columns);
    }
}
