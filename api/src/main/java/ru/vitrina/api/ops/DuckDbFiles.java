package ru.vitrina.api.ops;

import org.duckdb.DuckDBDriver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;

import static java.util.Objects.requireNonNull;

/**
 * Opens a DuckDB file outside {@link ru.vitrina.engine.store.Store} for the offline tools (backup of a stopped
 * server, restore), and turns DuckDB's lock and permission errors into messages an operator can act on.
 */
final class DuckDbFiles {
    private DuckDbFiles() {
    }

    /** A read-only connection: backing up a stopped server must never change its file. */
    static Connection openReadOnly(Path file) {
        requireNonNull(file, "file");
        if (!Files.exists(file)) {
            throw new OpsException("Нет файла хранилища " + file + " / the store file " + file + " does not exist");
        }
        Properties properties = closedNetwork();
        properties.setProperty(DuckDBDriver.DUCKDB_READONLY_PROPERTY, "true");
        return open(file, properties);
    }

    /** A read-write connection to a new or existing file. */
    static Connection openWritable(Path file) {
        return open(requireNonNull(file, "file"), closedNetwork());
    }

    private static Properties closedNetwork() {
        Properties properties = new Properties();
        // The same rule as the server: never download an extension on a closed network.
        properties.setProperty("autoinstall_known_extensions", "false");
        properties.setProperty("autoload_known_extensions", "true");
        return properties;
    }

    private static Connection open(Path file, Properties properties) {
        try {
            return DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath(), properties);
        } catch (SQLException e) {
            throw explain(file, e);
        }
    }

    /** DuckDB allows one process per file; say so, and what to do, instead of its raw "Could not set lock". */
    static OpsException explain(Path file, SQLException e) {
        String message = String.valueOf(e.getMessage());
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("lock")) {
            return new OpsException("Хранилище " + file + " занято другим процессом (работающим сервером?): остановите его "
                    + "или сделайте копию через POST /api/v1/admin/backup / the store " + file + " is locked by another "
                    + "process (a running server?): stop it, or back up through POST /api/v1/admin/backup. DuckDB: " + message, e);
        }
        if (lower.contains("permission") || lower.contains("read-only") || lower.contains("read only")) {
            return new OpsException("Нет прав на файл " + file + " / no permission on " + file + ": " + message, e);
        }
        return new OpsException("Не удалось открыть " + file + " / cannot open " + file + ": " + message, e);
    }

    /** A path inside a DuckDB string literal: single quotes doubled, nothing else is interpreted. */
    static String literal(Path path) {
        return "'" + path.toAbsolutePath().toString().replace("'", "''") + "'";
    }

    /** A table name as a DuckDB identifier, each part quoted. */
    static String identifier(String schema, String table) {
        return quote(schema) + "." + quote(table);
    }

    private static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
