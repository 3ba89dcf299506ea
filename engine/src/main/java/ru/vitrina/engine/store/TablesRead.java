package ru.vitrina.engine.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;

/**
 * The tables one SQL statement reads, as DuckDB's own parser sees them ({@code json_serialize_sql}): FROM clauses,
 * joins and subqueries anywhere, so a cube whose rows come from a query or whose member holds a subquery is covered
 * without Vitrina parsing SQL. Not {@link #known()} when the statement reads through a table function (a file, say)
 * or a view, or does not parse: whatever a publication wrote may then change it.
 *
 * @param tables qualified names ({@code schema.table}), lower case; a CTE's name shows up as a table of {@code main}
 */
public record TablesRead(boolean known, Set<String> tables) {
    public TablesRead {
        tables = Set.copyOf(tables);
    }

    public static TablesRead of(Connection connection, String sql) throws SQLException {
        String tree;
        try (PreparedStatement serialize = connection.prepareStatement("SELECT json_serialize_sql(?)")) {
            serialize.setString(1, sql);
            try (ResultSet rows = serialize.executeQuery()) {
                rows.next();
                tree = rows.getString(1);
            }
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(tree);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return new TablesRead(false, Set.of());
        }
        if (root.path("error").asBoolean(true)) {
            return new TablesRead(false, Set.of());
        }
        Set<String> tables = new HashSet<>();
        if (!collect(root, tables) || readsAView(connection, tables)) {
            return new TablesRead(false, Set.of());
        }
        return new TablesRead(true, tables);
    }

    /** A view's name is not the tables under it, which are what publications declare. */
    private static boolean readsAView(Connection connection, Set<String> tables) throws SQLException {
        try (PreparedStatement views = connection.prepareStatement("SELECT schema_name, view_name FROM duckdb_views() WHERE NOT internal");
             ResultSet rows = views.executeQuery()) {
            while (rows.next()) {
                if (tables.contains(Written.qualified(rows.getString(1) + "." + rows.getString(2)))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** @return false when a node reads something other than a table */
    private static boolean collect(JsonNode node, Set<String> tables) {
        String type = node.path("type").asText("");
        if (type.equals("TABLE_FUNCTION")) {
            return false;
        }
        if (type.equals("BASE_TABLE")) {
            String schema = node.path("schema_name").asText("");
            tables.add(Written.qualified(schema.isEmpty() ? node.path("table_name").asText() : schema + "." + node.path("table_name").asText()));
        }
        for (JsonNode child : node) {
            if (child.isContainerNode() && !collect(child, tables)) {
                return false;
            }
        }
        return true;
    }
}
