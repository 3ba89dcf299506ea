package ru.vitrina.ingest.budget;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Where the regional budget-execution system lives: a PostgreSQL database and the schema holding its
 * {@code operation} table (see {@link BudgetSourceSimulator#DDL} for its shape).
 */
public record BudgetSource(String url, String user, String password, String schema) {
    public static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    public static final String DEFAULT_USER = "postgres";
    public static final String DEFAULT_SCHEMA = "budget_src";
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    public BudgetSource {
        requireNonNull(url, "url");
        requireNonNull(user, "user");
        password = password == null ? "" : password;
        requireNonNull(schema, "schema");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("Ожидается адрес jdbc:postgresql:… / a jdbc:postgresql: URL expected, not " + url);
        }
        // The schema is spliced into SQL text, so only a plain identifier is accepted.
        if (!IDENTIFIER.matcher(schema).matches()) {
            throw new IllegalArgumentException("Недопустимое имя схемы / invalid schema name: " + schema);
        }
    }

    /** The development and CI database: 127.0.0.1:5432, database test, trust authentication. */
    public static BudgetSource local(String schema) {
        return new BudgetSource(DEFAULT_URL, DEFAULT_USER, "", schema);
    }

    public Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        if (!password.isEmpty()) {
            properties.setProperty("password", password);
        }
        properties.setProperty("ApplicationName", "vitrina-ingest");
        return DriverManager.getConnection(url, properties);
    }

    /** The operations table, schema-qualified. */
    public String table() {
        return schema + ".operation";
    }

    /** How loads name this source in lineage and watermarks (never with the password). */
    public String describe() {
        int query = url.indexOf('?');
        return (query < 0 ? url : url.substring(0, query)) + " " + table();
    }
}
