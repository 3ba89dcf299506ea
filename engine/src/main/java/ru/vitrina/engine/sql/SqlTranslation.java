package ru.vitrina.engine.sql;

import ru.vitrina.engine.query.ResultColumn;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A user's SQL as DuckDB SQL over the cube views, written by Calcite.
 *
 * @param duckDbSql       the statement DuckDB runs; it names only tables of schema {@code cubes}
 * @param parameterOrder  for each {@code ?} of {@link #duckDbSql}, in order, the 0-based index of the user's
 *                        parameter it takes (Calcite may reorder or repeat them)
 * @param parameterTypes  SQL type names of the user's parameters, as Calcite inferred them
 * @param columns         the answer's columns, in order
 * @param rowCap          the LIMIT the statement carries, or 0 when it has none of ours
 */
public record SqlTranslation(String duckDbSql, List<Integer> parameterOrder, List<String> parameterTypes,
                             List<ResultColumn> columns, long rowCap) {
    public SqlTranslation {
        requireNonNull(duckDbSql, "duckDbSql");
        parameterOrder = List.copyOf(parameterOrder);
        parameterTypes = List.copyOf(parameterTypes);
        columns = List.copyOf(columns);
    }

    public int parameterCount() {
        return parameterTypes.size();
    }

    /** The user's parameter values in the order DuckDB's placeholders take them. */
    public List<Object> bind(List<?> userParameters) {
        if (userParameters.size() != parameterCount()) {
            throw ru.vitrina.engine.query.QueryException.badRequest(
                    "Запрос ждёт параметров: " + parameterCount() + ", передано: " + userParameters.size(),
                    "the query takes " + parameterCount() + " parameter(s), " + userParameters.size() + " given");
        }
        List<Object> bound = new ArrayList<>(parameterOrder.size());
        for (int index : parameterOrder) {
            bound.add(userParameters.get(index));
        }
        return bound;
    }
}
